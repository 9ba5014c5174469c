import Foundation
import PCRE2Kit
import Testing

@testable import Hiwar

/// Compiles one in-memory bot file and requires it to compile.
func compiledBot(_ json: String, path: String = "memory/bot.json") throws -> CompiledBot {
    let result = BotCompiler.compile(files: [SourceFile(path: path, text: json)])
    return try #require(result.bot, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
}

@Suite("Concepts: named word classes shared by patterns")
struct ConceptTests {
    static let bot = """
        {
          "settings": {"languages": ["en", "ar", "fa"]},
          "concepts": {
            "parcel": {"en": ["parcel", "package", "<delivery>"], "ar": ["<طلب>", "<شحنة>"], "fa": ["<سفارش>", "<بسته>"]},
            "order": {"en": ["~parcel", "order", "shipment"], "ar": ["~parcel", "<أوردر>"], "fa": ["~parcel", "<مرسوله>"]},
            "where": {"en": ["where", "where's", "whereabouts of"], "ar": ["وين", "فين", "أين"], "fa": ["کجاست", "کجا"]},
            "card": {"en": ["card !(game|games)", "payment card"], "ar": ["<بطاقة> !(الهوية|هوية)"], "fa": ["<کارت> !ملی"]},
            "update": {"en": ["=renew", "update", "replace"], "ar": ["<حدث>", "<غير>"], "fa": ["عوض", "تمدید"]}
          },
          "intents": {
            "order.track": {"patterns": {"en": ["~where [is] [my] ~order"], "ar": ["~where ~order"], "fa": ["~order ~where"]}},
            "card.update": {"patterns": {"en": ["~update [my] ~card"], "ar": ["~update ~card"], "fa": ["~card [رو] ~update"]}}
          }
        }
        """

    @Test("a concept stands for its members, and for the members of the concepts it includes, in each language")
    func nesting() throws {
        let bot = try compiledBot(Self.bot)
        for message in [
            "where is my order", "where's my package", "whereabouts of my shipment", "where's my delivery's box",
        ] {
            #expect(bot.match(message).intent == "order.track", "\(message)")
        }
        #expect(bot.match("وين طلبي؟").intent == "order.track")
        #expect(bot.match("فين الشحنة").intent == "order.track")
        #expect(bot.match("سفارشم کجاست").intent == "order.track")
        #expect(bot.match("بسته‌ام کجا").intent == "order.track")
        #expect(bot.match("where is the hotel").intent == nil)
    }

    @Test("a Latin loanword in an Arabic or Persian concept counts in those languages' messages, not in English ones")
    func loanwords() throws {
        let bot = try compiledBot(
            """
            {
              "settings": {"languages": ["en", "ar", "fa"]},
              "concepts": {
                "order": {"en": ["order"], "ar": ["<طلب>", "<order>"], "fa": ["<سفارش>", "order"]},
                "cancel": {"en": ["cancel"], "ar": ["<الغي>", "cancel"], "fa": ["لغو", "cancel"]},
                "hotel": {"en": ["hotel"], "ar": ["<فندق>"], "fa": ["<هتل>"]}
              },
              "intents": {
                "order.cancel": {"evidence": {
                  "en": ["~cancel + ~order? - ~hotel"], "ar": ["~cancel + ~order? - ~hotel"], "fa": ["~cancel + ~order? - ~hotel"]
                }}
              }
            }
            """
        )
        #expect(bot.match("cancel الطلب لو سمحت").intent == "order.cancel")
        #expect(bot.match("ابي الغي الorder").intent == "order.cancel", "the article on a Latin word")
        #expect(bot.match("میخوام order رو cancel کنم").intent == "order.cancel")
        // English text meets only English rules: the Arabic and Persian ones, whose exclusions are in their own
        // words, would take "cancel" and miss "hotel".
        #expect(bot.match("cancel my hotel booking").intent == nil)
    }

    @Test("an Arabic family ending in ء is found with its hamza on a seat, through the prefilter too")
    func hamzaSeat() throws {
        let bot = try compiledBot(
            """
            {
              "settings": {"languages": ["en", "ar", "fa"]},
              "intents": {"card.expiry_query": {"patterns": {"ar": ["<انتهاء>"]}}}
            }
            """
        )
        #expect(bot.match("كم باقي على انتهائها").intent == "card.expiry_query")
        #expect(bot.match("موعد الانتهاء").intent == "card.expiry_query")
    }

    @Test("members keep their affixes, exclusions and exactness")
    func memberConstructs() throws {
        let bot = try compiledBot(Self.bot)
        #expect(bot.match("وحدث بطاقتي").intent == "card.update", "Arabic affixes on both concepts")
        #expect(bot.match("غير بطاقة الهوية").intent == nil, "the member's exclusion applies")
        #expect(bot.match("کارتمو عوض کن").intent == "card.update")
        #expect(bot.match("کارت ملی رو عوض کن").intent == nil)
        #expect(bot.match("update my card games").intent == nil)
        #expect(bot.match("renew my card").intent == "card.update")
        #expect(bot.match("renw my card").intent == nil, "=renew tolerates no typo")
    }

    @Test("a keyword set that names a concept is an evidence rule of its keywords, ranked as keywords")
    func keywordSets() throws {
        let bot = try compiledBot(
            """
            {"concepts": {"arrive": {"en": ["arrive", "come", "get here"]}},
             "intents": {"order.track": {"keywords": {"en": [["~arrive", "order"], ["c++", "~arrive"]]}}}}
            """
        )
        let match = try #require(bot.match("when will my order get here").matches.first)
        #expect(match.intent == "order.track" && match.tier == .keywords)
        #expect(match.evidence.count == 2)
        #expect(bot.match("does c++ come with it").intent == "order.track", "special characters are keywords' own")
        #expect(bot.match("when will it get here").intent == nil)
    }

    @Test("concept words tolerate typos like words written out")
    func typos() throws {
        let bot = try compiledBot(Self.bot)
        let match = bot.match("where is my pakage")
        #expect(match.intent == "order.track")
        #expect(match.matches.first?.tier == .typo)
    }

    @Test("an undefined concept, a concept without members in a language and a member that is nothing are located")
    func diagnostics() throws {
        let fixture = MarkedFixture(
            path: "concepts.json",
            text: """
                {
                  "settings": {"languages": ["en", "ar"]},
                  "concepts": {"where": {"en": ["where", 1️⃣"ـــ"]}},
                  "intents": {
                    "order.track": {"patterns": {"en": ["2️⃣~wher order"], "ar": ["3️⃣~where طلب"]}}
                  }
                }
                """
        )
        let (result, markers) = compileFixtures([fixture])
        let found = result.diagnostics.map { "\($0.location.map(String.init(describing:)) ?? "-") [\($0.code)]" }
        let expected = [
            "\(try #require(markers["concepts.json1️⃣"])) [invalid-template]",
            "\(try #require(markers["concepts.json2️⃣"])) [undefined-reference]",
            "\(try #require(markers["concepts.json3️⃣"])) [missing-language]",
        ]
        #expect(found.sorted() == expected.sorted(), "\(result.diagnostics.map(\.description))")
        #expect(result.diagnostics.contains { $0.message.contains("did you mean ~where?") })
    }

    @Test("a concept with 100,000 members is refused with a located diagnostic, quickly and without a crash")
    func hugeConcept() throws {
        let members = (0..<100_000).map { "\"w\($0)\"" }.joined(separator: ",")
        let json = """
            {"concepts": {"huge": {"en": [\(members)]}},
             "intents": {"a": {"patterns": {"en": ["~huge order"]}}}}
            """
        let clock = ContinuousClock()
        var result: CompilationResult?
        let elapsed = clock.measure { result = BotCompiler.compile(files: [SourceFile(path: "huge.json", text: json)]) }
        let diagnostics = try #require(result?.diagnostics)
        #expect(result?.bot == nil)
        #expect(diagnostics.contains { $0.code == .tooLarge && $0.location?.line == 1 })
        #expect(elapsed < .seconds(30))
    }

    @Test("an evidence rule of 50 concepts is refused at its 17th part")
    func hugeRule() throws {
        let concepts = (0..<50).map { "\"c\($0)\": {\"en\": [\"w\($0)\"]}" }.joined(separator: ", ")
        let rule = (0..<50).map { "~c\($0)" }.joined(separator: " + ")
        let json = "{\"concepts\": {\(concepts)}, \"intents\": {\"a\": {\"evidence\": {\"en\": [\"\(rule)\"]}}}}"
        let result = BotCompiler.compile(files: [SourceFile(path: "rule.json", text: json)])
        let diagnostic = try #require(result.diagnostics.first { $0.code == .tooLarge })
        #expect(diagnostic.message.contains("at most 16 parts; this one has 50"))
        let offset = try #require(json.range(of: "~c16 +")).lowerBound.utf16Offset(in: json)
        #expect(diagnostic.location?.column == offset + 1)
    }
}

@Suite("Evidence rules: parts anywhere in the message, in any order")
struct EvidenceRuleTests {
    static let bot = """
        {
          "settings": {"languages": ["en", "ar", "fa"]},
          "slots": {"order_id": {"type": "string", "entity": "order_id"}},
          "concepts": {
            "order": {"en": ["<order>", "package", "parcel"], "ar": ["<طلب>", "<شحنة>"], "fa": ["<سفارش>", "<بسته>"]},
            "where": {"en": ["where", "where's"], "ar": ["وين", "فين"], "fa": ["کجاست", "کجا"]},
            "cancel": {"en": ["cancel", "cancle"], "ar": ["<الغاء>", "<الغي>", "<كنسل>"], "fa": ["لغو", "کنسل"]},
            "negation": {"en": ["don't", "dont", "do not", "never"], "ar": ["ما", "مش", "لا"], "fa": ["نمی‌خوام", "نمیخوام"]},
            "arrived": {"en": ["arrived", "came", "got it"], "ar": ["<وصل>", "<وصلني>", "استلمت"], "fa": ["رسید", "اومد"]},
            "broken": {"en": ["broken", "damaged"], "ar": ["<مكسور>", "<تالف>"], "fa": ["شکسته", "خراب"]},
            "thanks": {"en": ["thanks", "thank you"], "ar": ["شكرا", "مشكور"], "fa": ["ممنون", "مرسی"]},
            "no": {"en": ["no"], "ar": ["لا"], "fa": ["نه"]},
            "remind": {"en": ["remind me"], "ar": ["<ذكرني>"], "fa": ["یادم بنداز"]},
            "not_now": {"en": ["not now"], "ar": ["مش هلق", "مو الحين"], "fa": ["الان نه"]}
          },
          "intents": {
            "order.track": {"evidence": {"en": ["~where + ~order"], "ar": ["~where + ~order"], "fa": ["~where + ~order"]}},
            "order.cancel": {"evidence": {
              "en": ["~cancel + ~order? - ~negation *2 ~cancel", "~cancel + ~order {order_id}"],
              "ar": ["~cancel + ~order? - ~negation *2 ~cancel"], "fa": ["~cancel + ~order? - ~negation *1 ~cancel"]}},
            "order.received": {"evidence": {"en": ["~arrived - ~broken"], "ar": ["~arrived - ~broken"], "fa": ["~arrived - ~broken"]}},
            "order.problem": {"evidence": {"en": ["~arrived + ~broken"], "ar": ["~arrived + ~broken"], "fa": ["~arrived + ~broken"]}},
            "thanks": {"courtesy": true, "evidence": {"en": ["~thanks"], "ar": ["~thanks"], "fa": ["~thanks"]}},
            "deny": {"courtesy": true, "evidence": {"en": ["~no + ~thanks?"], "ar": ["~no + ~thanks?"], "fa": ["~no + ~thanks?"]}},
            "card.remind_later": {"evidence": {"en": ["~remind + ~not_now?"], "ar": ["~remind + ~not_now?"], "fa": ["~remind + ~not_now?"]}}
          }
        }
        """

    @Test(
        "parts are found in any order, with words between them",
        arguments: [
            ("where is my order", "order.track"), ("my order, where is it??", "order.track"),
            ("hi, my package... where's it", "order.track"), ("وين طلبي", "order.track"),
            ("طلبي وينه؟ وين", "order.track"),
            ("سفارشم کجاست", "order.track"), ("کجاست این بسته", "order.track"),
        ]
    )
    func anyOrder(_ message: String, _ intent: String) throws {
        #expect(try compiledBot(Self.bot).match(message).intent == intent)
    }

    @Test(
        "negation, contrast and courtesy are rules, in three languages",
        arguments: [
            ("no thanks", "deny"), ("لا شكرا", "deny"), ("نه ممنون", "deny"),
            ("thanks", "thanks"), ("شكرا", "thanks"), ("مرسی", "thanks"),
            ("it arrived but it's broken", "order.problem"), ("وصل الطلب بس مكسور", "order.problem"),
            ("رسید ولی شکسته بود", "order.problem"),
            ("it arrived, thanks", "order.received"), ("وصلني الطلب، شكرا", "order.received"),
            ("سفارشم رسید، ممنون", "order.received"),
            ("not now, remind me next week", "card.remind_later"), ("مش هلق، ذكرني بعدين", "card.remind_later"),
            ("الان نه، بعدا یادم بنداز", "card.remind_later"),
            ("I don't want to cancel", "fallback"), ("ما ابي الغي الطلب", "fallback"), ("نمی‌خوام لغو کنم", "fallback"),
            ("please cancel my order", "order.cancel"), ("الغي طلبي", "order.cancel"),
            ("سفارشمو لغو کنید", "order.cancel"),
            ("thanks, where is my order?", "order.track"), ("شكرا، وين طلبي", "order.track"),
        ]
    )
    func rules(_ message: String, _ intent: String) throws {
        let result = try compiledBot(Self.bot).match(message)
        #expect((result.intent ?? "fallback") == intent, "\(result.matches.map { "\($0.intent) \($0.specificity)" })")
    }

    @Test("the more specific combination wins, and each part found is reported")
    func ranking() throws {
        let bot = try compiledBot(Self.bot)
        let message = "where is my parcel? it arrived damaged"
        let result = bot.match(message)
        let problem = try #require(result.matches.first)
        let track = try #require(result.matches.first { $0.intent == "order.track" }, "tracking matches too")
        #expect(problem.intent == "order.problem" && problem.tier == .evidence)
        #expect(problem.specificity == "arrived".count + "damaged".count)
        #expect(track.specificity == "where".count + "parcel".count)
        #expect(problem.evidence.map { String(message.utf8Slice($0)) } == ["arrived", "damaged"])
        #expect(Ranking.decidingRule(problem, over: track).contains("more specific"))
    }

    @Test("slots inside a part are captured")
    func slots() throws {
        let result = try compiledBot(Self.bot).match("cancel order A-10293 please")
        #expect(result.intent == "order.cancel")
        #expect(result.slots.map(\.value) == ["A-10293"])
    }

    @Test("a courtesy amid a sentence it does not explain is no answer")
    func courtesyAlone() throws {
        let bot = try compiledBot(Self.bot)
        #expect(bot.match("thanks, and what about the thing from last week then").intent == nil)
        #expect(bot.match("ok thanks a lot").intent == "thanks")
    }

    @Test("rule syntax errors are located inside the rule")
    func syntax() throws {
        for (rule, message) in [
            ("where + ", "the rule ends with an operator"), ("+ where", "'+' needs a part on each side"),
            ("- where", "needs at least one part that must appear"), ("where - order?", "cannot also be optional"),
            ("where + (order", "is never closed"),
        ] {
            let json = "{\"intents\": {\"a\": {\"evidence\": {\"en\": [\"\(rule)\"]}}}}"
            let result = BotCompiler.compile(files: [SourceFile(path: "r.json", text: json)])
            let diagnostic = try #require(result.diagnostics.first, "\(rule)")
            #expect(diagnostic.code == .invalidTemplate && diagnostic.message.contains(message), "\(diagnostic)")
        }
    }
}

@Suite("The shipped bot understands in and out of a notice's context")
struct ShippedUnderstandingTests {
    static let intents = packageRoot.appendingPathComponent("Intents").path
    static let noon = Date(timeIntervalSince1970: 1_795_424_400)  // 2026-11-23T09:00:00Z, a Monday

    func engine() throws -> DialogueEngine {
        let bot = try CompiledBot(paths: [Self.intents])
        return DialogueEngine(bot: bot, clock: ManualClock(Self.noon), seed: 1)
    }

    @Test(
        "short replies resolve through the notice's state and state the fact it carried",
        arguments: [
            (
                "order.shipped",
                ["order_id": "558120", "eta": "2026-11-26", "tracking_url": "https://t.example/558120"],
                "link pls", "order.track", "https://t.example/558120"
            ),
            ("order.shipped", ["order_id": "558120", "carrier": "Aramex"], "مين شركة الشحن؟", "order.track", "Aramex"),
            ("order.delayed", ["order_id": "9005127", "eta": "2026-11-30"], "کدوم سفارش؟", "order.track", "9005127"),
            ("flight.gate_changed", ["flight_number": "EK204", "gate": "B12"], "gate??", "flight.gate", "B12"),
            (
                "flight.gate_changed", ["flight_number": "EK204", "gate": "B12", "terminal": "3"], "والصالة؟",
                "flight.gate", "3"
            ),
            (
                "flight.booking_confirmed", ["flight_number": "EK204", "seat": "32K"], "صندلیم چنده؟", "flight.checkin",
                "32K"
            ),
            ("card.expiring", ["card_last4": "0773", "expiry": "2026-12"], "which card?", "card.expiry_query", "0773"),
            (
                "card.expiring", ["card_last4": "0773", "update_url": "https://pay.example/u/1"], "ارسل الرابط",
                "card.update",
                "https://pay.example/u/1"
            ),
        ]
    )
    func context(
        _ event: String,
        _ data: [String: String],
        _ text: String,
        _ intent: String,
        _ fact: String
    ) async throws {
        let engine = try engine()
        try await engine.deliver(event: event, data: data, to: "c")
        let turn = try await engine.send(text, to: "c")
        #expect(turn.intent == intent)
        #expect(Self.folded(turn.replies.map(\.text).joined(separator: " ")).contains(fact), "\(turn.replies)")
    }

    /// Replies as a reader compares them: no bidi isolates, digits of every script as ASCII.
    static func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !(0x2066...0x2069).contains(scalar.value) {
            switch scalar.value {
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(scalar.value - 0x0660 + 0x30) ?? scalar)
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(scalar.value - 0x06F0 + 0x30) ?? scalar)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    @Test("'when?' means the notice's own question")
    func when() async throws {
        for (event, data, intent) in [
            ("order.shipped", ["order_id": "558120", "eta": "2026-11-26"], "order.track"),
            (
                "flight.delayed", ["flight_number": "EK204", "new_departure": "2026-11-24T16:05:00+04:00"],
                "flight.status"
            ),
            ("card.expiring", ["card_last4": "0773", "expiry": "2026-12"], "card.expiry_query"),
        ] {
            let engine = try engine()
            try await engine.deliver(event: event, data: data, to: "c")
            #expect(try await engine.send("when?", to: "c").intent == intent, "\(event)")
        }
    }

    @Test("a short Arabic-script greeting is answered in the conversation's language, else the bot's choice")
    func arabicScriptLanguage() async throws {
        let engine = try engine()
        #expect(try await engine.send("سلام", to: "new").language == .arabic)
        try await engine.deliver(event: "order.shipped", data: ["order_id": "558120"], language: .persian, to: "fa")
        let turn = try await engine.send("سلام", to: "fa")
        #expect(turn.language == .persian)
        #expect(turn.replies.allSatisfy { $0.language == .persian })
        await #expect(throws: DeliveryError.self) {
            try await engine.deliver(
                event: "order.shipped",
                data: ["order_id": "1234567"],
                language: .init(rawValue: "xx"),
                to: "x"
            )
        }
    }

    @Test("the slot contract: no slots on fallback, no flight number from a date or a duration, card digits shown")
    func slotContract() async throws {
        let engine = try engine()
        #expect(try await engine.send("what's the weather like tomorrow", to: "a").slots.isEmpty)
        let march = try await engine.send("I'd like to check in for my flight on 14 March", to: "b")
        #expect(march.slots["flight_number"] == nil && march.slots["date"] == "2027-03-14")
        #expect(try await engine.send("remind me in 3 days", to: "c").slots == ["duration": "P3D"])
        #expect(try await engine.send("is my flight at 14:35 still on time?", to: "d").slots["flight_number"] == nil)
        #expect(try await engine.send("update card ending in 4421", to: "e").slots["card_last4"] == "4421")
        let full = try await engine.send("my card is 4111 1111 1111 1111", to: "f")
        #expect(full.effects.contains { $0.kind == .cardNumberRefused })
        #expect(!full.slots.values.contains { $0.contains("4111") })
    }
}

@Suite("Number words and the day after tomorrow")
struct ValueWordTests {
    static let noon = Date(timeIntervalSince1970: 1_795_424_400)  // 2026-11-23T09:00:00Z

    @Test(
        "number words in three languages fill number slots",
        arguments: [
            ("a table for four", "4"), ("طاولة لأربعة", "4"), ("میز برای چهار نفر", "4"), ("for twelve people", "12"),
            ("for 7", "7"),
        ]
    )
    func numbers(_ message: String, _ value: String) throws {
        let bot = try compiledBot(
            """
            {"slots": {"party": {"type": "number", "entity": "number"}},
             "intents": {"book": {"patterns": {"en": ["table"]}, "keywords": {"en": [["for"]]}, "evidence": {"ar": ["<طاولة>"], "fa": ["میز"]}}}}
            """
        )
        let result = bot.match(message, now: Self.noon)
        #expect(result.slots.first { $0.slot == "party" }?.value == value, "\(result.slots)")
    }

    @Test(
        "the day after tomorrow, in three languages",
        arguments: [
            "remind me the day after tomorrow", "ذكرني بعد بكرة", "ذكرني بعد غد", "پس‌فردا یادم بنداز",
            "بعد از فردا یادم بنداز",
        ]
    )
    func dayAfterTomorrow(_ message: String) throws {
        let bot = try CompiledBot(paths: [ShippedUnderstandingTests.intents])
        let result = bot.match(message, now: Self.noon)
        #expect(result.slots.first { $0.slot == "date" }?.value == "2026-11-25", "\(result.slots)")
    }
}
