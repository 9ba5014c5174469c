import Foundation
import Testing

@testable import Hiwar

@Suite("Raw regexes of one mould share a search where their differences are absent")
struct RegexFamilyTests {
    static func shape(_ regex: String) -> RegexShape? {
        RegexRequirements.analyze(regex, forms: LiteralForms(TextNormalizer())).shape
    }

    /// `frame ⟨part⟩ frame`: the pieces with each part's text between angle brackets.
    static func describe(_ shape: RegexShape?) -> String? {
        guard let shape else { return nil }
        var text = shape.pieces[0]
        for (part, piece) in zip(shape.parts, shape.pieces.dropFirst()) {
            text += (part.kind == .optional ? "⟨?" : "⟨|") + part.text + "⟩" + piece
        }
        return text
    }

    @Test(
        "which parts of a regex depend on the message",
        arguments: [
            // An optional part that requires a word; the class-only part stays in the frame.
            (#"\bi\s+need\s+(?:kalomi\s+)?card\s+help\b"#, #"\bi\s+need\s+⟨?(?:kalomi\s+)?⟩card\s+help\b"#),
            // Branches that require words; outermost only.
            ("(?:track(?:ing)?|trace) order", "(?:⟨|track(?:ing)?⟩|⟨|trace⟩) order"),
            // A top-level alternation's branches.
            ("cancel|refund", "⟨|cancel⟩|⟨|refund⟩"),
            // Parts that require nothing stay in the frame: bounded gaps, single letters, classes.
            (#"gate(?:\s+\w+){0,3}\s+(?:a|b)?[0-9]+"#, #"gate(?:\s+\w+){0,3}\s+(?:a|b)?[0-9]+"#),
            // An alternation inside an optional part: the optional part is the outermost.
            ("my (?:order|parcel)? status", "my ⟨?(?:order|parcel)?⟩ status"),
            // A branch that requires nothing keeps its alternation in the frame, the other is a part.
            (#"(?:\d+|order) now"#, #"(?:\d+|⟨|order⟩) now"#),
        ] as [(String, String)]
    )
    func parts(regex: String, expected: String) {
        #expect(Self.describe(Self.shape(regex)) == expected, "\(regex)")
    }

    @Test("regexes that refer to their own groups or change options have no shape")
    func noShape() {
        #expect(Self.shape(#"(track)\s+\1"#) == nil)
        #expect(Self.shape(#"(?<a>track)\s+\k<a>"#) == nil)
        #expect(Self.shape("(?-i)Order|(?:gate)?") == nil)
        #expect(Self.shape("(?i:order)|gate") == nil)
        #expect(Self.shape("(?x) o r d e r") == nil)
        #expect(Self.shape("(*UTF)order") == nil)
        #expect(Self.shape(String(repeating: "(?:", count: 200) + "order" + String(repeating: ")", count: 200)) == nil)
    }

    @Test("regexes of one mould form one family; parts the same in every member stay in the frame")
    func families() throws {
        let bot = try Self.moldBot(
            topics: ["kalomi", "peruno", "zafira"],
            extra: [#"\bwhere\s+is\s+(?:my\s+)?gate\b"#]
        )
        let families = bot.matcher.families
        #expect(families.count == 1)
        let members = families.familyOf.filter { $0 >= 0 }
        #expect(members.count == 3)
        // The topic differs, so each member has one variable part; `(?:a\s+|the\s+)?` is the same in every member.
        for pattern in families.familyOf.indices where families.familyOf[pattern] >= 0 {
            #expect(families.partStarts[pattern + 1] - families.partStarts[pattern] == 1)
        }
        #expect(families.partLiterals.count == 3)
    }

    @Test(
        "one search answers for every member whose topic is absent; a member whose topic is present runs alone",
        arguments: [LanguageCode.english, .arabic, .persian]
    )
    func sharedSearch(language: LanguageCode) throws {
        let (topics, frame, category, noise, reversed): ([String], (String) -> String, String, String, String)
        switch language {
        case .arabic:
            topics = (0..<40).map { "موضوع\($0)" }
            frame = { #"\bاريد\s+(?:مساعده\s+)?(?:\#($0)\s+)?بطاقه\b"# }
            category = "بطاقه"
            noise = "اريد مساعده"
            reversed = "بطاقه اريد"
        case .persian:
            topics = (0..<40).map { "موضوع\($0)" }
            // Raw regexes are written in match form: ی and ک are folded to ي and ك.
            frame = { #"\bميخوام\s+(?:كمك\s+)?(?:\#($0)\s+)?كارت\b"# }
            category = "کارت"
            noise = "میخوام کمک"
            reversed = "کارت میخوام"
        default:
            topics = (0..<40).map { "topic\($0)" }
            frame = { #"\bi\s+need\s+(?:some\s+)?(?:\#($0)\s+)?card\s+help\b"# }
            category = "card help"
            noise = "i need some"
            reversed = "help card i need"
        }
        let intents = topics.enumerated().map { index, topic in
            "\"t\(index)\": {\"regex\": {\"\(language.rawValue)\": [\"\(frame(topic).replacingOccurrences(of: "\\", with: "\\\\"))\"]}}"
        }
        let file = SourceFile(
            path: "mould.json",
            text:
                "{\"settings\": {\"languages\": [\"\(language.rawValue)\"]}, \"intents\": {\(intents.joined(separator: ", "))}}"
        )
        let result = BotCompiler.compile(files: [file])
        let bot = try #require(result.bot, "\(result.diagnostics)")
        #expect(bot.matcher.families.count == 1)

        let scratch = MatcherScratch()
        var noTrace: Matcher.Trace? = nil
        func searches(_ text: String) -> (count: Int, matches: [IntentMatch]) {
            let message = bot.normalizer.normalizeWithOffsets(message: text)
            let before = scratch.searches
            let matches = bot.matcher.match(message, expected: [], scratch: scratch, trace: &noTrace)
            let count = scratch.searches - before
            let (fast, slow) = matchBothWays(bot, message, scratch: scratch)
            #expect(fast == slow, "\(text)")
            #expect(matches == fast)
            return (count, matches)
        }
        // Every member is a candidate and none matches: one search answers for all forty.
        #expect(searches(reversed).count == 1)
        // One topic present: its member runs alone, the other thirty-nine share one search.
        #expect(searches(reversed + " " + topics[7]).count == 2)
        let topical = searches("\(noise) \(topics[7]) \(category)")
        #expect(topical.count == 2)
        #expect(topical.matches.map(\.intent) == ["t7"])
        // Without a topic every member matches: the shared search says so, and each runs for its own match.
        let plain = searches("\(noise) \(category)")
        #expect(plain.matches.count == 40)
        #expect(plain.count == 40)
        // Nothing of the frame: no search at all.
        #expect(searches(topics[3]).count == 0)
    }

    /// A bot whose intents are one mould with a different topic each, plus `extra` regexes.
    static func moldBot(topics: [String], extra: [String] = []) throws -> CompiledBot {
        var intents = topics.enumerated().map { index, topic in
            let regex = #"\\b(?:i|we)\\s+(?:want|need)\\s+(?:a\\s+|the\\s+)?(?:\#(topic)\\s+)?card\\s+(?:help|info)\\b"#
            return "\"m\(index)\": {\"regex\": {\"en\": [\"\(regex)\"]}}"
        }
        for (index, regex) in extra.enumerated() {
            intents.append(
                "\"x\(index)\": {\"regex\": {\"en\": [\"\(regex.replacingOccurrences(of: "\\", with: "\\\\"))\"]}}"
            )
        }
        let file = SourceFile(path: "mould.json", text: "{\"intents\": {\(intents.joined(separator: ", "))}}")
        let result = BotCompiler.compile(files: [file])
        return try #require(result.bot, "\(result.diagnostics)")
    }

    @Test("for random families of raw regexes, sharing searches returns exactly what every pattern returns")
    func randomFamilySoundness() throws {
        var generator = SeededGenerator(seed: 41)
        let words = RegexRequirementTests.words
        let topics = ["kalomi", "peru", "zafa", "order", "gates"]
        var compared = 0
        var matched = 0
        var families = 0
        var saved = 0
        for _ in 0..<200 {
            // A mould with holes (§), each member filling them with topics; sometimes an unrelated regex too.
            let mould = RandomRegex.make(&generator, words: words + ["§", "§"])
            guard mould.contains("§") else { continue }
            var regexes = (0..<(2 + Int(generator.next() % 5))).map { _ in
                mould.replacingOccurrences(of: "§", with: topics[Int(generator.next() % UInt64(topics.count))])
            }
            if generator.next() % 3 == 0 { regexes.append(RandomRegex.make(&generator, words: words)) }
            let intents = regexes.enumerated().map { "\"i\($0.offset)\": {\"regex\": {\"en\": [\"\($0.element)\"]}}" }
            let file = SourceFile(path: "family.json", text: "{\"intents\": {\(intents.joined(separator: ", "))}}")
            guard let bot = BotCompiler.compile(files: [file]).bot else { continue }
            families += bot.matcher.families.count
            let scratch = MatcherScratch()
            for _ in 0..<80 {
                let vocabulary = words + topics
                let count = 1 + Int(generator.next() % 7)
                let text = (0..<count).map { _ -> String in
                    var word = vocabulary[Int(generator.next() % UInt64(vocabulary.count))]
                    if generator.next() % 5 == 0 { word += ["s", "'s", "es", "x", " 1234"][Int(generator.next() % 5)] }
                    return word
                }.joined(separator: generator.next() % 4 == 0 ? "" : " ")
                let message = bot.normalizer.normalizeWithOffsets(message: text)
                let before = scratch.searches
                var noTrace: Matcher.Trace? = nil
                let fast = bot.matcher.match(message, expected: [], scratch: scratch, trace: &noTrace)
                let searched = scratch.searches - before
                let slow = bot.matcher.match(
                    message,
                    expected: [],
                    scratch: scratch,
                    trace: &noTrace,
                    allPatterns: true
                )
                #expect(fast == slow, "\(text) against \(regexes)")
                if searched < bot.matcher.prefilterCandidateCount(message) { saved += 1 }
                compared += 1
                if !slow.isEmpty { matched += 1 }
            }
        }
        #expect(compared > 8_000)
        #expect(families > 60, "the moulds must form families (\(families))")
        #expect(matched > compared / 8, "the messages must match often enough to test something (\(matched))")
        #expect(saved > compared / 25, "families must share searches often enough to test something (\(saved))")
    }
}

extension Matcher {
    /// How many patterns the prefilter selects for `message` (exclusions and families' parts left out).
    func prefilterCandidateCount(_ message: NormalizedText) -> Int {
        var candidates: [Int32] = []
        prefilter.candidates(in: message.text, into: &candidates)
        return candidates.filter { $0 < patterns.count }.count
    }
}
