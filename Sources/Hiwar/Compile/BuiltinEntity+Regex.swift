internal import HiwarSyntax

/// The recognizers of the built-in entities: PCRE2 source in match form, built from the vocabularies in
/// `Values`, used inside templates as `{slot}` and to find slots anywhere in a message.
extension BuiltinEntity {
    /// The recognizer, as PCRE2 source without boundaries or groups of its own.
    var regex: String {
        switch self {
        case .number: "(?:[0-9]+(?:[.,][0-9]+)*|" + NumberVocabulary.regex + ")"
        case .orderID: "(?:# ?)?(?:[a-z]{1,3}-[0-9]{3,12}|[0-9]{6,10})"
        case .flightNumber: "(?:[a-z]{2}|[a-z][0-9]|[0-9][a-z]) ?[0-9]{1,4}"
        case .cardLast4: "[0-9]{4}"
        case .date: DateVocabulary.regex
        case .duration: DurationVocabulary.regex
        case .word: "[^ ]+"
        case .text: ".+"
        }
    }
}

extension DateVocabulary {
    static let regex: String = {
        let relativeWords = LiteralRegex.alternation(relative.flatMap(\.words))
        let names = weekdays.flatMap { $0 }
        let weekday = LiteralRegex.alternation(names.filter { !weekdaysAfterPrefixOnly.contains($0) })
        let prefixedOnly = LiteralRegex.alternation(names.filter { weekdaysAfterPrefixOnly.contains($0) })
        let prefix = LiteralRegex.alternation(weekdayPrefixes)
        let months = LiteralRegex.alternation(gregorianMonths.flatMap { $0 } + persianMonths)
        // "the first" of a month: اول فروردين, بأول كانون الأول, first of May.
        let day = "(?:(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?|ب?اول|first)"
        let year = "(?:1[34][0-9]{2}|20[0-9]{2})"
        return "(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
            + "|\(day) (?:of )?\(months)(?:,? \(year))?"
            + "|\(months) \(day)(?:,? \(year))?"
            + "|(?:[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?)"
            + "|\(relativeWords)"
            + "|(?:\(prefix) )?\(weekday)"
            + "|\(prefix) \(prefixedOnly))"
    }()
}

extension NumberVocabulary {
    /// Arabic writes a preposition or "and" onto a number word: لأربعة، وخمسة.
    static let regex: String = "(?:و|ب|ل)?" + LiteralRegex.alternation(words.flatMap(\.words))
}

extension DurationVocabulary {
    static let regex: String = {
        let unit = LiteralRegex.alternation(units.flatMap(\.words))
        // Up to 9999, as the parser reads: a long duration is seen, so a slot's maximum can refuse it.
        let count = "(?:[0-9]{1,4}|" + LiteralRegex.alternation(numberWords.flatMap(\.words)) + ")"
        let next = LiteralRegex.alternation([
            "next", "الجاي", "القادم", "المقبل", "الجايه", "القادمه", "بعد", "ديگه", "ديگر", "اينده",
        ])
        let preposition = LiteralRegex.alternation([
            "in", "after", "within", "for", "بعد", "خلال", "بعد از", "تا", "لمده",
        ])
        // "A few hours from now" names no length: a unit after an indefinite quantity is not a duration.
        let indefinite = ["چند", "چندين", "few", "several", "كم", "عده", "كام"].map { "(?<!\($0) )" }.joined()
        // Without a count, only a singular unit is one of it ("in a week", "بعد اسبوع"); "in days" names no length.
        let plurals: Set<String> = [
            "minutes", "mins", "hours", "hrs", "days", "weeks", "wks", "months", "دقايق", "ساعات", "ايام", "اسابيع",
            "شهور", "اشهر",
        ]
        let singular = LiteralRegex.alternation(units.flatMap(\.words).filter { !plurals.contains($0) })
        return "(?:\(preposition) (?:\(count) \(unit)|\(singular))(?: (?:later|from now|ديگه|ديگر|بعد))?"
            // Persian joins a noun and its adjective with an ezafe written ی after a half-space: هفته‌ی بعد.
            // Arabic writes the article, or ل with it (للشهر الجاي, "for next month"), onto the unit.
            + "|\(indefinite)(?:ال|لل)?\(unit)(?: ?ي)? \(next)"
            + "|next \(unit)"
            + "|\(count) \(unit) (?:later|from now|ديگه|ديگر|بعد))"
    }()
}
