internal import Foundation
internal import HiwarSyntax
internal import Synchronization

/// Formats slot values for replies: dates, times, months, durations, numbers, currency and
/// plurals in the reply's language, calendar and digits.
struct ValueFormatter {
    let language: LanguageCode
    let digits: DigitScript
    let calendar: ReplyCalendar
    let timeZone: TimeZone

    private var locale: Locale {
        let base = language.rawValue == "fa" ? "fa_IR" : language.rawValue == "en" ? "en_US" : language.rawValue
        return Locale(identifier: base + "@numbers=latn")
    }

    /// Applies one formatter; `nil` when the value does not suit it (the value is shown as is).
    func apply(_ name: String, argument: String?, to value: String) -> String? {
        switch name {
        case "date":
            return ValueCheck.date(value).map { format($0, template: "EEEEMMMMd", zone: utc, calendar: calendar) }
        case "time":
            return ValueCheck.dateTime(value).map {
                format($0.date, template: "jmm", zone: $0.offset, calendar: calendar)
            }
        case "datetime":
            return ValueCheck.dateTime(value).map {
                format($0.date, template: "EEEEMMMMdjmm", zone: $0.offset, calendar: calendar)
            }
        case "month":
            return ValueCheck.date(value + "-01").map {
                format($0, template: Self.monthYearTemplate, zone: utc, calendar: .gregorian)
            }
        case "duration":
            return ISODuration(value).map { digits.apply(to: DurationWords.phrase($0, in: language)) }
        case "upper": return value.uppercased()
        case "lower": return value.lowercased()
        case "number":
            guard let number = Double(value) else { return nil }
            let formatter = NumberFormatter()
            formatter.locale = locale
            formatter.numberStyle = .decimal
            return formatter.string(from: NSNumber(value: number)).map(digits.apply)
        case "currency":
            guard let number = Double(value) else { return nil }
            let formatter = NumberFormatter()
            formatter.locale = locale
            formatter.numberStyle = .currency
            formatter.currencyCode = argument ?? "USD"
            return formatter.string(from: NSNumber(value: number)).map(digits.apply)
        case "plural":
            guard let number = Double(value) else { return nil }
            let category = PluralCategory.of(number, in: language)
            var forms: [String: String] = [:]
            for part in (argument ?? "").split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { forms[pair[0].trimmingSpaces] = pair[1] }
            }
            guard let form = forms[category.rawValue] ?? forms["other"] else { return nil }
            return form.replacingOccurrences(of: "#", with: digits.apply(to: value))
        case "digits":
            return DigitScript(rawValue: argument ?? "").map { $0.apply(to: value) }
        default:
            return nil
        }
    }

    private var utc: TimeZone { TimeZone(identifier: "UTC") ?? timeZone }

    private func format(_ date: Date, template: String, zone: TimeZone, calendar: ReplyCalendar) -> String {
        let key = "\(language.rawValue)|\(calendar.rawValue)|\(template)|\(zone.identifier)|\(zone.secondsFromGMT())"
        let text = Self.dateFormatters.withLock { cache -> String in
            if let formatter = cache[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = locale
            var system = Calendar(identifier: calendar.identifier)
            system.locale = locale
            system.timeZone = zone
            formatter.calendar = system
            formatter.timeZone = zone
            if template == Self.monthYearTemplate {
                formatter.setLocalizedDateFormatFromTemplate("yMMMMd")
                let fullDate = formatter.dateFormat ?? ""
                formatter.setLocalizedDateFormatFromTemplate("yMMMM")
                if Self.yearFirst(formatter.dateFormat ?? "") != Self.yearFirst(fullDate) {
                    formatter.dateFormat = Self.withoutDay(fullDate)
                }
            } else {
                formatter.setLocalizedDateFormatFromTemplate(template)
            }
            if cache.count > 256 { cache.removeAll() }
            cache[key] = formatter
            return formatter.string(from: date)
        }
        return digits.apply(to: text)
    }

    /// The month formatter's key.
    ///
    /// Its pattern is the locale's month–year pattern (`yMMMM`), unless that
    /// orders month and year unlike the locale's full date: then it is the full date without the day.
    /// The ICU data puts the year first in Persian ("2027 ژانویهٔ") where the month's ezafe form needs
    /// the year after it, as in the full date "15 ژانویهٔ 2027": the month reads "ژانویهٔ 2027".
    static let monthYearTemplate = "month-year"

    /// Whether a date pattern's year field comes before its month field (quoted text skipped).
    static func yearFirst(_ pattern: String) -> Bool {
        var quoted = false
        for character in pattern {
            if character == "'" { quoted.toggle() }
            if quoted { continue }
            if character == "y" { return true }
            if character == "M" || character == "L" { return false }
        }
        return false
    }

    /// A date pattern with its day field and the separator that went with it removed.
    ///
    /// "MMMM d, y" → "MMMM y", "d MMMM y" → "MMMM y". Quoted text is kept as is.
    static func withoutDay(_ pattern: String) -> String {
        let characters = Array(pattern)
        var quoted = false
        var start: Int?
        for (index, character) in characters.enumerated() {
            if character == "'" { quoted.toggle() }
            if !quoted && character == "d" {
                start = index
                break
            }
        }
        guard let start else { return pattern }
        var end = start
        while end < characters.count && characters[end] == "d" { end += 1 }
        let separators: Set<Character> = [" ", ",", "،", ".", "\u{200F}", "\u{200E}"]
        var before = start
        var after = end
        while after < characters.count && separators.contains(characters[after]) { after += 1 }
        if after == characters.count {
            while before > 0 && separators.contains(characters[before - 1]) { before -= 1 }
        } else if before > 0 && after > end {
            // Keep one separator between the fields on either side ("MMMM d, y" → "MMMM y").
            after = end
            while after < characters.count && separators.contains(characters[after]) { after += 1 }
            return String(characters[..<before]).trimmingSpaces + " " + String(characters[after...])
        }
        return String(characters[..<before] + characters[after...])
    }

    /// Date formatters are costly to make and not documented as thread-safe: made once per
    /// language, calendar, template and zone, and used under the lock.
    private static let dateFormatters = Mutex<[String: DateFormatter]>([:])
}

/// "in 3 days", "بعد 3 أيام", "۳ روز دیگر": a duration as a reply says it.
enum DurationWords {
    private struct Unit {
        let en: (one: String, other: String)
        /// Singular, dual, plural (3–10), accusative singular (11+).
        let ar: (one: String, two: String, few: String, many: String)
        let fa: String
    }

    private static let units: [Unit] = [
        Unit(en: ("year", "years"), ar: ("سنة", "سنتين", "سنوات", "سنة"), fa: "سال"),
        Unit(en: ("month", "months"), ar: ("شهر", "شهرين", "أشهر", "شهراً"), fa: "ماه"),
        Unit(en: ("week", "weeks"), ar: ("أسبوع", "أسبوعين", "أسابيع", "أسبوعاً"), fa: "هفته"),
        Unit(en: ("day", "days"), ar: ("يوم", "يومين", "أيام", "يوماً"), fa: "روز"),
        Unit(en: ("hour", "hours"), ar: ("ساعة", "ساعتين", "ساعات", "ساعة"), fa: "ساعت"),
        Unit(en: ("minute", "minutes"), ar: ("دقيقة", "دقيقتين", "دقائق", "دقيقة"), fa: "دقیقه"),
        Unit(en: ("second", "seconds"), ar: ("ثانية", "ثانيتين", "ثوانٍ", "ثانية"), fa: "ثانیه"),
    ]

    static func phrase(_ duration: ISODuration, in language: LanguageCode) -> String {
        let counts = [
            duration.years, duration.months, duration.weeks, duration.days, duration.hours, duration.minutes,
            duration.seconds,
        ]
        let parts = zip(units, counts).filter { $0.1 > 0 }
        switch language.rawValue {
        case "ar":
            let words = parts.map { unit, count -> String in
                switch PluralCategory.of(Double(count), in: language) {
                case .one: unit.ar.one
                case .two: unit.ar.two
                case .few: "\(count) \(unit.ar.few)"
                default: "\(count) \(unit.ar.many)"
                }
            }
            return "بعد " + (words.isEmpty ? "قليل" : words.joined(separator: " و"))
        case "fa":
            let words = parts.map { unit, count in
                (count == 1 ? "یک" : "\(count)") + " " + unit.fa
            }
            guard var text = words.isEmpty ? nil : words.joined(separator: " و ") else { return "کمی بعد" }
            text += text.hasSuffix("ه") ? "‌ی دیگر" : " دیگر"
            return text
        default:
            let words = parts.map { unit, count in
                count == 1 ? (unit.en.one == "hour" ? "an hour" : "a \(unit.en.one)") : "\(count) \(unit.en.other)"
            }
            return words.isEmpty ? "shortly" : "in " + words.joined(separator: " and ")
        }
    }
}
