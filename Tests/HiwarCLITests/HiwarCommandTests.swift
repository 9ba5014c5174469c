import Foundation
import Testing

@Suite("hiwar, run as a binary")
struct HiwarCommandTests {
    @Test("--version names the PCRE2 version and whether the JIT is on")
    func version() throws {
        let result = try CLIRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("hiwar "))
        #expect(result.stdout.contains("PCRE2 10."))
        #expect(result.stdout.contains("JIT on") || result.stdout.contains("JIT off"))
    }

    @Test("normalize prints the match form and the language for each language")
    func normalize() throws {
        let cases = [
            ("Where’s my ORDER #٥٥٨١٢٠?", "\"where's my order #558120?\" [en]"),
            ("أريد إلغاء الطلب", "\"اريد الغاء الطلب\" [ar]"),
            ("می‌خواهم سفارشم را لغو کنم", "\"مي خواهم سفارشم را لغو كنم\" [fa]"),
        ]
        for (input, expected) in cases {
            let result = try CLIRunner.run(["normalize", input])
            #expect(result.status == 0)
            #expect(result.stdout == expected + "\n")
        }
        let piped = try CLIRunner.run(["normalize"], input: "سلام\n123\n")
        #expect(piped.stdout == "\"سلام\" [?]\n\"123\" [?]\n")
    }

    @Test("the REPL runs a conversation in three languages, explains with :why, survives bad input")
    func repl() throws {
        let garbage = String(decoding: [0xFF, 0xFE, 0x00, 0x41], as: UTF8.self)
        let long = String(repeating: "x", count: 1_000_000)
        let input =
            [
                ":help", ":bogus", "where is my order #558120?", ":why", "وين طلبي رقم ٥٥٨١٢٠", "سفارشم کجاست؟",
                ":lang en", ":event card.expiring card_last4=4821 expiry=2026-02", "remind me next week", ":slots",
                ":state",
                ":clock +7d", ":event order.shipped eta=tomorrow", garbage, long, ":lang fa", "سلام", ":reload",
                ":quit", "never read",
            ].joined(separator: "\n") + "\n"
        let result = try CLIRunner.run(["repl", "Intents", "--clock", "2026-01-05T09:00"], input: input)
        #expect(result.status == 0)
        #expect(result.stdout.contains("unknown command :bogus"))
        #expect(result.stdout.contains(":event NAME"), ":help lists the commands")
        #expect(result.stdout.contains("order.track · "))
        #expect(result.stdout.contains("order_id=558120"))
        #expect(result.stdout.contains("decided by:"), ":why prints the explanation")
        #expect(result.stdout.contains("[ar]") && result.stdout.contains("[fa]"))
        #expect(result.stdout.contains("Your card ending in 4821 expires at the end of February 2026"))
        #expect(result.stdout.contains("duration=P1W"))
        #expect(result.stdout.contains("card_last4 = 4821"), "the last four digits are shown (spec §7)")
        #expect(result.stdout.contains("job 1:"), ":state lists the pending reminder")
        #expect(result.stdout.contains("clock: 2026-01-12T05:00:00Z"))
        #expect(result.stdout.contains("As promised, a reminder"), "the reminder fires when the clock passes it")
        #expect(result.stdout.contains("refused (missing-field)"))
        #expect(result.stdout.contains("replies in fa"))
        #expect(result.stdout.contains("reloaded:"))
        #expect(!result.stdout.contains("never read"))
    }

    @Test("card numbers in any form stay out of repl --json output, :why, :save files and the REPL's output")
    func cardNumbersStayOut() throws {
        struct Corpus: Decodable {
            struct Card: Decodable {
                let text: String
                let number: String
            }
            let cards: [Card]
        }
        let corpus = try JSONDecoder().decode(
            Corpus.self,
            from: Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Tests/CardNumbers/corpus.json"))
        )
        func digitsOnly(_ text: String) -> String {
            String(
                text.unicodeScalars.compactMap { scalar -> Character? in
                    guard let value = scalar.properties.numericValue, (0...9).contains(value) else { return nil }
                    return Character(String(Int(value)))
                }
            )
        }
        let numbers = Set(corpus.cards.map(\.number))
        let lines = try corpus.cards.map { card -> String in
            String(decoding: try JSONEncoder().encode(["text": card.text]), as: UTF8.self)
        }
        let json = try CLIRunner.run(["repl", "--json", "Intents"], input: lines.joined(separator: "\n") + "\n")
        #expect(json.stdout.components(separatedBy: "card-number-refused").count - 1 == corpus.cards.count)
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("cards-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: saved) }
        // Messages without a newline of their own: the piped REPL reads one message per line.
        let typed = corpus.cards.filter { !$0.text.contains("\n") }.flatMap { [$0.text, ":why"] }
        let repl = try CLIRunner.run(
            ["repl", "Intents"],
            input: (["hello"] + typed + [":save \(saved.path)"]).joined(separator: "\n") + "\n"
        )
        #expect(repl.stdout.contains("decided by:"))
        let file = try String(contentsOf: saved, encoding: .utf8)
        let attributes = try FileManager.default.attributesOfItem(atPath: saved.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let everything = digitsOnly(json.stdout + json.stderr + repl.stdout + repl.stderr + file)
        for number in numbers { #expect(!everything.contains(number), "\(number) was printed or saved") }
    }

    @Test("the status line: an answer to the bot's question is labelled so, and only kept slots are shown")
    func statusLine() throws {
        let input = ["where is my order", "A-10293", "where is my order", "hmm 12", ":quit"].joined(separator: "\n")
        let result = try CLIRunner.run(["repl", "Intents", "--clock", "2026-01-05T09:00"], input: input + "\n")
        #expect(result.stdout.contains("answer to order_id · [en] · order_id=A-10293 · state order.lookup"))
        #expect(!result.stdout.contains("  fallback · [en] · order_id"))
        let json = try CLIRunner.run(
            ["repl", "--json", "Intents"],
            input: "{\"text\": \"where is my order\"}\n{\"text\": \"A-10293\"}\n"
        )
        #expect(json.stdout.contains("\"answered\":\"order_id\""))
    }

    @Test("usage errors print the command's own usage; every colouring command takes --no-color")
    func usageAndFlags() throws {
        let clock = try CLIRunner.run(["repl", "Intents", "--clock", "tomorrow"])
        #expect(clock.status == 64)
        #expect(clock.stderr.contains("--clock tomorrow is not a time"))
        #expect(clock.stderr.contains("Usage: hiwar repl"))
        for command in ["validate", "test", "repl"] {
            #expect(try CLIRunner.run([command, "--help"]).stdout.contains("--no-color"), "\(command)")
        }
    }

    @Test("hiwar test reports conversations in the order their file has them")
    func fileOrder() throws {
        let file = "Tests/Conversations/orders.json"
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent(file), encoding: .utf8)
        let names = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\"name\": \"") else { return nil }
            return String(trimmed.dropFirst(9).prefix { $0 != "\"" })
        }
        let result = try CLIRunner.run(["test", file])
        let reported = result.stdout.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("✔") ? line.components(separatedBy: " › ").last : nil
        }
        #expect(names.count > 10)
        #expect(reported == names)
    }

    @Test(":save writes a conversation test that hiwar test passes")
    func saveThenTest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saved-\(UUID().uuidString).json").path
        let input =
            [
                ":event order.shipped order_id=A-10293 eta=2026-01-07", "when will it arrive?", "متى يوصل؟",
                ":save \(path)",
            ].joined(separator: "\n") + "\n"
        let repl = try CLIRunner.run(["repl", "Intents", "--clock", "2026-01-05T09:00"], input: input)
        #expect(repl.stdout.contains("saved 3 steps"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("}\n"), "a text file ends with a newline")
        let test = try CLIRunner.run(["test", path])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("0 failed"))
        let loaded = try CLIRunner.run(["repl", "Intents"], input: ":load \(path)\n")
        #expect(loaded.stdout.contains("every expectation held"))
    }

    @Test("hiwar test: the shipped conversations pass; a wrong expectation fails with a diff and exit 1")
    func conversationTests() throws {
        let passing = try CLIRunner.run(["test", "Tests/Conversations", "--format", "json"])
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.contains("\"failed\" : 0"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-\(UUID().uuidString).json")
        try """
        {"bot": "\(CLIRunner.packageRoot.path)/Intents", "conversations": [{"name": "wrong", "steps": [
          {"user": "hello", "expect": {"intent": "goodbye", "replies": [{"contains": "Farewell"}]}}
        ]}]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let junit = file.path + ".xml"
        let failing = try CLIRunner.run(["test", file.path, "--junit", junit])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("intent: expected goodbye, got greet"))
        #expect(failing.stdout.contains("- got: \"Hello!"))
        #expect(failing.stdout.contains("1 failed"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<failure message="))
        let malformed = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try #"{"conversations": [{"name": "x", "steps": [{"shout": "hi"}]}]}"#.write(
            to: malformed,
            atomically: true,
            encoding: .utf8
        )
        let bad = try CLIRunner.run(["test", malformed.path])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains(":1:45: unknown key \"shout\""))
    }

    @Test("repl --json: one JSON object per line, errors as objects, reminders on advance")
    func jsonLines() throws {
        let input =
            [
                #"{"session":"s1","event":"card.expiring","data":{"card_last4":"4821","expiry":"2026-02"}}"#,
                #"{"session":"s1","text":"remind me in 3 days"}"#,
                #"{"session":"s1","advance":"3d"}"#,
                "not json",
                #"{"session":"s1","event":"order.shipped","data":{"eta":"2026-01-07"}}"#,
                #"{"session":"s2","text":"purple elephants"}"#,
                #"{"session":"s2","text":"سلام","lang":"fa"}"#,
            ].joined(separator: "\n") + "\n"
        let result = try CLIRunner.run(["repl", "--json", "--clock", "2026-01-05T09:00"], input: input)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 7, "every line is one JSON object")
        guard objects.count == 7 else { return }
        #expect(objects[1]["intent"] as? String == "card.remind_later")
        #expect((objects[1]["slots"] as? [String: String])?["duration"] == "P3D")
        #expect((objects[2]["responses"] as? [String]) == ["card.reminder_notice"])
        #expect(objects[2]["state"] as? String == "card.reminded")
        #expect((objects[3]["error"] as? [String: String])?["code"] == "invalid-json")
        #expect((objects[4]["error"] as? [String: String])?["code"] == "missing-field")
        #expect(objects[5]["intent"] as? String == "fallback")
        #expect((objects[5]["slots"] as? [String: String]) == [:])
        #expect(objects[6]["lang"] as? String == "fa")
    }

    @Test("hiwar graph: the diagrams in docs/flows.md are current")
    func graphIsCurrent() throws {
        let result = try CLIRunner.run(["graph", "Intents", "--format", "mermaid"])
        #expect(result.status == 0)
        let committed = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("docs/flows.md"),
            encoding: .utf8
        )
        #expect(result.stdout == committed, "docs/flows.md is stale: run hiwar graph Intents > docs/flows.md")
        #expect(result.stdout.contains("stateDiagram-v2"))
        let dot = try CLIRunner.run(["graph", "Intents", "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph hiwar {"))
        #expect(dot.stdout.contains("\"card.expiring\" -> \"common.idle\""))
    }

    @Test("the examples run: embedding prints turn records, custom actions call Swift handlers")
    func examplesRun() throws {
        let embedding = try CLIRunner.run([], executable: "hiwar-example-embedding")
        #expect(embedding.status == 0, "\(embedding.stderr)")
        #expect(embedding.stdout.contains("\"intent\":\"order.track\""))
        #expect(embedding.stdout.contains("bot> Order A-10293 should arrive on Wednesday, January 7 with Aramex."))
        #expect(embedding.stdout.contains("refused as expected: missing-field"))
        let actions = try CLIRunner.run([], executable: "hiwar-example-custom-actions")
        #expect(actions.status == 0, "\(actions.stderr)")
        #expect(actions.stdout.contains("cancelled orders: [\"A-10293\"]"))
        #expect(actions.stdout.contains("https://pay.example.com/update/4821?t="))
    }

    @Test("the README's REPL transcript is what the REPL prints, line by line")
    func readmeTranscript() throws {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(
            readme.components(separatedBy: "```text\n$ make repl CLOCK=2026-01-05T09:00\n").dropFirst().first?
                .components(separatedBy: "```").first
        )
        var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let banner = lines.removeFirst()
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: saved) }
        let documentedSave = "Tests/Conversations/my-conversation.json"
        // Inputs are the "you>" lines; "…" stands for output the README leaves out (:why's).
        var inputs: [String] = []
        var expected: [String] = []
        for line in lines {
            if line.hasPrefix("you> ") {
                inputs.append(String(line.dropFirst(5)).replacingOccurrences(of: documentedSave, with: saved.path))
            } else {
                expected.append(line.replacingOccurrences(of: documentedSave, with: saved.path))
            }
        }
        let result = try CLIRunner.run(
            ["repl", "Intents", "--actions", "Tests/Conversations/actions.json", "--clock", "2026-01-05T09:00"],
            input: inputs.joined(separator: "\n") + "\n"
        )
        let printed = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var position = 0
        var skipping = false
        for line in expected {
            if line == "…" {
                skipping = true
                continue
            }
            if skipping {
                guard let found = printed[position...].firstIndex(of: line) else {
                    Issue.record("README line not printed: \(line)")
                    return
                }
                position = found
                skipping = false
            }
            guard position < printed.count, printed[position] == line else {
                Issue.record("README: \(line)\nREPL:   \(position < printed.count ? printed[position] : "(end)")")
                return
            }
            position += 1
        }
        // The banner is printed only on a terminal: read from one.
        let terminal = try TerminalSession(
            [CLIRunner.binary.path, "repl", "Intents", "--clock", "2026-01-05T09:00", "--history", "none"],
            in: CLIRunner.packageRoot
        )
        defer { terminal.close() }
        let screen = try terminal.waitFor("Type :help")
        #expect(screen.split(separator: "\n").contains { $0 == banner }, "\(banner)\n\(screen)")
    }

    @Test("the Notifications README's commands run as written (a temporary store for /tmp/s.sqlite)")
    func notificationsReadme() throws {
        let readme = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("Examples/Notifications/README.md"),
            encoding: .utf8
        )
        let block = try #require(
            readme.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first
        )
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: store) }
        var commands = 0
        for line in block.split(separator: "\n") {
            let command = line.components(separatedBy: "#").first?.trimmingCharacters(in: .whitespaces) ?? ""
            let words = command.split(separator: " ").map(String.init)
            guard words.prefix(2) == ["swift", "run"], words.count > 2, words[2] == "hiwar-example-notifications" else {
                continue
            }
            let arguments = words.dropFirst(3).map { word in
                word == "/tmp/s.sqlite" ? store.path : word == "FEED" ? "Examples/Notifications/feed.jsonl" : word
            }
            let result = try CLIRunner.run(Array(arguments), executable: "hiwar-example-notifications")
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stdout.contains("store: "), "\(command)")
            commands += 1
        }
        #expect(commands == 3)
    }

    @Test("a reload that fails keeps the running bot and the conversation")
    func failedReload() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bot-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLIRunner.packageRoot.appendingPathComponent("Intents"), to: folder)
        let common = folder.appendingPathComponent("common.json")
        let input =
            [
                "hello", ":event order.shipped order_id=A-1 eta=2026-01-07",
            ].joined(separator: "\n") + "\n"
        let before = try CLIRunner.run(["repl", folder.path, "--clock", "2026-01-05T09:00"], input: input)
        #expect(before.stdout.contains("state common.idle → order.shipped"))
        // Break the bot, then talk to the same REPL: the reload fails, the old bot answers.
        let original = try String(contentsOf: common, encoding: .utf8)
        let broken = try CLIRunner.runInteractive(
            ["repl", folder.path, "--clock", "2026-01-05T09:00"],
            lines: [":event order.shipped order_id=A-1 eta=2026-01-07", "when will it arrive?", ":state"],
            before: { index in
                if index == 1 { try "{ not json".write(to: common, atomically: true, encoding: .utf8) }
            }
        )
        try original.write(to: common, atomically: true, encoding: .utf8)
        #expect(broken.stdout.contains("still running the previous one"), "\(broken.stdout)")
        #expect(broken.stdout.contains("Order A-1 should arrive on Wednesday, January 7."))
        #expect(broken.stdout.contains("state:    order.shipped"))
    }

    @Test("a bot that does not compile: diagnostics, then exit 1")
    func brokenBot() throws {
        let result = try CLIRunner.run(["repl", "Tests/HiwarCLITests/Fixtures/broken-bot"], input: "hi\n")
        #expect(result.status == 1)
        #expect(result.stdout.contains("[unknown-key]"))
    }

    @Test("a missing bot directory is a usage error with exit code 64")
    func missingDirectory() throws {
        let result = try CLIRunner.run(["repl", "no-such-directory"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'no-such-directory' is not a directory"))
    }
}
