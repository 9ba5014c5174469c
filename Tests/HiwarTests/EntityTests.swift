import Foundation
import Testing

@testable import Hiwar

@Suite("Built-in entities and slot canonical forms (spec §7)")
struct EntityTests {
    static let bot: CompiledBot? = BotCompiler.compile(files: [
        SourceFile(
            path: "entities.json",
            text: """
                {
                  "settings": {"timeZone": "Asia/Dubai"},
                  "entities": {"airline": {"type": "list", "values": {
                    "EK": {"en": ["Emirates"], "ar": ["طيران الإمارات"], "fa": ["امارات"]},
                    "QR": {"en": ["Qatar Airways"], "ar": ["القطرية"], "fa": ["قطر ایرویز"]}
                  }}},
                  "slots": {
                    "order_id": {"type": "string", "entity": "order_id"},
                    "flight_number": {"type": "string", "entity": "flight_number"},
                    "card_last4": {"type": "string", "entity": "card_last4", "sensitive": true},
                    "date": {"type": "date", "entity": "date"},
                    "duration": {"type": "duration", "entity": "duration"},
                    "airline": {"type": "enum", "entity": "airline"}
                  },
                  "intents": {"anything": {"regex": {"en": ["[^ ]"]}}}
                }
                """
        )
    ]).bot

    /// Monday 2026-11-23, 10:00 in Dubai.
    static let now = Date(timeIntervalSince1970: 1_795_413_600)

    func slot(_ name: String, in message: String) throws -> SlotValue? {
        let bot = try #require(Self.bot)
        return bot.match(message, now: Self.now).slots.first { $0.slot == name }
    }

    @Test(
        "order ids in every digit script",
        arguments: [
            ("track #٥٥٨١٢٠ please", "558120", "#٥٥٨١٢٠"), ("order a-55012", "A-55012", "a-55012"),
            ("الطلب ٠٥٥٨١٢٠", "0558120", "٠٥٥٨١٢٠"), ("سفارش ۱۲۳۴۵۶ کجاست", "123456", "۱۲۳۴۵۶"),
            ("order # 558120", "558120", "# 558120"),
        ]
    )
    func orderID(_ message: String, _ value: String, _ typed: String) throws {
        let found = try #require(try slot("order_id", in: message))
        #expect(found.value == value)
        #expect(found.text == typed)
    }

    @Test("flight numbers: the spaced form only beside a flight word or for a known airline")
    func flightNumbers() throws {
        #expect(try slot("flight_number", in: "flight ek 203 status")?.value == "EK203")
        #expect(try slot("flight_number", in: "پرواز w5 ۱۲۳۴ فردا")?.value == "W51234")
        #expect(try slot("flight_number", in: "رحلة EK٢٠٣")?.value == "EK203")
        #expect(try slot("flight_number", in: "is QR 8 on time")?.value == "QR8")
        #expect(try slot("flight_number", in: "remind me in 3 days") == nil)
        #expect(try slot("flight_number", in: "on 14 March") == nil)
        #expect(try slot("flight_number", in: "gr8 thx") == nil, "a chat spelling")
        #expect(
            try slot("flight_number", in: "پرواز EY 11 ساعت چنده")?.value == "EY11",
            "a known airline after a flight word, though a unit follows"
        )
        #expect(try slot("flight_number", in: "remind me in 11 hours") == nil)
    }

    @Test(
        "a gate is not a flight number: a code after a gate word, or a letter and two digits about a gate",
        arguments: [
            "is gate B12 far from security", "which gate, B12 or B14?", "البوابة B12 وين", "گیت B12 کجاست",
            "بوابتي C7 ولا C9؟", "gate: A3",
        ]
    )
    func gatesAreNotFlights(_ message: String) throws {
        #expect(try slot("flight_number", in: message) == nil)
    }

    @Test("a flight beside a gate is still a flight")
    func flightBesideGate() throws {
        #expect(try slot("flight_number", in: "which gate for QR8")?.value == "QR8")
        #expect(try slot("flight_number", in: "flight B12 gate?")?.value == "B12")
        #expect(try slot("flight_number", in: "گیت پرواز EK 203")?.value == "EK203")
    }

    @Test("card last-4 beside a card word, kept sensitive; a full card number is never a slot")
    func cards() throws {
        let arabic = try #require(try slot("card_last4", in: "البطاقة المنتهية بـ ٠٧٧٣"))
        #expect(arabic.value == "0773" && arabic.isSensitive)
        #expect(arabic.displayValue == "••••" && arabic.description == "card_last4=••••")
        #expect(try slot("card_last4", in: "card ending in ⁴⁸²¹")?.value == "4821")
        #expect(try slot("card_last4", in: "کارتم ۴۸۲۱")?.value == "4821")
        #expect(try slot("card_last4", in: "see you in 2030") == nil, "no card word, no card digits")
        let bot = try #require(Self.bot)
        let pan = bot.match("my card is 4111 1111 1111 1111", now: Self.now)
        #expect(pan.cardNumberDetected)
        #expect(!pan.slots.contains { $0.slot == "card_last4" || $0.value.contains("4111") })
        #expect(!bot.match("order 4111111111111112", now: Self.now).cardNumberDetected, "fails the Luhn check")
    }

    @Test(
        "dates resolved against the clock and time zone, in three languages and two calendars",
        arguments: [
            ("فردا", "2026-11-24"), ("غداً", "2026-11-24"), ("بكرة", "2026-11-24"), ("الغد", "2026-11-24"),
            ("tomorrow", "2026-11-24"), ("today", "2026-11-23"), ("پس فردا", "2026-11-25"),
            ("14 March", "2027-03-14"), ("March 14th", "2027-03-14"), ("۲۵ اسفند", "2027-03-16"),
            ("25 اسفند 1405", "2027-03-16"), ("next friday", "2026-11-27"), ("يوم الجمعة", "2026-11-27"),
            ("جمعه", "2026-11-27"), ("monday", "2026-11-23"), ("2026-12-01", "2026-12-01"), ("1/12", "2026-12-01"),
            ("١٥ ديسمبر", "2026-12-15"), ("۱ دی", "2026-12-22"),
        ]
    )
    func dates(_ message: String, _ iso: String) throws {
        let found = try #require(try slot("date", in: message), "\(message)")
        #expect(found.value == iso, "\(message)")
        if message.contains("اسفند") || message.contains("دی") { #expect(found.calendar == "persian") }
    }

    @Test("Arabic 'أحد' alone is 'someone', not Sunday; with 'يوم' or the article it is Sunday")
    func someoneIsNotSunday() throws {
        #expect(try slot("date", in: "ابي احد يكلمني") == nil)
        #expect(try slot("date", in: "ما في أحد يرد") == nil)
        #expect(try slot("date", in: "ذكرني يوم احد")?.value == "2026-11-29")
        #expect(try slot("date", in: "ذكرني الأحد")?.value == "2026-11-29")
        #expect(try slot("date", in: "remind me sunday")?.value == "2026-11-29")
        #expect(try slot("date", in: "یکشنبه یادم بنداز")?.value == "2026-11-29")
    }

    @Test(
        "durations as ISO 8601",
        arguments: [
            ("remind me in 3 days", "P3D"), ("بعد ٣ أيام", "P3D"), ("سه روز دیگه یادم بنداز", "P3D"),
            ("next week", "P1W"), ("بعد از یک هفته", "P1W"), ("الأسبوع الجاي", "P1W"), ("بعد أسبوع", "P1W"),
            ("after 2 hours", "PT2H"), ("بعد يومين", "P2D"), ("in a month", "P1M"), ("in 30 minutes", "PT30M"),
            ("هفته بعد", "P1W"), ("خليها للشهر الجاي", "P1M"),
        ]
    )
    func durations(_ message: String, _ iso: String) throws {
        #expect(try slot("duration", in: message)?.value == iso, "\(message)")
    }

    @Test(
        "a unit after an indefinite quantity, or a plural without a count, is no duration",
        arguments: [
            "چند ساعت دیگه یادم بنداز", "چند روز دیگه", "بعد كم ساعه", "in a few hours", "several weeks later",
            "it hasn't moved in days", "waiting for weeks now", "بقالي ايام",
        ]
    )
    func indefiniteDurations(_ message: String) throws {
        #expect(try slot("duration", in: message) == nil, "\(message)")
    }

    @Test(
        "list entities map synonyms in every language to the canonical value",
        arguments: [
            "I fly Emirates", "طيران الإمارات", "با امارات", "qatar airways please",
        ]
    )
    func listEntity(_ message: String) throws {
        let found = try #require(try slot("airline", in: message))
        #expect(found.value == (message.contains("qatar") ? "QR" : "EK"))
    }

    @Test("a message with ten thousand slot-like numbers stays bounded and reports one of each")
    func manySlots() throws {
        let bot = try #require(Self.bot)
        let message = (0..<10_000).map { String(100_000 + $0) }.joined(separator: " ")
        let start = Date()
        let result = bot.match(message, now: Self.now)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(result.slots.filter { $0.slot == "order_id" }.count == 1)
    }
}
