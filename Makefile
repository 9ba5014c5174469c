# Hiwar's two commands: `make repl` and `make test`. Both install what is missing first.
SWIFT ?= swift
BOT ?= Intents
SOURCES = Sources Tests Benchmarks Examples Fuzz/Sources Package.swift Fuzz/Package.swift

.PHONY: all setup build test understanding docs lint format repl bench fuzz clean

all: build

## setup: install PCRE2's headers (libpcre2-dev) when they are missing.
setup:
	@bash scripts/setup.sh

## build: debug build of the library and the `hiwar` tool.
build: setup
	$(SWIFT) build

## test: build, run every test suite, then check formatting.
test: setup
	$(SWIFT) build --build-tests
	bash scripts/with_postgres.sh $(SWIFT) test
	"$$($(SWIFT) build --show-bin-path)/hiwar" validate --strict $(BOT)
	"$$($(SWIFT) build --show-bin-path)/hiwar" test --junit .build/conversation-tests.xml Tests/Conversations
	@$(MAKE) --no-print-directory understanding
	@$(MAKE) --no-print-directory docs
	python3 scripts/repl_json_client.py "$$($(SWIFT) build --show-bin-path)/hiwar"
	python3 scripts/check_schema.py "$$($(SWIFT) build --show-bin-path)/hiwar"
	python3 scripts/fuzz_repl_json.py "$$($(SWIFT) build --show-bin-path)/hiwar" 2000
	python3 scripts/openapi.py --check
	bash scripts/check_server_schema.sh "$$($(SWIFT) build --show-bin-path)/hiwar"
	@$(MAKE) --no-print-directory lint

## understanding: the understanding gates (hiwar eval) on the team's held-out sets and, when
## ../shared is there, on the development sets.
SHARED ?= ../shared/data
understanding:
	"$$($(SWIFT) build --show-bin-path)/hiwar" eval --bot $(BOT) --min 0.95 --junit .build/understanding-own.xml \
		Tests/Understanding/messages.jsonl Tests/Understanding/replies.jsonl
	@if [ -f "$(SHARED)/utterances.jsonl" ] && [ -f "$(SHARED)/replies.jsonl" ]; then \
		"$$($(SWIFT) build --show-bin-path)/hiwar" eval --bot $(BOT) --min 0.97 --junit .build/understanding-utterances.xml "$(SHARED)/utterances.jsonl" && \
		"$$($(SWIFT) build --show-bin-path)/hiwar" eval --bot $(BOT) --min 0.95 --junit .build/understanding-replies.xml "$(SHARED)/replies.jsonl"; \
	else \
		echo "understanding: $(SHARED) is not here; the development-set gates are skipped"; \
	fi

## docs: build the DocC archives of the Hiwar library and its front end, HiwarSyntax (no warnings allowed: no
## dangling links).
docs:
	$(SWIFT) package --disable-sandbox generate-documentation --target Hiwar --warnings-as-errors
	$(SWIFT) package --disable-sandbox generate-documentation --target HiwarSyntax --warnings-as-errors
	@echo "docs: .build/plugins/Swift-DocC/outputs/Hiwar.doccarchive, HiwarSyntax.doccarchive"

## lint: the pipeline's dependency rule (scripts/check_layers.py), the size of the public API (scripts/public_api.py,
## from the symbol graph), then swift-format in strict mode, with the checked-in .swift-format.
lint:
	@python3 scripts/check_layers.py --self-test
	@python3 scripts/check_layers.py
	@python3 scripts/public_api.py
	@if $(SWIFT) format --version >/dev/null 2>&1; then \
		$(SWIFT) format lint --strict --recursive $(SOURCES) && echo "lint: clean"; \
	else \
		echo "lint: swift format is not in this toolchain; skipped"; \
	fi

## format: rewrite the sources with swift-format.
format:
	$(SWIFT) format format --in-place --recursive $(SOURCES)

## repl: build and talk to the bot in ./Intents (BOT=dir for another; CLOCK=2026-01-05T09:00 to start
## the manual clock there instead of now).
CLOCK ?=
repl: setup
	$(SWIFT) build --product hiwar
	"$$($(SWIFT) build --show-bin-path)/hiwar" repl $(BOT) --actions Tests/Conversations/actions.json $(if $(CLOCK),--clock $(CLOCK))

## bench: release build of the benchmarks, then run them.
bench: setup
	$(SWIFT) build -c release --product hiwar-bench
	"$$($(SWIFT) build -c release --show-bin-path)/hiwar-bench"

## fuzz: libFuzzer under AddressSanitizer on bot files (the JSON reader and the compiler) and on
## messages (matching, card numbers, a turn), FUZZ_SECONDS each (default 60), from the checked-in
## corpora; then 20,000 hostile repl --json lines. New inputs go to .build/fuzz, not the repository.
## (Leak reports are off: Swift's globals read as leaks to LeakSanitizer; PCRE2Kit's tests check leaks.)
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = --sanitize fuzzer --sanitize address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
fuzz: setup
	cd Fuzz && $(SWIFT) build $(FUZZ_FLAGS)
	@mkdir -p .build/fuzz/compiler .build/fuzz/messages
	ASAN_OPTIONS=detect_leaks=0 Fuzz/.build/debug/FuzzCompiler -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		.build/fuzz/compiler Fuzz/Corpus/compiler Tests/HiwarTests/Fixtures/Diagnostics Tests/HiwarCLITests/Fixtures
	ASAN_OPTIONS=detect_leaks=0 HIWAR_BOT=Intents Fuzz/.build/debug/FuzzMessages -max_total_time=$(FUZZ_SECONDS) \
		-max_len=4096 .build/fuzz/messages Fuzz/Corpus/messages
	$(SWIFT) build --product hiwar
	python3 scripts/fuzz_repl_json.py "$$($(SWIFT) build --show-bin-path)/hiwar" 20000

clean:
	rm -rf .build
