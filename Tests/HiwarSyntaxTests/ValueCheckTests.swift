import Foundation
import Testing

@testable import HiwarSyntax

@Suite("Payload dates and date-times")
struct ValueCheckTests {
    @Test("every day from 1899 to 2101 converts exactly as Foundation's Gregorian calendar does")
    func datesAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        var day = calendar.date(from: DateComponents(year: 1899, month: 1, day: 1)) ?? Date()
        let end = calendar.date(from: DateComponents(year: 2101, month: 12, day: 31)) ?? Date()
        var checked = 0
        while day <= end {
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(ValueCheck.date(text) == day, "\(text)")
            day = day.addingTimeInterval(86_400)
            checked += 1
        }
        #expect(checked == 74_144, "203 years of days")
    }

    @Test("impossible dates are refused")
    func impossibleDates() {
        for text in [
            "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2026-1-01",
            "2026-01-1", "٢٠٢٦-٠١-٠١", "2026/01/01", "", "2026-01-01T00:00:00Z",
        ] {
            #expect(ValueCheck.date(text) == nil, "\(text)")
        }
        #expect(ValueCheck.date("2024-02-29") != nil)
        #expect(ValueCheck.date("2000-02-29") != nil)
    }

    @Test("date-times with Z, offsets and fractions agree with ISO8601DateFormatter")
    func dateTimes() throws {
        let formatter = ISO8601DateFormatter()
        for text in [
            "2026-11-23T14:30:00+04:00", "2026-11-23T14:30:00Z", "2026-11-23T23:59:59-05:30",
            "2026-02-28T00:00:00+14:00",
        ] {
            let parsed = try #require(ValueCheck.dateTime(text), "\(text)")
            #expect(parsed.date == formatter.date(from: text), "\(text)")
        }
        let offset = try #require(ValueCheck.dateTime("2026-11-23T14:30:00+04:00")).offset
        #expect(offset.secondsFromGMT() == 14_400)
        let fraction = try #require(ValueCheck.dateTime("2026-11-23T14:30:00.250Z")).date
        #expect(
            abs(
                fraction.timeIntervalSince1970
                    - (try #require(ValueCheck.dateTime("2026-11-23T14:30:00Z"))).date.timeIntervalSince1970 - 0.25
            ) < 1e-6
        )
        for text in [
            "2026-11-23T14:30:00", "2026-11-23T24:00:00Z", "2026-11-23T14:60:00Z", "2026-11-23 14:30:00Z",
            "2026-02-30T10:00:00Z", "2026-11-23T14:30:00+4:00", "2026-11-23T14:30:00.Z", "2026-11-23T14:30:00+04:00x",
            "2026-11-23T14:30", "2026-11-23T14:30:Z", "2026-11-23T14:3+04:00", "2026-11-23T14:30.5Z",
            "2026-11-23T14:30:00.",
        ] {
            #expect(ValueCheck.dateTime(text) == nil, "\(text)")
        }
    }

    @Test("date-times without seconds are the same instants as with :00")
    func dateTimesWithoutSeconds() throws {
        for (short, long) in [
            ("2026-12-03T10:30+04:00", "2026-12-03T10:30:00+04:00"), ("2026-12-03T10:30Z", "2026-12-03T10:30:00Z"),
            ("2026-12-03T23:59-03:30", "2026-12-03T23:59:00-03:30"),
        ] {
            let a = try #require(ValueCheck.dateTime(short), "\(short)")
            let b = try #require(ValueCheck.dateTime(long))
            #expect(a.date == b.date && a.offset == b.offset, "\(short)")
        }
        let problem = try #require(ValueCheck.problem("2026-12-03 10:30", as: .datetime))
        #expect(problem.contains("expected YYYY-MM-DDTHH:MM") && problem.contains("\"2026-12-03 10:30\""))
    }
}
