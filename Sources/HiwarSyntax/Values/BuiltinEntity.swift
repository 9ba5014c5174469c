/// The entities Hiwar knows without a declaration, in English, Arabic and Persian.
///
/// Each has a recognizer: PCRE2 source in match form (normalized text, ASCII digits, the folded
/// letters ا ي ك ه و), used inside templates as `{slot}` and to find slots anywhere in a message.
/// Values are turned into the canonical forms of the normalization spec §7 by ``SlotValueParser``.
package enum BuiltinEntity: String, CaseIterable, Sendable {
    /// A number: `3`, `12.5`, `12,500`.
    case number
    /// An order id: `558120`, `#558120`, `A-55012`.
    case orderID = "order_id"
    /// A flight number: `EK203`, `ek 203`, `W5 1234`.
    case flightNumber = "flight_number"
    /// The last four digits of a card.
    case cardLast4 = "card_last4"
    /// A date: today, tomorrow, a weekday, 14 March, ۲۵ اسفند, 2026-12-01.
    case date
    /// A duration: in 3 days, next week, بعد أسبوع, بعد از یک هفته.
    case duration
    /// One word of any kind.
    case word = "any"
    /// The whole message, for free-text answers ("tell me what happened").
    case text

    /// The value type a slot filled by this entity has.
    package var valueType: ValueType {
        switch self {
        case .number: .number
        case .orderID, .flightNumber, .cardLast4, .word, .text: .string
        case .date: .date
        case .duration: .duration
        }
    }
}

/// Words for dates in the three languages, in match form.
package enum DateVocabulary {
    package static let relative: [(words: [String], days: Int)] = [
        (["today", "اليوم", "النهارده", "النهاردا", "امروز", "امروزم"], 0),
        (["tomorrow", "tmrw", "tmr", "غدا", "الغد", "بكره", "بكرا", "بكرة", "باكر", "فردا", "فردام"], 1),
        (
            [
                "day after tomorrow", "the day after tomorrow", "بعد غد", "بعد الغد", "بعد غدا", "بعد بكره", "بعد بكرا",
                "پس فردا", "پسفردا", "بعد از فردا",
            ], 2
        ),
    ]

    /// Weekday names per language; index 0 is Sunday.
    package static let weekdays: [[String]] = [
        ["sunday", "sun", "الاحد", "احد", "يكشنبه", "يك شنبه"],
        ["monday", "mon", "الاثنين", "الاتنين", "اثنين", "دوشنبه", "دو شنبه"],
        ["tuesday", "tue", "tues", "الثلاثاء", "الثلاثا", "الثلاث", "ثلاثاء", "سه شنبه", "سهشنبه"],
        ["wednesday", "wed", "الاربعاء", "الاربعا", "اربعاء", "چهارشنبه", "چهار شنبه"],
        ["thursday", "thu", "thurs", "الخميس", "خميس", "پنجشنبه", "پنج شنبه"],
        ["friday", "fri", "الجمعه", "جمعه"],
        ["saturday", "sat", "السبت", "سبت", "شنبه"],
    ]

    /// Gregorian month names (English, Arabic of Egypt and the Gulf, Levantine Arabic, Persian).
    package static let gregorianMonths: [[String]] = [
        ["january", "jan", "يناير", "كانون الثاني", "ژانويه"],
        ["february", "feb", "فبراير", "شباط", "فوريه"],
        ["march", "mar", "مارس", "اذار"],
        ["april", "apr", "ابريل", "نيسان", "اوريل", "آوريل"],
        ["may", "مايو", "ايار", "مه"],
        ["june", "jun", "يونيو", "حزيران", "ژوين", "ژوئن"],
        ["july", "jul", "يوليو", "تموز", "ژوييه", "ژوئيه"],
        ["august", "aug", "اغسطس", "اب", "اوت"],
        ["september", "sep", "sept", "سبتمبر", "ايلول", "سپتامبر"],
        ["october", "oct", "اكتوبر", "تشرين الاول", "اكتبر"],
        ["november", "nov", "نوفمبر", "تشرين الثاني", "نوامبر"],
        ["december", "dec", "ديسمبر", "كانون الاول", "دسامبر"],
    ]

    /// Solar Hijri (Persian calendar) month names.
    package static let persianMonths: [String] = [
        "فروردين", "ارديبهشت", "خرداد", "تير", "مرداد", "شهريور", "مهر", "ابان", "اذر", "دي", "بهمن", "اسفند",
    ]

    /// Words that may precede a weekday ("next friday", "يوم الجمعه", "روز جمعه").
    package static let weekdayPrefixes = ["next", "this", "on", "يوم", "روز", "الجاي"]

    /// Weekday names that are a common word on their own, read as a weekday only after a prefix: Arabic "احد"
    /// (أحد) is "someone, anyone" far more often than Sunday ("ابي احد يكلمني"), which alone is "الاحد" or
    /// "يوم احد".
    package static let weekdaysAfterPrefixOnly: Set<String> = ["احد"]

}

/// Number words in the three languages, for the `number` entity ("four", "أربعة", "چهار" → 4).
package enum NumberVocabulary {
    /// Words and their values, one to twelve.
    ///
    /// Words that are mostly something else are left out: "a", Persian
    /// نه (also "no"), Arabic ست (also "lady").
    package static let words: [(words: [String], value: Int)] = [
        (["one", "واحد", "وحده", "يك", "يكي"], 1),
        (["two", "اثنين", "اتنين", "اثنان", "دو"], 2),
        (["three", "ثلاث", "ثلاثه", "تلات", "تلاته", "سه"], 3),
        (["four", "اربع", "اربعه", "چهار"], 4),
        (["five", "خمس", "خمسه", "پنج"], 5),
        (["six", "سته", "شش"], 6),
        (["seven", "سبع", "سبعه", "هفت"], 7),
        (["eight", "ثمان", "ثماني", "ثمانيه", "تمانيه", "هشت"], 8),
        (["nine", "تسع", "تسعه"], 9),
        (["ten", "عشر", "عشره", "ده"], 10),
        (["eleven", "احدعش", "احد عشر", "يازده"], 11),
        (["twelve", "اثنا عشر", "اطنعش", "دوازده"], 12),
    ]

    /// The value of a number word in match form (an attached و, ب or ل allowed), if it is one.
    package static func value(of word: String) -> Int? {
        if let value = values[word] { return value }
        guard let first = word.first, "وبل".contains(first) else { return nil }
        return values[String(word.dropFirst())]
    }

    /// The value of each number word in match form.
    package static let values: [String: Int] = {
        let normalizer = TextNormalizer()
        var table: [String: Int] = [:]
        for (list, value) in words {
            for word in list { table[normalizer.normalize(literal: word)] = value }
        }
        return table
    }()
}

/// Words for durations in the three languages, in match form.
package enum DurationVocabulary {
    /// Units and their ISO 8601 designator; the first word of each list is singular.
    package static let units: [(words: [String], designator: String)] = [
        (["minute", "minutes", "min", "mins", "دقيقه", "دقايق", "دقيقتين", "دقيقة"], "M"),
        (["hour", "hours", "hr", "hrs", "ساعه", "ساعات", "ساعتين", "ساعت"], "H"),
        (["day", "days", "يوم", "ايام", "يومين", "روز"], "D"),
        (["week", "weeks", "wk", "wks", "fortnight", "اسبوع", "اسابيع", "اسبوعين", "هفته"], "W"),
        (["month", "months", "شهر", "شهور", "اشهر", "شهرين", "ماه"], "M"),
    ]

    /// Number words up to ten, per language, with their value.
    package static let numberWords: [(words: [String], value: Int)] = [
        (["a", "an", "one", "واحد", "يك", "يه"], 1),
        (["two", "اثنين", "اتنين", "دو"], 2),
        (["three", "ثلاث", "ثلاثه", "تلات", "تلاته", "سه"], 3),
        (["four", "اربع", "اربعه", "چهار"], 4),
        (["five", "خمس", "خمسه", "پنج"], 5),
        (["six", "ست", "سته", "شش"], 6),
        (["seven", "سبع", "سبعه", "هفت"], 7),
        (["eight", "ثمان", "ثماني", "ثمانيه", "هشت"], 8),
        (["nine", "تسع", "تسعه", "نه"], 9),
        (["ten", "عشر", "عشره", "ده"], 10),
    ]

}
