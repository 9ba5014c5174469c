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

    @Test("the REPL recognizes intents and slots in three languages, explains with :why, survives bad input")
    func repl() throws {
        let garbage = String(decoding: [0xFF, 0xFE, 0x00, 0x41], as: UTF8.self)
        let long = String(repeating: "x", count: 1_000_000)
        let input =
            [
                ":help", ":bogus", "where is my order #558120?", ":why", "وين طلبي رقم ٥٥٨١٢٠", "سفارشم کجاست؟",
                "card ending in 4821 remind me next week", garbage, long, ":reload", ":quit", "never read",
            ].joined(separator: "\n") + "\n"
        let result = try CLIRunner.run(["repl", "Intents"], input: input)
        #expect(result.status == 0)
        #expect(result.stdout.contains("unknown command :bogus"))
        #expect(result.stdout.contains("bot> order.track ("))
        #expect(result.stdout.contains("order_id=558120"))
        #expect(result.stdout.contains("decided by:"), ":why prints the explanation")
        #expect(result.stdout.contains("[ar] order_id=558120"))
        #expect(result.stdout.contains("order.track") && result.stdout.contains("[fa]"))
        #expect(result.stdout.contains("duration=P1W"))
        #expect(
            result.stdout.contains("card_last4=••••") && !result.stdout.contains("4821"),
            "sensitive slots are masked"
        )
        #expect(result.stdout.contains("reloaded:"))
        #expect(!result.stdout.contains("never read"))
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
