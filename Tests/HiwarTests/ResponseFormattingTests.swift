import Foundation
import Testing

@testable import Hiwar

@Suite("Response formatting")
struct ResponseFormattingTests {
    @Test("CLDR plural categories: Arabic's six, Persian's and English's two")
    func pluralCategories() {
        let arabic: [(Double, PluralCategory)] = [
            (0, .zero), (1, .one), (2, .two), (3, .few), (10, .few), (11, .many), (99, .many), (100, .other),
            (103, .few), (1.5, .other),
        ]
        for (number, category) in arabic { #expect(PluralCategory.of(number, in: "ar") == category, "\(number)") }
        #expect(PluralCategory.of(0.5, in: "fa") == .one)
        #expect(PluralCategory.of(2, in: "fa") == .other)
        #expect(PluralCategory.of(1, in: "en") == .one)
        #expect(PluralCategory.of(0, in: "en") == .other)
    }

    @Test("durations as replies say them in each language")
    func durations() throws {
        let week = try #require(ISODuration("P1W"))
        let threeDays = try #require(ISODuration("P3D"))
        let elevenDays = try #require(ISODuration("P11D"))
        #expect(DurationWords.phrase(week, in: "en") == "in a week")
        #expect(DurationWords.phrase(threeDays, in: "en") == "in 3 days")
        #expect(DurationWords.phrase(week, in: "ar") == "بعد أسبوع")
        #expect(DurationWords.phrase(try #require(ISODuration("P2W")), in: "ar") == "بعد أسبوعين")
        #expect(DurationWords.phrase(threeDays, in: "ar") == "بعد 3 أيام")
        #expect(DurationWords.phrase(elevenDays, in: "ar") == "بعد 11 يوماً")
        #expect(DurationWords.phrase(week, in: "fa") == "یک هفته‌ی دیگر")
        #expect(DurationWords.phrase(threeDays, in: "fa") == "3 روز دیگر")
    }

    @Test("formatters: digits, plural, currency, dates in the Persian calendar")
    func formatters() {
        let utc = TimeZone(identifier: "UTC") ?? .current
        let persian = ValueFormatter(language: "fa", digits: .persian, calendar: .persian, timeZone: utc)
        #expect(persian.apply("date", argument: nil, to: "2026-01-07")?.contains("۱۷ دی") == true)
        #expect(persian.apply("duration", argument: nil, to: "P3D") == "۳ روز دیگر")
        #expect(persian.apply("date", argument: nil, to: "not a date") == nil)
        let arabic = ValueFormatter(language: "ar", digits: .arabic, calendar: .gregorian, timeZone: utc)
        #expect(
            arabic.apply("plural", argument: "one=طلب واحد;two=طلبان;few=# طلبات;other=# طلب", to: "3") == "٣ طلبات"
        )
        #expect(arabic.apply("plural", argument: "one=طلب واحد;two=طلبان;few=# طلبات;other=# طلب", to: "2") == "طلبان")
        let english = ValueFormatter(language: "en", digits: .latin, calendar: .gregorian, timeZone: utc)
        #expect(english.apply("currency", argument: "AED", to: "1234.5")?.contains("1,234.50") == true)
        // The time is shown in the offset it was given in (ICU puts a narrow no-break space before PM).
        let time = english.apply("time", argument: nil, to: "2026-01-06T14:30:00+04:00")
        #expect(time?.replacingOccurrences(of: "\u{202F}", with: " ") == "2:30 PM")
        #expect(english.apply("month", argument: nil, to: "2026-02") == "February 2026")
        #expect(DigitScript.latin.apply(to: "٤٨٢١ / ۴۸۲۱") == "4821 / 4821")
    }

    /// Every formatter in every language, against what CLDR's patterns give through Foundation.
    ///
    /// No-break
    /// spaces and direction marks are ICU's typography, not the words: compared as plain spaces, and without.
    @Test(
        "every formatter in every language follows CLDR",
        arguments: [
            (
                "en", DigitScript.latin, ReplyCalendar.gregorian,
                [
                    "Friday, January 15", "2:30 PM", "Friday, January 15 at 2:30 PM", "January 2027", "in 2 weeks",
                    "1,234.5", "AED 1,234.50",
                ]
            ),
            (
                "ar", .arabic, .gregorian,
                [
                    "الجمعة، ١٥ يناير", "٢:٣٠ م", "الجمعة، ١٥ يناير، ٢:٣٠ م", "يناير ٢٠٢٧", "بعد أسبوعين", "١,٢٣٤.٥",
                    "١,٢٣٤.٥٠ د.إ.",
                ]
            ),
            (
                "fa", .persian, .persian,
                [
                    "جمعه ۲۵ دی", "۱۴:۳۰", "جمعه ۲۵ دی ساعت ۱۴:۳۰", "ژانویهٔ ۲۰۲۷", "۲ هفته‌ی دیگر", "۱,۲۳۴.۵",
                    "AED ۱,۲۳۴.۵۰",
                ]
            ),
            (
                "fa", .latin, .gregorian,
                [
                    "جمعه 15 ژانویه", "14:30", "جمعه 15 ژانویه ساعت 14:30", "ژانویهٔ 2027", "2 هفته‌ی دیگر", "1,234.5",
                    "AED 1,234.50",
                ]
            ),
        ] as [(String, DigitScript, ReplyCalendar, [String])]
    )
    func everyFormatter(language: String, digits: DigitScript, calendar: ReplyCalendar, expected: [String]) {
        let formatter = ValueFormatter(
            language: LanguageCode(rawValue: language),
            digits: digits,
            calendar: calendar,
            timeZone: TimeZone(identifier: "UTC") ?? .current
        )
        let inputs: [(String, String?, String)] = [
            ("date", nil, "2027-01-15"), ("time", nil, "2027-01-15T14:30:00+04:00"),
            ("datetime", nil, "2027-01-15T14:30+04:00"), ("month", nil, "2027-01"), ("duration", nil, "P2W"),
            ("number", nil, "1234.5"), ("currency", "AED", "1234.5"),
        ]
        func plain(_ text: String?) -> String? {
            text.map {
                String(
                    String.UnicodeScalarView(
                        $0.unicodeScalars.filter { $0 != "\u{200E}" && $0 != "\u{200F}" }
                            .map { $0 == "\u{A0}" || $0 == "\u{202F}" ? " " : $0 }
                    )
                )
            }
        }
        for ((name, argument, value), want) in zip(inputs, expected) {
            #expect(plain(formatter.apply(name, argument: argument, to: value)) == want, "\(language) \(name)")
        }
    }

    @Test("a month reads month then year where the locale's full date does, from the full date's pattern")
    func monthPattern() {
        #expect(ValueFormatter.withoutDay("d MMMM y") == "MMMM y")
        #expect(ValueFormatter.withoutDay("MMMM d, y") == "MMMM y")
        #expect(ValueFormatter.withoutDay("y MMMM d") == "y MMMM")
        #expect(ValueFormatter.withoutDay("'day' MMMM y") == "'day' MMMM y")
        #expect(ValueFormatter.yearFirst("y MMMM"))
        #expect(!ValueFormatter.yearFirst("d LLLL y"))
        #expect(!ValueFormatter.yearFirst("'y' MMMM y"))
    }

    @Test("Latin IDs, URLs and punctuated digits are isolated in right-to-left replies; plain numbers are not")
    func isolation() {
        #expect(ResponseRenderer.needsIsolation("EK 203"))
        #expect(ResponseRenderer.needsIsolation("A-10293"))
        #expect(ResponseRenderer.needsIsolation("14:30"))
        #expect(!ResponseRenderer.needsIsolation("4821"))
        #expect(!ResponseRenderer.needsIsolation("الأربعاء"))
    }

    @Test("variation choice depends on the seed, the response and the turn, and nothing else")
    func seededVariations() {
        let a = ResponseRenderer.mix(7, "order.eta", 3)
        #expect(a == ResponseRenderer.mix(7, "order.eta", 3))
        #expect(a != ResponseRenderer.mix(8, "order.eta", 3))
        #expect(a != ResponseRenderer.mix(7, "order.eta", 4))
    }
}
