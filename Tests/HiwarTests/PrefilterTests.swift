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
        var hasSlot = false
        var hasWord = false
        for _ in 0..<(1 + Int(generator.next() % 3)) {
            switch generator.next() % 12 {
            case 0: items.append("[\(word())]")
            case 1: items.append("(\(word())|\(word()) \(word()))")
            case 2: items.append("<\(word())>")
            case 3 where !items.isEmpty: items.append("*2")
            // Items written against their neighbours: no boundary may be assumed there.
            case 4: items.append("[\(word())]\(word())")
            case 5: items.append("\(word())(\(word())|\(word()))")
            case 6 where !hasSlot:
                items.append("#{order_id}")
                hasSlot = true
            case 7 where !hasSlot:
                items.append("\(word()){order_id}")
                hasSlot = true
            case 8 where !items.isEmpty: items.append("!\(word())")
            // Concepts: each stands for the alternation of its members (see randomBot).
            case 9: items.append("~c\(generator.next() % 3)")
            default: items.append(word())
            }
            let last = items.last ?? ""
            hasWord = hasWord || !(last.hasPrefix("[") || last.hasPrefix("!") || last == "*2")
        }
        if items.last == "*2" || !hasWord { items.append(word()) }
        return items.joined(separator: " ")
    }

    static func randomRegex(_ generator: inout SeededGenerator) -> String {
        RandomRegex.make(&generator, words: vocabulary[.english] ?? [])
    }

    static func randomMessage(_ generator: inout SeededGenerator) -> String {
        let languages: [LanguageCode] = [.english, .arabic, .persian]
        let words = vocabulary[languages[Int(generator.next() % 3)]] ?? []
        var parts: [String] = []
        for _ in 0..<(1 + Int(generator.next() % 6)) {
            var part = words[Int(generator.next() % UInt64(words.count))]
            if generator.next() % 6 == 0 { part += words[Int(generator.next() % UInt64(words.count))] }  // joined
            // Letters, digits and marks glued to a word, and order numbers.
            let glue = ["b", "s", "'s", "5", "_", "ال", "ها", "\u{064E}", "-", "#558120", " 12345678"]
            if generator.next() % 5 == 0 { part += glue[Int(generator.next() % UInt64(glue.count))] }
            if generator.next() % 7 == 0 { part = glue[Int(generator.next() % UInt64(glue.count))] + part }
            if generator.next() % 8 == 0 { part = "و" + part + "ي" }  // clitics
            if part.hasSuffix("ة"), generator.next() % 2 == 0 { part = String(part.dropLast()) + "تك" }  // ة → ت
            if generator.next() % 9 == 0 { part += "?" }
            parts.append(part)
        }
        if generator.next() % 5 == 0 { parts.append(String(generator.next() % 100_000)) }
        return parts.joined(separator: " ")
    }

    /// A random evidence rule: templates joined by `+` and `-`, some parts optional.
    static func randomRule(_ language: LanguageCode, _ generator: inout SeededGenerator) -> String {
        var rule = randomTemplate(language, &generator).replacingOccurrences(of: "{order_id}", with: "")
        for _ in 0..<(Int(generator.next() % 3)) {
            let part = randomTemplate(language, &generator).replacingOccurrences(of: "{order_id}", with: "")
            switch generator.next() % 3 {
            case 0: rule += " + " + part
            case 1: rule += " + " + part + "?"
            default: rule += " - " + part
            }
        }
        return rule
    }

    /// Three concepts per language; the last includes the first.
    static func randomConcepts(_ generator: inout SeededGenerator) -> String {
        var concepts: [String] = []
        for index in 0..<3 {
            var languages: [String] = []
            for language in [LanguageCode.english, .arabic, .persian] {
                let words = vocabulary[language] ?? []
                var members = (0..<(1 + Int(generator.next() % 3))).map { _ in
                    let word = words[Int(generator.next() % UInt64(words.count))]
                    return generator.next() % 3 == 0 ? "<\(word)>" : word
                }
                if index == 2 { members.append("~c0") }
                languages.append("\"\(language)\": [\(members.map { "\"\($0)\"" }.joined(separator: ", "))]")
            }
            concepts.append("\"c\(index)\": {\(languages.joined(separator: ", "))}")
        }
        return concepts.joined(separator: ", ")
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
            if generator.next() % 2 == 0 {
                let language = [LanguageCode.english, .arabic, .persian][Int(generator.next() % 3)]
                let key = generator.next() % 3 == 0 ? "inContext" : "evidence"
                intent += ", \"\(key)\": {\"\(language)\": [\"\(randomRule(language, &generator))\"]}"
            }
            if generator.next() % 3 == 0 {
                let words = vocabulary[.english] ?? []
                let set = (0..<2).map { _ in "\"\(words[Int(generator.next() % UInt64(words.count))])\"" }
                intent += ", \"keywords\": {\"en\": [[\(set.joined(separator: ", "))]]}"
            }
            intents.append(intent + "}")
        }
        return SourceFile(
            path: "random.json",
            text: """
                {"slots": {"order_id": {"type": "string", "entity": "order_id"}},
                 "concepts": {\(randomConcepts(&generator))},
                 "intents": {\(intents.joined(separator: ", "))}}
                """
        )
    }

    @Test("for random bots and messages, the prefiltered matcher returns exactly what every pattern returns")
    func soundness() throws {
        var generator = SeededGenerator(seed: 2_026)
        var compared = 0
        var nonEmpty = 0
        var ruleMatches = 0
        for _ in 0..<60 {
            let file = Self.randomBot(&generator)
            let result = BotCompiler.compile(files: [file])
            guard let bot = result.bot else {
                // Random templates can be legitimately rejected (for example duplicates); skip those bots.
                continue
            }
            let scratch = MatcherScratch()
            for round in 0..<150 {
                let message = bot.normalizer.normalizeWithOffsets(message: Self.randomMessage(&generator))
                // Every other message as if the state expected every intent, so rules for short replies run too.
                let expected: Set<String> = round % 2 == 0 ? [] : Set(bot.intentNames)
                let (fast, slow) = matchBothWays(bot, message, expected: expected, scratch: scratch)
                #expect(fast == slow, "\(message.text) in \(String(decoding: file.bytes, as: UTF8.self))")
                compared += 1
                if !slow.isEmpty { nonEmpty += 1 }
                if slow.contains(where: { $0.pattern.kind == .evidence || $0.pattern.kind == .inContext }) {
                    ruleMatches += 1
                }
            }
        }
        #expect(compared > 5_000)
        #expect(nonEmpty > compared / 10, "the generated messages must match often enough to test something")
        #expect(ruleMatches > compared / 50, "evidence rules and rules in context must match too")
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
            // Half the keys need a boundary on one side or both; every letter of these alphabets is
            // certainly a word character, so a space (or an end) is the only boundary.
            let bounds = keys.map { _ in (before: generator.next() % 4 == 0, after: generator.next() % 4 == 0) }
            let prefilter = LiteralPrefilter(
                requiredLiterals: keys.indices.map {
                    [[RequiredWord(keys[$0], boundedBefore: bounds[$0].before, boundedAfter: bounds[$0].after)]]
                }
            )
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
                        let end = start + needle.count
                        if bounds[index].before && start > 0 && bytes[start - 1] != 0x20 { continue }
                        if bounds[index].after && end < bytes.count && bytes[end] != 0x20 { continue }
                        expected.append(index)
                    }
                }
                // Key ids follow first appearance, which is the pattern order here.
                let names = found.map { prefilter.keys[Int(prefilter.patternsByKey[Int($0)][0])] ?? "" }.sorted()
                #expect(names == expected.map { keys[$0] }.sorted(), "keys \(keys) in \"\(message)\"")
            }
        }
    }

    @Test("the prefilter runs only patterns whose key occurs, plus those with no key")
    func selectivity() {
        let prefilter = LiteralPrefilter(
            requiredLiterals: [
                [["where"], ["order"]], [["cancel"], ["order"]], [], [["طلب"]], [["order"]], [["refund", "money"]],
            ].map { $0.map { $0.map { RequiredWord($0) } } }
        )
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

    @Test("a word the pattern needs on its own selects it only where it stands on its own, in every script")
    func boundaries() {
        let prefilter = LiteralPrefilter(requiredLiterals: [
            [[.whole("order")]],
            [[RequiredWord("order", boundedBefore: true)]],  // <order>: suffixes allowed
            [[.whole("طلب")]],
            [[RequiredWord("سفارش", boundedBefore: true)]],
            [[.whole("gate")]],
        ])
        var candidates: [Int32] = []
        prefilter.candidates(in: "where is my order?", into: &candidates)
        #expect(candidates == [0, 1])
        prefilter.candidates(in: "border crossing", into: &candidates)
        #expect(candidates.isEmpty, "a letter before the word")
        prefilter.candidates(in: "orders", into: &candidates)
        #expect(candidates == [1], "a suffix only where the pattern allows one")
        prefilter.candidates(in: "order5 _order", into: &candidates)
        #expect(candidates == [1], "digits and underscores are word characters")
        prefilter.candidates(in: "وين طلبي", into: &candidates)
        #expect(candidates.isEmpty)
        prefilter.candidates(in: "وين الطلب", into: &candidates)
        #expect(candidates.isEmpty, "the article is attached")
        prefilter.candidates(in: "طلب؟ سفارشم", into: &candidates)
        #expect(candidates == [2, 3])
        prefilter.candidates(in: "gate\u{064E}", into: &candidates)
        #expect(candidates == [4], "a combining mark is not a word character")
        prefilter.candidates(in: "gate\u{10400}", into: &candidates)
        #expect(candidates == [4], "a letter the prefilter cannot be sure of keeps the candidate")
    }

    @Test("templates report the boundaries they guarantee around each required word")
    func templateBoundaries() throws {
        func required(_ template: String, _ language: LanguageCode) throws -> [[String]] {
            let node = try TemplateParser.parse(template)
            return TemplateCompiler.requiredLiterals(
                node,
                language: language,
                normalizer: LiteralForms(TextNormalizer())
            ).map {
                $0.map { ($0.boundedBefore ? "|" : "") + $0.text + ($0.boundedAfter ? "|" : "") }
            }
        }
        #expect(try required("where is my order", .english) == [["|where|"], ["|is|"], ["|my|"], ["|order|"]])
        #expect(try required("[please] track [my] order [now]", .english) == [["|track|"], ["|order|"]])
        #expect(try required("track <order>", .english) == [["|track|"], ["|order"]])
        #expect(try required("(where is|track) order", .english) == [["|where|", "|track|"], ["|order|"]])
        #expect(try required("#{order_id} now", .english) == [["|#"], ["|now|"]], "a slot written against it")
        #expect(try required("order{order_id}", .english) == [["|order"]])
        #expect(try required("gate *2 open", .english) == [["|gate|"], ["|open|"]])
        #expect(try required("gate !closed", .english) == [["|gate|"]])
        #expect(try required("[my]order", .english) == [["order|"]], "an optional written against it")
        // Arabic and Persian words may be joined: only the pattern's own edges are boundaries.
        #expect(try required("وين الطلب", .arabic) == [["|وين"], ["الطلب|"]])
        #expect(try required("<طلب> وين", .arabic) == [["طلب"], ["وين|"]])
        #expect(try required("سفارش (کجاست|کی میرسه)", .persian) == [["|سفارش"], ["كجاست|", "ميرسه|"]])
        #expect(try required("<سفارش>", .persian) == [["|سفارش"]])
    }
}
