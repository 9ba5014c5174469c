import Foundation
import Testing

@testable import Hiwar

@Suite("Literal prefilter")
struct PrefilterTests {
    static let vocabulary: [LanguageCode: [String]] = [
        .english: [
            "where", "order", "track", "cancel", "my", "card", "flight", "gate", "status", "update", "new", "a",
        ],
        .arabic: ["وين", "طلب", "الغاء", "بطاقة", "رحلة", "بوابة", "لو", "سمحت", "متى", "يوصل", "حالة"],
        .persian: ["سفارش", "کجاست", "لغو", "کارت", "پرواز", "گیت", "می‌خواهم", "کی", "وضعیت", "جدید"],
    ]

    /// A random template of vocabulary words and pattern constructs.
    static func randomTemplate(_ language: LanguageCode, _ generator: inout SeededGenerator) -> String {
        let words = vocabulary[language] ?? []
        func word() -> String { words[Int(generator.next() % UInt64(words.count))] }
        var items: [String] = []
        for _ in 0..<(1 + Int(generator.next() % 3)) {
            switch generator.next() % 7 {
            case 0: items.append("[\(word())]")
            case 1: items.append("(\(word())|\(word()) \(word()))")
            case 2 where language != .english: items.append("<\(word())>")
            case 3 where !items.isEmpty: items.append("*2")
            default: items.append(word())
            }
        }
        if case "*2" = items.last { items.append(word()) }
        if items.allSatisfy({ $0.hasPrefix("[") }) { items.append(word()) }
        return items.joined(separator: " ")
    }

    static func randomRegex(_ generator: inout SeededGenerator) -> String {
        let words = vocabulary[.english] ?? []
        func word() -> String { words[Int(generator.next() % UInt64(words.count))] }
        switch generator.next() % 4 {
        case 0: return "\(word()) (?:\(word())|\(word()))"
        case 1: return "\(word())s? [0-9]{2,4}"
        case 2: return "(?:\(word())|\(word())) \(word())"
        default: return "[a-z]+ \(word())"
        }
    }

    static func randomMessage(_ generator: inout SeededGenerator) -> String {
        let languages: [LanguageCode] = [.english, .arabic, .persian]
        let words = vocabulary[languages[Int(generator.next() % 3)]] ?? []
        var parts: [String] = []
        for _ in 0..<(1 + Int(generator.next() % 6)) {
            var part = words[Int(generator.next() % UInt64(words.count))]
            if generator.next() % 6 == 0 { part += words[Int(generator.next() % UInt64(words.count))] }  // joined
            if generator.next() % 8 == 0 { part = "و" + part + "ي" }  // clitics
            if part.hasSuffix("ة"), generator.next() % 2 == 0 { part = String(part.dropLast()) + "تك" }  // ة → ت
            if generator.next() % 9 == 0 { part += "?" }
            parts.append(part)
        }
        if generator.next() % 5 == 0 { parts.append(String(generator.next() % 100_000)) }
        return parts.joined(separator: " ")
    }

    static func randomBot(_ generator: inout SeededGenerator) -> SourceFile {
        var intents: [String] = []
        for index in 0..<(3 + Int(generator.next() % 12)) {
            var patterns: [String] = []
            for language in [LanguageCode.english, .arabic, .persian] where generator.next() % 3 != 0 {
                let templates = (0..<(1 + Int(generator.next() % 3))).map { _ in randomTemplate(language, &generator) }
                patterns.append("\"\(language)\": [\(templates.map { "\"\($0)\"" }.joined(separator: ", "))]")
            }
            if patterns.isEmpty { patterns.append("\"en\": [\"\(randomTemplate(.english, &generator))\"]") }
            var intent = "\"intent\(index)\": {\"patterns\": {\(patterns.joined(separator: ", "))}"
            if generator.next() % 3 == 0 { intent += ", \"regex\": {\"en\": [\"\(randomRegex(&generator))\"]}" }
            if generator.next() % 3 == 0 {
                let words = vocabulary[.english] ?? []
                let set = (0..<2).map { _ in "\"\(words[Int(generator.next() % UInt64(words.count))])\"" }
                intent += ", \"keywords\": {\"en\": [[\(set.joined(separator: ", "))]]}"
            }
            intents.append(intent + "}")
        }
        return SourceFile(path: "random.json", text: "{\"intents\": {\(intents.joined(separator: ", "))}}")
    }

    @Test("for random bots and messages, the prefiltered matcher returns exactly what every pattern returns")
    func soundness() throws {
        var generator = SeededGenerator(seed: 2_026)
        var compared = 0
        var nonEmpty = 0
        for _ in 0..<60 {
            let file = Self.randomBot(&generator)
            let result = BotCompiler.compile(files: [file])
            guard let bot = result.bot else {
                // Random templates can be legitimately rejected (for example duplicates); skip those bots.
                continue
            }
            let scratch = MatcherScratch()
            for _ in 0..<150 {
                let message = bot.normalizer.normalizeWithOffsets(message: Self.randomMessage(&generator))
                var noTrace: Matcher.Trace? = nil
                let fast = bot.matcher.match(message, expected: [], scratch: scratch, trace: &noTrace)
                let slow = bot.matcher.match(
                    message,
                    expected: [],
                    scratch: scratch,
                    trace: &noTrace,
                    allPatterns: true
                )
                #expect(fast == slow, "\(message.text) in \(String(decoding: file.bytes, as: UTF8.self))")
                compared += 1
                if !slow.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(compared > 5_000)
        #expect(nonEmpty > compared / 10, "the generated messages must match often enough to test something")
    }

    @Test("the key search finds exactly every occurrence a naive substring search finds")
    func keySearchAgreesWithNaiveSearch() {
        var generator = SeededGenerator(seed: 0x7167_7261_6D)
        // Short alphabets so that keys overlap, nest and repeat; Arabic letters are two bytes each.
        let alphabets: [[String]] = [["a", "b", "c", " "], ["ط", "ل", "ب", "ي", " "], ["a", "ب", "x", "ی", " "]]
        for round in 0..<400 {
            let alphabet = alphabets[round % alphabets.count]
            func text(_ length: Int) -> String {
                (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            }
            var keys: [String] = []
            for _ in 0..<(1 + Int(generator.next() % 12)) {
                let key = text(1 + Int(generator.next() % 13))
                if !key.isEmpty, !keys.contains(key) { keys.append(key) }
            }
            let prefilter = LiteralPrefilter(requiredLiterals: keys.map { [[$0]] })
            for _ in 0..<20 {
                var message = text(Int(generator.next() % 30))
                if generator.next() % 2 == 0 {  // plant a key, so that long keys are found too
                    message += keys[Int(generator.next() % UInt64(keys.count))] + text(Int(generator.next() % 30))
                }
                var found: [Int32] = []
                message.withUTF8 { bytes in prefilter.forEachKey(in: bytes) { found.append($0) } }
                let bytes = Array(message.utf8)
                var expected: [Int] = []
                for (index, key) in keys.enumerated() {
                    let needle = Array(key.utf8)
                    guard needle.count <= bytes.count else { continue }
                    for start in 0...(bytes.count - needle.count)
                    where Array(bytes[start..<(start + needle.count)]) == needle {
                        expected.append(index)
                    }
                }
                // Key ids follow first appearance, which is the pattern order here.
                let names = found.map { prefilter.keys[Int(prefilter.patternsByKey[Int($0)][0])] ?? "" }.sorted()
                #expect(names == expected.map { keys[$0] }.sorted(), "keys \(keys) in \"\(message)\"")
            }
        }
    }

    @Test("literals required by raw regexes are extracted conservatively")
    func regexLiterals() {
        let normalizer = TextNormalizer()
        #expect(RegexLiterals.requiredRuns("wheres? [0-9]{2,4}", normalizer: normalizer) == ["where"])
        #expect(RegexLiterals.requiredRuns("track (?:my )?order", normalizer: normalizer) == ["track", "order"])
        #expect(RegexLiterals.requiredRuns("colou?r", normalizer: normalizer) == ["colo", "r"])
        #expect(RegexLiterals.requiredRuns("(?:a|b) c", normalizer: normalizer) == ["c"])
        #expect(RegexLiterals.requiredRuns("cancel|refund", normalizer: normalizer).isEmpty, "top-level alternation")
        #expect(RegexLiterals.requiredRuns("\\border\\b", normalizer: normalizer) == ["order"])
        #expect(RegexLiterals.requiredRuns("شكراً", normalizer: normalizer).isEmpty, "not in match form")
    }

    @Test("the prefilter runs only patterns whose key occurs, plus those with no key")
    func selectivity() {
        let prefilter = LiteralPrefilter(requiredLiterals: [
            [["where"], ["order"]], [["cancel"], ["order"]], [], [["طلب"]], [["order"]], [["refund", "money"]],
        ])
        var candidates: [Int32] = []
        prefilter.candidates(in: "please cancel my order", into: &candidates)
        #expect(candidates == [1, 2, 4])
        prefilter.candidates(in: "وين الطلبيه", into: &candidates)
        #expect(candidates == [2, 3], "substring keys find joined and affixed spellings")
        prefilter.candidates(in: "", into: &candidates)
        #expect(candidates == [2])
        #expect(prefilter.keys[0] == "where", "the rarest word is the key")
        prefilter.candidates(in: "my money back", into: &candidates)
        #expect(candidates == [2, 5], "any word of a choice selects its pattern")
    }
}
