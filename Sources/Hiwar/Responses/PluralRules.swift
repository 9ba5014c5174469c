package import HiwarSyntax

/// CLDR plural categories, for the `plural:` formatter.
package enum PluralCategory: String, Sendable, Hashable, CaseIterable {
    /// Arabic 0.
    case zero
    /// 1 (and, in Persian, any number whose integer part is 0).
    case one
    /// Arabic 2.
    case two
    /// Arabic 3–10 (by the last two digits).
    case few
    /// Arabic 11–99 (by the last two digits).
    case many
    /// Everything else.
    case other

    /// The category of `number` in `language`, by the CLDR rules for English, Arabic and Persian
    /// (other languages use English's).
    package static func of(_ number: Double, in language: LanguageCode) -> PluralCategory {
        let isInteger = number.rounded() == number && abs(number) < 1e15
        switch language.rawValue {
        case "ar":
            guard isInteger else { return .other }
            let n = Int(abs(number))
            let lastTwo = n % 100
            if n == 0 { return .zero }
            if n == 1 { return .one }
            if n == 2 { return .two }
            if (3...10).contains(lastTwo) { return .few }
            if (11...99).contains(lastTwo) { return .many }
            return .other
        case "fa":
            return abs(number) < 1 || number == 1 ? .one : .other
        default:
            return isInteger && abs(number) == 1 ? .one : .other
        }
    }
}
