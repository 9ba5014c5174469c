package import Foundation

/// Resolves a date in match form against a clock and a time zone: today, tomorrow, weekdays
/// (their next occurrence), explicit dates with Gregorian or Persian month names, numeric dates.
///
/// A date without a year is its next occurrence, today included. Numeric dates are read
/// day/month/year, as in most of the world (and ISO `YYYY-MM-DD`), unless the first number cannot
/// be a day-of-month ordering (`12/25` is read as month/day).
package struct DateResolver {
    package let now: Date
    package let timeZone: TimeZone

    /// The resolved date and the calendar it was written in.
    package struct Resolved: Equatable {
        package var iso: String
        package var calendar: String
    }

    private var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private var persian: Calendar {
        var calendar = Calendar(identifier: .persian)
        calendar.timeZone = timeZone
        return calendar
    }

    package func resolve(_ text: String) -> Resolved? {
        let words = text.split(separator: " ").map(String.init)
        let today = gregorian.startOfDay(for: now)
        if let days = Self.relativeDays[text] ?? Self.relativeDays[words.last ?? ""] {
            return gregorian.date(byAdding: .day, value: days, to: today).map {
                Resolved(iso: iso($0), calendar: "gregorian")
            }
        }
        if let weekday = words.lazy.compactMap({ Self.weekdays[$0] ?? Self.weekdays[words.joined(separator: " ")] })
            .first
        {
            let current = gregorian.component(.weekday, from: today) - 1
            // The next occurrence, today included (spec §7).
            let ahead = (weekday - current + 7) % 7
            return gregorian.date(byAdding: .day, value: ahead, to: today).map {
                Resolved(iso: iso($0), calendar: "gregorian")
            }
        }
        if text.count == 10, text.unicodeScalars.filter({ $0 == "-" }).count == 2 {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            if parts.count == 3, let date = make(gregorian, year: parts[0], month: parts[1], day: parts[2]) {
                return Resolved(iso: iso(date), calendar: "gregorian")
            }
        }
        if text.contains("/") {
            return numeric(text)
        }
        return named(words)
    }

    private func numeric(_ text: String) -> Resolved? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        var (day, month) = (parts[0], parts[1])
        if month > 12 && day <= 12 { (day, month) = (month, day) }
        if parts.count == 3 {
            let year = parts[2] < 100 ? 2000 + parts[2] : parts[2]
            if year > 1300 && year < 1500 {
                return make(persian, year: year, month: month, day: day).map {
                    Resolved(iso: iso($0), calendar: "persian")
                }
            }
            return make(gregorian, year: year, month: month, day: day).map {
                Resolved(iso: iso($0), calendar: "gregorian")
            }
        }
        return nextOccurrence(gregorian, month: month, day: day).map { Resolved(iso: iso($0), calendar: "gregorian") }
    }

    /// "14 march", "march 14th", "25 اسفند", "25 اسفند 1405".
    private func named(_ words: [String]) -> Resolved? {
        var day: Int?
        var year: Int?
        var month: (number: Int, persian: Bool)?
        for (index, word) in words.enumerated() {
            if day == nil, Self.firstDayWords.contains(word) {
                day = 1
                continue
            }
            let digits = String(word.prefix { $0.isASCII && $0.isNumber })
            if !digits.isEmpty, let value = Int(digits) {
                if value > 31 { year = value } else if day == nil { day = value }
                continue
            }
            if month == nil {
                if let found = Self.months[word] {
                    month = found
                } else if index + 1 < words.count, let found = Self.months[word + " " + words[index + 1]] {
                    month = found
                }
            }
        }
        guard let day, let month else { return nil }
        let calendar = month.persian ? persian : gregorian
        let name = month.persian ? "persian" : "gregorian"
        if let year {
            return make(calendar, year: year, month: month.number, day: day).map {
                Resolved(iso: iso($0), calendar: name)
            }
        }
        return nextOccurrence(calendar, month: month.number, day: day).map { Resolved(iso: iso($0), calendar: name) }
    }

    private func make(_ calendar: Calendar, year: Int, month: Int, day: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
        else { return nil }
        return date
    }

    /// The next date with this month and day in `calendar`, today included.
    private func nextOccurrence(_ calendar: Calendar, month: Int, day: Int) -> Date? {
        let today = calendar.startOfDay(for: now)
        let year = calendar.component(.year, from: today)
        for candidate in [year, year + 1] {
            if let date = make(calendar, year: candidate, month: month, day: day), date >= today { return date }
        }
        return nil
    }

    private func iso(_ date: Date) -> String {
        let parts = gregorian.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Words for the first day of a month, in match form.
    package static let firstDayWords: Set<String> = ["اول", "باول", "first"]

    private static func table<T>(_ entries: [(words: [String], value: T)]) -> [String: T] {
        let normalizer = TextNormalizer()
        var result: [String: T] = [:]
        for (words, value) in entries { for word in words { result[normalizer.normalize(literal: word)] = value } }
        return result
    }

    package static let relativeDays: [String: Int] = table(DateVocabulary.relative.map { ($0.words, $0.days) })
    package static let weekdays: [String: Int] = table(DateVocabulary.weekdays.enumerated().map { ($1, $0) })
    package static let months: [String: (number: Int, persian: Bool)] = {
        var entries = DateVocabulary.gregorianMonths.enumerated().map { ($1, (number: $0 + 1, persian: false)) }
        entries += DateVocabulary.persianMonths.enumerated().map { ([$1], (number: $0 + 1, persian: true)) }
        return table(entries)
    }()

    /// Creates the value from each of its stored properties.
    package init(
        now: Date,
        timeZone: TimeZone
    ) {
        self.now = now
        self.timeZone = timeZone
    }
}
