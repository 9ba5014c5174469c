/// Identifies whether a message is English, Arabic or Persian, and says *unknown* when unsure.
///
/// Script comes first: Latin letters mean English; Arabic-script letters mean Arabic or Persian.
/// Between those two it weighs evidence, strongest first: the letters only Persian uses (پ چ ژ گ),
/// ZWNJ between letters and ۀ; Persian and Arabic function words and verb prefixes (می، است، را /
/// هل، ماذا، أريد، في); Persian-keyboard ی and ک; ة, ى and tanwin for Arabic. A message with no
/// letters, or with too little evidence either way ("سلام", "123456"), is ``Guess/language``
/// `nil`: the caller keeps the conversation's current language.
package struct LanguageIdentifier: Sendable {
    /// The outcome of identification: a language or `nil`, and the scores behind it.
    package struct Guess: Sendable, Hashable {
        /// The identified language, or `nil` when unsure.
        package let language: LanguageCode?
        /// Evidence for English, Arabic and Persian (letters counted, words weighed).
        package let scores: [LanguageCode: Double]
    }

    private let normalizer: TextNormalizer

    /// The margin one of Arabic and Persian must lead the other by.
    private static let margin = 1.0

    /// Creates an identifier.
    package init() {
        self.normalizer = TextNormalizer()
    }

    /// Identifies the language of `text`.
    ///
    /// - Complexity: O(*n*) in the scalars of `text`, capped at the normalizer's input cap.
    package func identify(_ text: String) -> Guess {
        identify(text, normalized: nil)
    }

    /// Identifies the language of `text`, reusing its match form when the caller has it.
    package func identify(_ text: String, normalized: String?) -> Guess {
        let evidence = weigh(text, normalized: normalized)
        guard evidence.latin + evidence.arabicScript > 0 else { return Guess(language: nil, scores: [:]) }
        if evidence.latin > evidence.arabicScript {
            return Guess(language: .english, scores: [.english: evidence.latin, .arabic: 0, .persian: 0])
        }
        return Guess(
            language: evidence.language,
            scores: [.english: evidence.latin, .arabic: evidence.arabic, .persian: evidence.persian]
        )
    }

    /// The language alone, without the scores (the matcher's per-message path).
    package func language(of text: String, normalized: String?) -> LanguageCode? {
        weigh(text, normalized: normalized).language
    }

    /// The language and whether the evidence between Arabic and Persian is strong: a margin of at least
    /// ``strongMargin`` (a Persian letter, or a function word and more), not just tanwin or one word, which both
    /// languages share ("فعلاً", "لطفاً").
    package func languageAndStrength(of text: String, normalized: String?) -> (language: LanguageCode?, strong: Bool) {
        let evidence = weigh(text, normalized: normalized)
        return (evidence.language, abs(evidence.arabic - evidence.persian) >= Self.strongMargin)
    }

    /// The language when its evidence is strong, else `nil`: what the matcher keeps Arabic and Persian patterns
    /// apart by.
    package func strongLanguage(of text: String, normalized: String?) -> LanguageCode? {
        let (language, strong) = languageAndStrength(of: text, normalized: normalized)
        return strong || language == .english ? language : nil
    }

    /// The margin between Arabic and Persian evidence that counts as strong.
    package static let strongMargin = 2.5

    /// The evidence for each language, and the decision it leads to.
    private func weigh(
        _ text: String,
        normalized: String?
    ) -> (language: LanguageCode?, latin: Double, arabicScript: Double, arabic: Double, persian: Double) {
        // All-ASCII text (most English messages): only Latin letters count, so count bytes.
        let asciiLetters = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var letters = 0
            for byte in bytes.prefix(4_096) {
                if byte >= 0x80 { return nil }
                if byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A { letters += 1 }
            }
            return letters
        }
        if let letters = asciiLetters ?? nil {
            return letters > 0 ? (.english, Double(letters), 0, 0, 0) : (nil, 0, 0, 0, 0)
        }
        var latin = 0.0
        var arabicScript = 0.0
        var persian = 0.0
        var arabic = 0.0
        var previousWasArabicLetter = false
        var pendingZWNJ = false
        var index = 0
        for scalar in text.unicodeScalars {
            if index >= 4_096 { break }
            index += 1
            let v = scalar.value
            let isArabicLetter = UnicodeTables.isArabicScriptLetter(v)
            if isArabicLetter {
                arabicScript += 1
                if pendingZWNJ && previousWasArabicLetter { persian += 2 }
                switch v {
                case 0x067E, 0x0686, 0x0698, 0x06AF: persian += 3  // پ چ ژ گ
                case 0x06C0: persian += 2  // ۀ
                case 0x06CC, 0x06A9: persian += 1  // ی ک: Arabic keyboards type ي ك
                case 0x0629: arabic += 1  // ة
                case 0x0649: arabic += 0.5  // ى
                default: break
                }
            } else if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                || (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7)
            {
                latin += 1
            } else if v >= 0x064B && v <= 0x064D {
                arabic += 1  // tanwin
            } else if v >= 0x06F0 && v <= 0x06F9 {
                persian += 0.5  // Persian digits
            } else if v >= 0x0660 && v <= 0x0669 {
                arabic += 0.5  // Arabic-Indic digits
            }
            if v == 0x200C {
                pendingZWNJ = true
            } else {
                pendingZWNJ = false
                previousWasArabicLetter = isArabicLetter
            }
        }
        guard latin + arabicScript > 0 else { return (nil, 0, 0, 0, 0) }
        if latin > arabicScript { return (.english, latin, arabicScript, 0, 0) }

        var match = normalized ?? normalizer.normalize(message: text)
        match.withUTF8 { bytes in
            // Words are runs of letters: every byte except ASCII non-letters (spaces, digits and
            // punctuation, which normalization has made ASCII). Compared by hash: no allocation.
            var start = 0
            for index in 0...bytes.count {
                let isBoundary =
                    index == bytes.count
                    || (bytes[index] < 0x80 && !(bytes[index] | 0x20 >= 0x61 && bytes[index] | 0x20 <= 0x7A))
                guard isBoundary else { continue }
                if index > start {
                    let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    let hash = Self.hash(word)
                    if Self.persianWords.contains(hash) {
                        persian += 1.5
                    } else if Self.arabicWords.contains(hash) {
                        arabic += 1.5
                    } else if word.count >= 8, word[0] == 0xD8, word[1] == 0xA7, word[2] == 0xD9, word[3] == 0x84,
                        !Self.sharedWords.contains(hash)
                    {
                        arabic += 0.5  // the article ال, on a word of at least four letters
                    }
                }
                start = index + 1
            }
        }
        let language: LanguageCode? =
            persian - arabic >= Self.margin ? .persian : arabic - persian >= Self.margin ? .arabic : nil
        return (language, latin, arabicScript, arabic, persian)
    }

    /// Persian function words, pronouns, verb prefixes and common chat words, in match form.
    private static let persianWords: Set<UInt64> = hashes(
        """
        است هست هستش نيست را رو مي نمي كه اون از براي تا چي چه چرا كي كجا كجاست چطور چطوره \
        شما ما نه اره بله ممنون مرسي خيلي يك دارم ندارم ميخوام ميخواهم خواهم خوام كنم كن كنيد كنين \
        شد شده بود باشه بايد لطفا هاي ها ات اش مان تان شان كردم كرديد ميشه نميشه چند چقدر كدوم كدام \
        هنوز فردا امروز ديروز دستم نرسيده رسيد سفارش سفارشم سفارشمو كارتم پروازم يه بعدا بگو بگين حرف بزنم هفته يادم خداحافظ خدافظ چطوري
        """
    )

    /// Arabic function words, interrogatives and common Gulf and Egyptian chat words, in match form.
    private static let arabicWords: Set<UInt64> = hashes(
        """
        في علي الي عن هل ماذا لماذا متي وين فين كيف كيفك هذا هذه ذلك تلك التي الذي لا نعم اريد ابغي \
        ابي عايز عاوز لو سمحت فضلك انا انت هو هي كان يا مع حتي ليش ليه شو ايش امتي دلوقتي الحين وش \
        طلبي بطاقتي رحلتي شكرا مرحبا اهلا اللي مش مو ماهو وصل يوصل متى الطلب البطاقه الرحله بكره غدا \
        اتكلم موظف احد خدمه العملاء لسه لسا شي شيء وصلني ماوصلني جاني اجاني بدي هلق ازاي عشان علشان تبع تبعي بتاعي
        """
    )

    /// Words both languages use that look Arabic by their article.
    private static let sharedWords: Set<UInt64> = hashes("الان البته الحمدلله الله")

    /// FNV-1a of a word's UTF-8 bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The hashes of the match forms of space-separated words.
    private static func hashes(_ words: String) -> Set<UInt64> {
        let normalizer = TextNormalizer()
        var result = Set<UInt64>()
        for word in normalizer.normalize(literal: words).split(separator: " ") {
            var text = String(word)
            text.withUTF8 { _ = result.insert(hash($0)) }
        }
        return result
    }
}
