import Foundation
import Testing

/// `hiwar eval`, run as a user runs it: through the built binary.
@Suite("hiwar eval: scoring a bot on labelled messages")
struct EvalCommandTests {
    static let bot = "Tests/HiwarCLITests/Fixtures/eval-bot"
    static let set = "Tests/HiwarCLITests/Fixtures/eval-set.jsonl"

    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("the human report: scores per language, confusions, slices by tag and every miss")
    func golden() throws {
        let result = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--misses", "--by-tag"])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("Tests/HiwarCLITests/Golden/eval-human.txt"),
            encoding: .utf8
        )
        #expect(result.stdout == golden)
    }

    @Test("--min is a gate: exit 1 and the measures that fell short, exit 0 when met")
    func gate() throws {
        let failing = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--min", "0.9"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("eval: below --min: intent [en] 0.800 < 0.900"))
        #expect(failing.stderr.contains("eval: below --min: facts [en] 0.000 < 0.900"))
        #expect(!failing.stderr.contains("[ar]"), "Arabic meets the gate")
        let passing = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--min", "0.5"])
        #expect(passing.status == 0 || passing.stderr.contains("facts [en]"))
        let lenient = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--min", "0"])
        #expect(lenient.status == 0)
        let bad = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--min", "2"])
        #expect(bad.status == 64 && bad.stderr.contains("--min takes a number from 0 to 1"))
    }

    @Test("a file is scored on the slots it labels, alone or evaluated with a file that labels others")
    func slotsScoredPerFile() throws {
        // Labels no date: the date in its text is not scored, even beside a file that labels dates.
        let unlabelled = try Self.temporaryFile(
            "intents-only.jsonl",
            #"{"id": "u-1", "lang": "en", "text": "where's my order on friday?", "intent": "order.track", "slots": {}}"#
                + "\n"
        )
        func slotScore(_ files: [String]) throws -> (Double?, [String]) {
            let result = try CLIRunner.run(["eval"] + files + ["--bot", Self.bot, "--format", "json"])
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            )
            let all = object["all"] as? [String: Any]
            let misses = (object["misses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            return (all?["slotExactMatch"] as? Double, misses)
        }
        #expect(try slotScore([unlabelled]).0 == 1)
        let (together, misses) = try slotScore([Self.set, unlabelled])
        #expect(!misses.contains("u-1"), "u-1 was scored on a date its file does not label")
        #expect(together == 1)
    }

    @Test("--format json: the scores, the confusions and the misses as data")
    func json() throws {
        let result = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let languages = try #require(object["languages"] as? [String: [String: Any]])
        #expect(languages["en"]?["intentAccuracy"] as? Double == 0.8)
        #expect(languages["ar"]?["facts"] as? Double == 1)
        #expect((object["all"] as? [String: Any])?["items"] as? Int == 7)
        let misses = try #require(object["misses"] as? [[String: Any]])
        #expect(misses.map { $0["id"] as? String } == ["t-en-3", "t-en-5"])
        #expect(misses.last?["missingFacts"] as? [String] == ["https://nowhere.example"])
        let confusions = try #require(object["confusions"] as? [[String: Any]])
        #expect(confusions.first?["gold"] as? String == "order.track")
        #expect(confusions.first?["predicted"] as? String == "fallback")
    }

    @Test("--junit writes one test case per item, failures with what went wrong")
    func junit() throws {
        let path = try Self.temporaryFile("eval.xml", "")
        let result = try CLIRunner.run(["eval", Self.set, "--bot", Self.bot, "--junit", path])
        #expect(result.status == 0)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains("tests=\"7\" failures=\"2\""))
        #expect(xml.contains("<testcase name=\"t-en-3\""))
        #expect(xml.contains("expected order.track, got fallback"))
    }

    @Test("bad lines are reported with their place and the rest is still scored; exit 65")
    func badLines() throws {
        let path = try Self.temporaryFile(
            "bad.jsonl",
            """
            {"text": "where is my order", "intent": "order.track"}
            {"text": "where is my order", "intent": }
            ["not", "an", "object"]
            {"text": "where is my order"}
            {"text": "hi", "intent": "greet", "event": "nope"}
            {"text": 42, "intent": "thanks"}

            {"text": "thanks", "intent": "no.such.intent"}
            """
        )
        let result = try CLIRunner.run(["eval", path, "--bot", Self.bot])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("bad.jsonl:2:41: unexpected '}'; expected a value"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.jsonl:3:1: expected a JSON object, found array"))
        #expect(result.stderr.contains("bad.jsonl:4:1: \"intent\" is missing"))
        #expect(result.stderr.contains("bad.jsonl:5:1: unknown event \"nope\""))
        #expect(result.stderr.contains("bad.jsonl:6:10: \"text\" must be a string, found number"))
        #expect(
            result.stderr.contains("warning: ") && result.stderr.contains("the bot has no intent \"no.such.intent\"")
        )
        #expect(result.stdout.contains("items                      2"), "\(result.stdout)")
        let missing = try CLIRunner.run(["eval", "no/such/file.jsonl", "--bot", Self.bot])
        #expect(missing.status == 64 && missing.stderr.contains("cannot read no/such/file.jsonl"))
        let broken = try CLIRunner.run(["eval", Self.set, "--bot", "Tests/HiwarCLITests/Fixtures/broken-bot"])
        #expect(broken.status == 64 && broken.stderr.contains("error:"))
    }

    @Test("100,000 lines are scored in seconds")
    func large() throws {
        let lines = try String(
            contentsOfFile: CLIRunner.packageRoot.appendingPathComponent(Self.set).path,
            encoding: .utf8
        )
        .split(separator: "\n").filter { !$0.contains("\"event\"") }
        var text = ""
        text.reserveCapacity(8_000_000)
        for index in 0..<100_000 { text += lines[index % lines.count] + "\n" }
        let path = try Self.temporaryFile("large.jsonl", text)
        let started = Date()
        let result = try CLIRunner.run(["eval", path, "--bot", Self.bot, "--format", "json"])
        #expect(result.status == 0)
        #expect(Date().timeIntervalSince(started) < 60, "a debug build scores 100,000 lines in about 10 s")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((object?["all"] as? [String: Any])?["items"] as? Int == 100_000)
    }

    @Test("hiwar test finds the bot a test file names, whatever the path to the file")
    func testPaths() throws {
        let absolute = CLIRunner.packageRoot.appendingPathComponent("Tests/Conversations/context.json").path
        for path in ["Tests/Conversations/context.json", "./Tests/../Tests/Conversations/context.json", absolute] {
            let result = try CLIRunner.run(["test", path])
            #expect(result.status == 0, "\(path): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains(" passed, 0 failed"))
        }
    }

    @Test("the shipped bot passes its understanding gates on the team's own held-out sets")
    func shippedGates() throws {
        let result = try CLIRunner.run([
            "eval", "Tests/Understanding/messages.jsonl", "Tests/Understanding/replies.jsonl", "--min", "0.95",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
