import Testing

@testable import Hiwar

@Suite("Typo tolerance")
struct TypoTests {
    static let bot: CompiledBot? = BotCompiler.compile(files: [
        SourceFile(
            path: "typos.json",
            text: """
                {
                  "intents": {
                    "order.track": {"patterns": {"en": ["where is my order", "track [my] order"], "ar": ["وين الشحنه"], "fa": ["پیگیری سفارش"]}},
                    "order.cancel": {"patterns": {"en": ["cancel [my] order"]}},
                    "flight.gate": {"patterns": {"en": ["which =gate"]}},
                    "refund": {"typos": false, "patterns": {"en": ["refund please"]}},
                    "international": {"patterns": {"en": ["international delivery"]}},
                    "human": {"keywords": {"en": [["speak", "representative"]]}}
                  }
                }
                """
        )
    ]).bot

    func best(_ message: String) throws -> IntentMatch? {
        try #require(Self.bot).match(message).matches.first
    }

    @Test(
        "misspelled words match, ranked as typos, in all three languages",
        arguments: [
            ("where is my ordr", "order.track"), ("trak my order", "order.track"), ("cancell my order", "order.cancel"),
            ("speak to a representitive", "human"), ("international delivrey", "international"),
            ("internasional delivery", "international"), ("وين الشحنى", "order.track"), ("پیگری سفارش", "order.track"),
        ]
    )
    func hits(_ message: String, _ intent: String) throws {
        let match = try #require(try best(message), "\(message)")
        #expect(match.intent == intent)
        #expect(match.tier == .typo)
    }

    @Test(
        "near misses stay unmatched",
        arguments: [
            "where is my border",  // first letter differs
            "which gat",  // =gate is exact, and too short anyway
            "refnud please",  // the intent has typos off
            "where is my ordering",  // three edits away
            "track my 0rder",  // digits are never corrected
            "cancel my orders",  // not a whole-word match, and 'orders' is not a typo of anything closer
        ]
    )
    func nearMisses(_ message: String) throws {
        let match = try best(message)
        if message.contains("orders") {
            #expect(match?.tier != .typo || match?.intent == "order.cancel")
        } else {
            #expect(match == nil, "\(message) → \(String(describing: match))")
        }
    }

    @Test("an exact match ranks above a typo match; the typo pass runs only when it can change the winner")
    func exactBeatsTypo() throws {
        let bot = try #require(Self.bot)
        let result = bot.match("cancel my ordr, where is my order")
        #expect(result.matches.first?.intent == "order.track")
        #expect(result.matches.first?.tier != .typo)
        #expect(
            !result.matches.contains { $0.tier == .typo },
            "a typo pass cannot change this winner, so it is skipped"
        )
        let expecting = bot.match("cancel my ordr, where is my order", expected: ["order.cancel"])
        #expect(expecting.matches.first?.intent == "order.cancel", "an expected intent ranks first, even as a typo")
        #expect(expecting.matches.first?.tier == .typo)
    }

    @Test("the bounded edit distance equals the full one up to its limit, and exceeds the limit otherwise")
    func boundedEditDistance() {
        var generator = SeededGenerator(seed: 0x6564_6974)
        let alphabet: [UInt32] = [0x61, 0x62, 0x63, 0x0637, 0x0644, 0x0628]
        for _ in 0..<3_000 {
            let a = (0..<Int(generator.next() % 9)).map { _ in alphabet[Int(generator.next() % 6)] }
            let b = (0..<Int(generator.next() % 9)).map { _ in alphabet[Int(generator.next() % 6)] }
            let full = Spelling.editDistance(
                a.compactMap(Unicode.Scalar.init),
                b.compactMap(Unicode.Scalar.init)
            )
            for limit in 0...3 {
                let bounded = a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in Spelling.editDistance(a, b, limit: limit) }
                }
                if full <= limit {
                    #expect(bounded == full, "\(a) \(b) limit \(limit)")
                } else {
                    #expect(bounded > limit, "\(a) \(b) limit \(limit)")
                }
            }
        }
    }

    @Test(
        "the deletion index finds the same correction as a scan of the whole vocabulary",
        arguments: [
            TypoPolicy(), TypoPolicy(oneEditFrom: 4, twoEditsFrom: 6), TypoPolicy(oneEditFrom: 6, twoEditsFrom: 7),
        ]
    )
    func indexAgreesWithScan(policy: TypoPolicy) {
        // A small alphabet (Latin and Arabic letters) makes near neighbours common, so every kind of
        // edit, every length and every tie between candidates turns up.
        var generator = SeededGenerator(seed: 0x7479_706F + UInt64(policy.oneEditFrom * 10 + policy.twoEditsFrom))
        let alphabet: [Unicode.Scalar] = ["a", "b", "c", "d", "\u{0637}", "\u{0644}", "\u{0628}"]
        func word(_ lengths: ClosedRange<Int>) -> String {
            let count = lengths.lowerBound + Int(generator.next() % UInt64(lengths.count))
            return String(
                String.UnicodeScalarView(
                    (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                )
            )
        }
        for round in 0..<12 {
            let vocabulary = Set((0..<60).map { _ in word(3...11) })
            let known = Set(vocabulary.prefix(10)).union((0..<5).map { _ in word(4...6) })
            let index = TypoIndex(vocabulary: vocabulary, known: known, policy: policy)
            for _ in 0..<300 {
                // Typed words: vocabulary words with up to three random edits, and random words.
                var typed = Array(
                    (generator.next() % 3 == 0 ? word(2...12) : vocabulary.randomElement(using: &generator) ?? "")
                        .unicodeScalars
                )
                for _ in 0..<Int(generator.next() % 4) where !typed.isEmpty {
                    let at = Int(generator.next() % UInt64(typed.count))
                    switch generator.next() % 4 {
                    case 0: typed.remove(at: at)
                    case 1: typed.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
                    case 2: typed[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    default: if at + 1 < typed.count { typed.swapAt(at, at + 1) }
                    }
                }
                let text = String(String.UnicodeScalarView(typed))
                // The scan: the closest vocabulary word with the same first letter within its allowed distance;
                // among equals, one of the same letters (a transposition) first, then the alphabetically first;
                // never a known word, never a word under four letters.
                func anagram(_ word: String) -> Bool {
                    word.unicodeScalars.map(\.value).sorted() == typed.map(\.value).sorted()
                }
                var expected: (word: String, distance: Int)?
                if typed.count >= 4 && !known.contains(text) {
                    for candidate in vocabulary.sorted() {
                        let scalars = Array(candidate.unicodeScalars)
                        let allowed = policy.maximumDistance(forLength: scalars.count)
                        guard allowed > 0, scalars.first == typed.first else { continue }
                        let distance = Spelling.editDistance(typed, scalars)
                        guard distance > 0, distance <= allowed else { continue }
                        if let current = expected {
                            if distance < current.distance
                                || (distance == current.distance && anagram(candidate) && !anagram(current.word))
                            {
                                expected = (candidate, distance)
                            }
                        } else {
                            expected = (candidate, distance)
                        }
                    }
                }
                let found = index.correction(for: Substring(text))
                #expect(found?.word == expected?.word, "round \(round): \(text)")
                #expect(found?.distance == expected?.distance, "round \(round): \(text)")
            }
        }
    }

    @Test("a typed word is looked up with as few deletions as reach every correctable word")
    func reach() {
        let policy = TypoPolicy()
        #expect(TypoIndex.reach(typedLength: 3, policy: policy) == nil)
        #expect(TypoIndex.reach(typedLength: 4, policy: policy) == 0, "ordr meets order by order's deletions")
        #expect(TypoIndex.reach(typedLength: 5, policy: policy) == 1)
        #expect(
            TypoIndex.reach(typedLength: 8, policy: policy) == 1,
            "a 9-letter word is two edits from 8 only with one deletion"
        )
        #expect(TypoIndex.reach(typedLength: 9, policy: policy) == 2)
        #expect(TypoIndex.reach(typedLength: 2, policy: TypoPolicy(oneEditFrom: 8, twoEditsFrom: 4)) == 0)
    }

    @Test("the deletion index finds candidates without scanning the vocabulary")
    func index() {
        let index = TypoIndex(
            vocabulary: ["order", "representative", "cancel"],
            known: ["order", "my"],
            policy: TypoPolicy()
        )
        #expect(index.correction(for: "ordr")?.word == "order")
        #expect(index.correction(for: "represnetatvie")?.word == "representative")
        #expect(index.correction(for: "representat")?.word == nil, "three edits")
        #expect(index.correction(for: "order") == nil, "known words are never corrected")
        #expect(TypoIndex.deletionVariants(Array("abc".unicodeScalars), upTo: 1) == ["abc", "bc", "ac", "ab"])
    }

    @Test("between candidates at the same distance, letters swapped beat a letter changed")
    func transpositionWinsTies() {
        let index = TypoIndex(vocabulary: ["starts", "status"], known: [], policy: TypoPolicy())
        #expect(index.correction(for: "stauts")?.word == "status")
        #expect(index.correction(for: "stazts")?.word == "starts", "no anagram: the alphabetically first")
    }

    @Test(
        "a short word with its last letter doubled is the word the patterns know",
        arguments: [("heyy", "hey"), ("okk", "ok"), ("byee", "bye"), ("مرسیی", "مرسی"), ("hii", "hi")]
    )
    func undoubled(_ typed: String, _ word: String) {
        let index = TypoIndex(
            vocabulary: [],
            known: ["hey", "ok", "bye", "مرسی", "hi", "see", "of"],
            policy: TypoPolicy()
        )
        let scalars = typed.unicodeScalars.map(\.value)
        #expect(scalars.withUnsafeBufferPointer { index.undoubled(scalars: $0) } == word)
    }

    @Test(
        "a doubled letter stays when the word is known, or its single form is not",
        arguments: ["see", "off", "hey", "zz"]
    )
    func keepsDoubles(_ typed: String) {
        let index = TypoIndex(vocabulary: [], known: ["hey", "ok", "see", "bye"], policy: TypoPolicy())
        let scalars = typed.unicodeScalars.map(\.value)
        #expect(scalars.withUnsafeBufferPointer { index.undoubled(scalars: $0) } == nil)
    }

    @Test("stretched replies in every language are the short word they stretch")
    func stretchedMessages() throws {
        let bot = try #require(
            BotCompiler.compile(files: [
                SourceFile(
                    path: "short.json",
                    text: """
                        {"intents": {
                          "greet": {"patterns": {"en": ["hey"], "ar": ["هلا"]}},
                          "affirm": {"patterns": {"en": ["ok"], "fa": ["باشه"]}},
                          "thanks": {"patterns": {"fa": ["مرسی"]}},
                          "goodbye": {"patterns": {"ar": ["باي"]}}
                        }}
                        """
                )
            ]).bot
        )
        let cases = [("heyy", "greet"), ("okk", "affirm"), ("مرسیی", "thanks"), ("بايي", "goodbye"), ("هلاا", "greet")]
        for (message, intent) in cases {
            let found = bot.match(message).matches.first
            #expect(found?.intent == intent, "\(message)")
            #expect(found?.tier == .typo, "\(message) ranks as a typo")
        }
        #expect(bot.match("heyyo").matches.isEmpty, "only a doubled last letter")
    }
}
