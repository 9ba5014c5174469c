#!/usr/bin/env bash
# The HTTP load benchmark (docs/server.md): release builds, the shipped bot, side by side in one run:
#   1. the engine in process (hiwar-bench dialogue Intents, in memory) — what HTTP adds to;
#   2. hiwar serve with each store, loaded by wrk: CONNECTIONS keep-alive connections over 10,000 conversations.
# Usage: scripts/bench_server.sh [SECONDS] [CONNECTIONS]; STORES="memory sqlite" by default, plus postgres when run
# under scripts/with_postgres.sh (HIWAR_TEST_POSTGRES set).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-64}"
stores="${STORES:-memory sqlite}"
command -v wrk >/dev/null 2>&1 || { sudo apt-get install -y wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null; }
swift build -c release --product hiwar >/dev/null
swift build -c release --product hiwar-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
echo "== the engine in process (for comparison)"
HIWAR_BENCH_STORES=memory "$bin/hiwar-bench" dialogue Intents | grep -E "engine|matcher" || true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HIWAR_API_KEY="bench-$RANDOM"
if [ -n "${HIWAR_TEST_POSTGRES:-}" ] && [ -z "${STORES:-}" ]; then stores="$stores postgres"; fi
for store in $stores; do
    setting="$store"
    [ "$store" = sqlite ] && setting="sqlite:$work/bench.sqlite"
    if [ "$store" = postgres ]; then
        # Under scripts/with_postgres.sh: a fresh database on the throwaway cluster.
        database="hiwar_bench_$RANDOM"
        psql "$HIWAR_TEST_POSTGRES" -q -c "CREATE DATABASE $database" >/dev/null
        setting="${HIWAR_TEST_POSTGRES/\/postgres\?//$database?}"
    fi
    "$bin/hiwar" serve Intents --port 0 --store "$setting" --log-level error \
        --rate-per-conversation 1000000 --rate-per-key 1000000 >"$work/out" 2>"$work/err" &
    server=$!
    for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
    address="$(grep -o 'http://[0-9.]*:[0-9]*' "$work/out" | head -1)"
    echo "== hiwar serve, store $store, $connections connections, ${seconds}s (wrk, 2 threads)"
    # A short warm-up, then the measured run.
    wrk -t2 -c"$connections" -d2s -s scripts/bench_server.lua "$address" >/dev/null
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/bench_server.lua "$address" | grep "^wrk:"
    kill "$server"
    wait "$server" 2>/dev/null || true
done
