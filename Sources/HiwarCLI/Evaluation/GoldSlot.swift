import Foundation
import Hiwar
import HiwarTesting

/// Turns a gold slot label of the evaluation format into the value the engine reports, so the two compare as text.
///
/// Dates are labelled relative to the clock (`today`, `tomorrow`, a weekday, `--MM-DD`, `jalali:--MM-DD`,
/// `YYYY-MM-DD`); the engine resolves them to ISO dates. Each label resolves to its next occurrence on or after the
/// clock's day, today included, in the bot's time zone. Every other slot compares as written.
struct GoldSlotResolver {
    let now: Date
    let timeZone: TimeZone
    /// Made once per resolver: a formatter costs more than the whole resolution.
    private let gregorian: Calendar
    private let isoFormatter: DateFormatter

    init(now: Date, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        gregorian = calendar
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        isoFormatter = formatter
    }

    /// The engine-side value of `label` for `slot`, or the label itself when it needs no resolving.
    func resolve(_ label: String, slot: String) -> String {
        guard slot == "date" else { return label }
        return resolveDate(label) ?? label
    }

    /// The ISO date (`YYYY-MM-DD`) a date label stands for, or `nil` when it is not one of the label forms.
    func resolveDate(_ label: String) -> String? {
        let calendar = gregorian
        let today = calendar.startOfDay(for: now)
        let lowered = label.lowercased()
        switch lowered {
        case "today": return iso(today)
        case "tomorrow": return calendar.date(byAdding: .day, value: 1, to: today).map(iso)
        default: break
        }
        let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        if let index = weekdays.firstIndex(of: lowered) {
            let current = calendar.component(.weekday, from: today) - 1
            let ahead = (index - current + 7) % 7
            return calendar.date(byAdding: .day, value: ahead, to: today).map(iso)
        }
        if lowered.hasPrefix("jalali:--"), let (month, day) = monthDay(lowered.dropFirst("jalali:--".count)) {
            var persian = Calendar(identifier: .persian)
            persian.timeZone = timeZone
            return nextOccurrence(month: month, day: day, in: persian, from: today).map(iso)
        }
        if lowered.hasPrefix("--"), let (month, day) = monthDay(lowered.dropFirst(2)) {
            return nextOccurrence(month: month, day: day, in: calendar, from: today).map(iso)
        }
        if lowered.count == 10, let date = isoFormatter.date(from: lowered) { return iso(date) }
        return nil
    }

    private func iso(_ date: Date) -> String { isoFormatter.string(from: date) }

    private func monthDay(_ text: Substring) -> (Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        return (month, day)
    }

    /// The first day on or after `start` that is `day` of `month` in `calendar`.
    private func nextOccurrence(month: Int, day: Int, in calendar: Calendar, from start: Date) -> Date? {
        let year = calendar.component(.year, from: start)
        for candidateYear in year...(year + 8) {
            let components = DateComponents(year: candidateYear, month: month, day: day)
            guard let date = calendar.date(from: components),
                calendar.component(.month, from: date) == month, calendar.component(.day, from: date) == day
            else { continue }
            if date >= start { return date }
        }
        return nil
    }
}
