import Foundation
import Testing

@testable import Hiwar

@Suite("Raw regexes: the literals every match requires")
struct RegexRequirementTests {
    /// `[[word, …], …]` with `^`/`$` marking a word bounded before/after: "^order$" is a whole word.
    static func describe(_ groups: [[RequiredWord]]) -> [[String]] {
        groups.map { group in
            group.map { ($0.boundedBefore ? "^" : "") + $0.text + ($0.boundedAfter ? "$" : "") }.sorted()
        }
    }

    /// The vocabulary of the random regexes and messages: few words, so they match often.
    static let words = ["order", "track", "where", "my", "gate", "is"]

    static func requirements(_ regex: String) -> [[String]] {
        describe(RegexRequirements.analyze(regex, normalizer: TextNormalizer()))
    }

    @Test(
        "which regexes give which conditions",
        arguments: [
            ("where is my order", [["where$"], ["^is$"], ["^my$"], ["^order"]]),
            (
                #"\b(?:track|trace|follow)\s+(?:my|the)\s+(?:order|package|parcel)\b"#,
                [
                    ["^trace$", "^track$", "^follow$"].sorted(), ["^my$", "^the$"],
                    ["^order$", "^package$", "^parcel$"].sorted(),
                ]
            ),
            (
                #"\bwhere(?:\s+is|'s)\s+(?:my|the)\s+(?:order|package)\b"#,
                [["^where$"], ["^my$", "^the$"], ["^order$", "^package$"]]
            ),
            ("colou?r", [["color", "colour"]]),
            ("(?:a|b) c", []),
            ("cancel|refund", [["cancel", "refund"]]),
            (#"\border\b"#, [["^order$"]]),
            ("ORDER status", [["order$"], ["^status"]]),
            (#"(?:\s+\w+){0,3}\s+gate"#, [["^gate"]]),
            (#"flight.{0,30}delayed"#, [["flight"], ["delayed"]]),
            (#"(?<id>[0-9]{6}) order"#, [["^order"]]),
            (#"wheres? [0-9]{2,4}"#, [["where$", "wheres$"]]),
            (#"\Qa.b\E c"#, []),
            (#"(?:my )?order"#, [["order"]]),
            (#"(track)\s+\1"#, [["track$"]]),
            (#"(?=.*order)(?=.*cancel)"#, []),
            ("شكراً", [["شكرا"]]),  // never matches a match-form message; any key is sound
            ("(?x) o r d e r", []),
            ("a|", []),
            (#"\p{L}+ order"#, [["^order"]]),
            (#"[sz]ize"#, [["size", "zize"]]),
            ("(?:refund){2}", [["refundrefund"]]),
            ("(?:refund)+ now", [["refund"], ["^now"]]),
        ] as [(String, [[String]])]
    )
    func conditions(regex: String, expected: [[String]]) {
        #expect(Self.requirements(regex) == expected.map { $0.sorted() }, "\(regex)")
    }

    @Test("settings.ranking priority: the higher priority wins before specificity, and :why says so")
    func priorityFirst() throws {
        func bot(_ ranking: String) throws -> CompiledBot {
            try compiledBot(
                #"""
                {"settings": {"ranking": "RANKING"},
                 "intents": {
                   "order.status": {"regex": {"en": ["where is my order\\b"]}},
                   "anything": {"priority": 5, "regex": {"en": ["\\border\\b"]}}}}
                """#.replacingOccurrences(of: "RANKING", with: ranking)
            )
        }
        #expect(try bot("specificity").match("where is my order").intent == "order.status")
        let migrated = try bot("priority")
        #expect(migrated.match("where is my order").intent == "anything")
        #expect(migrated.explain("where is my order").description.contains("higher priority, ranked first"))
        let result = BotCompiler.compile(files: [
            SourceFile(path: "r.json", text: #"{"settings": {"ranking": "priorty"}}"#)
        ])
        #expect(result.diagnostics.contains { $0.code == .invalidValue && $0.hint == "did you mean \"priority\"?" })
    }

    @Test("ranked by priority, the pass stops at the first level that matched, and the winner is the same")
    func priorityFirstStopsEarly() throws {
        var generator = SeededGenerator(seed: 21)
        let words = Self.words
        var (compared, matched) = (0, 0)
        for _ in 0..<80 {
            let intents = (0..<(2 + Int(generator.next() % 5))).map { index -> String in
                let regex = RandomRegex.make(&generator, words: words)
                let priority = Int(generator.next() % 3)
                return "\"i\(index)\": {\"priority\": \(priority), \"regex\": {\"en\": [\"\(regex)\"]}}"
            }
            let text = "{\"settings\": {\"ranking\": \"priority\"}, \"intents\": {\(intents.joined(separator: ", "))}}"
            guard let bot = BotCompiler.compile(files: [SourceFile(path: "p.json", text: text)]).bot else { continue }
            let scratch = MatcherScratch()
            for round in 0..<60 {
                let message = (0..<(1 + Int(generator.next() % 6))).map { _ in words[Int(generator.next() % 6)] }
                    .joined(separator: " ")
                let normalized = bot.normalizer.normalizeWithOffsets(message: message)
                let expected: Set<String> = round % 3 == 0 ? ["i0"] : []
                let (fast, slow) = matchBothWays(bot, normalized, expected: expected, scratch: scratch)
                #expect(fast.first == slow.first, "\(message) against \(text)")
                #expect(fast.count <= slow.count)
                compared += 1
                if !slow.isEmpty { matched += 1 }
            }
        }
        #expect(compared > 3_000 && matched > compared / 5)
    }

    @Test("hostile regexes are analysed in bounded time, conservatively")
    func hostile() {
        // A keyword list of 10,000 words: one choice of 10,000 keys, each a word the prefilter looks for.
        let alternatives = (0..<10_000).map { "word\($0)" }.joined(separator: "|")
        let choices = Self.requirements(alternatives)
        #expect(choices.count == 1 && choices.first?.count == 10_000)
        let deep = String(repeating: "(?:", count: 200) + "order" + String(repeating: ")", count: 200)
        #expect(Self.requirements(deep).isEmpty)
        #expect(Self.requirements("order{1000000}") == [["order"]] || Self.requirements("order{1000000}") == [["orde"]])
        #expect(Self.requirements(#"(a)(?(1)order|cancel)"#).isEmpty)
        #expect(Self.requirements("(*UTF)order").isEmpty)
        #expect(Self.requirements(String(repeating: "[", count: 5_000)).isEmpty)
        // The shape of the 10,000-word list: each word a part of its own, read in the same pass.
        let forms = LiteralForms(TextNormalizer())
        let shape = RegexRequirements.analyze(alternatives, forms: forms).shape
        #expect(shape?.parts.count == 10_000 && shape?.pieces.count == 10_001)
        #expect(RegexRequirements.analyze(deep, forms: forms).shape == nil)
        // Nested optional parts 60 deep: only the outermost is a part.
        let nested = String(repeating: "(?:order ", count: 60) + String(repeating: ")?", count: 60)
        #expect(RegexRequirements.analyze(nested, forms: forms).shape?.parts.count == 1)
    }

    @Test("for random raw regexes, the prefiltered matcher returns exactly what every pattern returns")
    func randomRegexSoundness() throws {
        var generator = SeededGenerator(seed: 20)
        let words = Self.words
        var (compared, matched) = (0, 0)
        var withRequirements = 0
        var regexes = 0
        for _ in 0..<120 {
            let patterns = (0..<(1 + Int(generator.next() % 4))).map { _ in RandomRegex.make(&generator, words: words) }
            let intents = patterns.enumerated().map { "\"i\($0.offset)\": {\"regex\": {\"en\": [\"\($0.element)\"]}}" }
            let file = SourceFile(path: "regex.json", text: "{\"intents\": {\(intents.joined(separator: ", "))}}")
            guard let bot = BotCompiler.compile(files: [file]).bot else { continue }
            for pattern in bot.matcher.patterns {
                regexes += 1
                if !pattern.requiredLiterals.isEmpty { withRequirements += 1 }
            }
            let scratch = MatcherScratch()
            for _ in 0..<100 {
                let count = 1 + Int(generator.next() % 7)
                let text = (0..<count).map { _ -> String in
                    var word = words[Int(generator.next() % UInt64(words.count))]
                    if generator.next() % 5 == 0 { word += ["s", "'s", "es", "x", " 1234"][Int(generator.next() % 5)] }
                    return word
                }.joined(separator: generator.next() % 4 == 0 ? "" : " ")
                let message = bot.normalizer.normalizeWithOffsets(message: text)
                let (fast, slow) = matchBothWays(bot, message, scratch: scratch)
                #expect(fast == slow, "\(text) against \(patterns)")
                compared += 1
                if !slow.isEmpty { matched += 1 }
            }
        }
        #expect(compared > 8_000)
        #expect(matched > compared / 5, "the messages must match often enough to test something (\(matched))")
        #expect(
            withRequirements > regexes / 2,
            "most random regexes require some literal (\(withRequirements) of \(regexes))"
        )
    }
}
