import Foundation
import Synchronization
import Testing

@testable import Hiwar

/// The shipped bot, compiled once for the dialogue tests; `nil` (and every test fails) when it does not compile.
let shippedBotOrNil: CompiledBot? = try? CompiledBot(paths: [packageRoot.appendingPathComponent("Intents").path])

/// 2026-11-23 09:00 in Dubai.
let mondayMorning = Date(timeIntervalSince1970: 1_795_410_000)

/// Records action calls made from handler tasks.
final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])
    func append(_ call: String) { calls.withLock { $0.append(call) } }
    var all: [String] { calls.withLock { $0 } }
}

func testActions(calls: CallLog? = nil) -> ActionRegistry {
    var actions = ActionRegistry()
    actions.register("lookupOrder") { request in
        calls?.append("lookupOrder \(request.inputs["order_id"] ?? "-")")
        guard request.inputs["order_id"] == "123456" else { throw ActionFailure("no such order") }
        return ["order_status": "shipped", "eta": "2026-11-25"]
    }
    actions.register("cardUpdateLink") { request in
        ["update_url": "https://pay.example.com/u/\(request.inputs["card_last4"] ?? "")"]
    }
    actions.register("checkIn") { _ in ["seat": "14A"] }
    actions.register("cancelOrder") { _ in throw ActionFailure("already packed") }
    return actions
}

func makeEngine(
    clock: ManualClock = ManualClock(mondayMorning),
    store: any SessionStore = InMemorySessionStore(),
    actions: ActionRegistry = testActions()
) throws -> DialogueEngine {
    let bot = try #require(shippedBotOrNil, "the shipped bot does not compile")
    return DialogueEngine(bot: bot, actions: actions, store: store, clock: clock, seed: 7)
}

@Suite("Dialogue engine")
struct DialogueEngineTests {
    @Test("a value in the first message goes through the slot's checks like an answer does")
    func firstMessageValidated() async throws {
        let bot = try compiledBot(
            """
            {"slots": {"party_size": {"type": "number", "entity": "number"}, "date": {"type": "date", "entity": "date"}},
             "intents": {"book": {"patterns": {"en": ["table for {party_size}", "table for {party_size} on {date}"]}}},
             "responses": {"ask": {"en": ["How many?"]}, "again": {"en": ["At most 12, please."]},
               "day": {"en": ["Which day?"]}, "day_again": {"en": ["A day from today on, please."]},
               "ok": {"en": ["Booked for {party_size} on {date|date}."]}},
             "flows": {"main": {"start": "idle", "states": {
               "idle": {"on": [{"intent": "book", "goto": "book"}]},
               "book": {"slots": [
                 {"slot": "party_size", "prompt": "ask", "reprompt": "again", "maximum": 12},
                 {"slot": "date", "prompt": "day", "reprompt": "day_again", "maxDaysBefore": 0}],
                 "on": [{"when": "exists party_size and exists date", "say": "ok", "goto": "idle"}]}}}}}
            """
        )
        let engine = DialogueEngine(bot: bot, clock: ManualClock(mondayMorning), seed: 1)
        let tooMany = try await engine.send("a table for 30", to: "a")
        #expect(tooMany.replies.map(\.text) == ["At most 12, please."])
        #expect(tooMany.effects.contains { $0.kind == .invalidAnswer && $0.details["slot"] == "party_size" })
        #expect(try await engine.conversation("a").slots["party_size"] == nil)
        let past = try await engine.send("a table for 2 on 2026-11-01", to: "b")
        #expect(past.replies.map(\.text) == ["A day from today on, please."])
        #expect(try await engine.conversation("b").slots["party_size"] == "2")
        #expect(try await engine.conversation("b").slots["date"] == nil)
        let fine = try await engine.send("a table for 2 on 2026-11-30", to: "c")
        #expect(fine.replies.first?.text.hasPrefix("Booked for 2 on") == true, "\(fine.replies.map(\.text))")
    }

    @Test("a slot pattern must match the whole answer, whatever it holds: quotes and alternations cannot escape")
    func slotPatternsAnchored() async throws {
        for (pattern, good, bad) in [
            ("[A-Z]{2}[0-9]{3}", "AB123", ["AB1234", "xAB123", "AB12"]),
            (#"\Qa)|(?:.*"#, "a)|(?:.*", ["a)", "anything at all"]),
            ("ab|cd", "cd", ["abcd", "ab cd"]),
        ] {
            let json = #"""
                {"slots": {"code": {"type": "string", "entity": "text"}},
                 "intents": {"book": {"patterns": {"en": ["book"]}}},
                 "responses": {"ask": {"en": ["Code?"]}, "again": {"en": ["Again?"]}, "ok": {"en": ["OK {code}"]}},
                 "flows": {"main": {"start": "idle", "states": {
                   "idle": {"on": [{"intent": "book", "goto": "a"}]},
                   "a": {"slots": [{"slot": "code", "prompt": "ask", "reprompt": "again", "pattern": PATTERN}],
                     "on": [{"when": "exists code", "say": "ok", "goto": "idle"}]}}}}}
                """#
            let encoded = String(decoding: try JSONEncoder().encode(pattern), as: UTF8.self)
            let bot = try compiledBot(json.replacingOccurrences(of: "PATTERN", with: encoded))
            for value in bad {
                let engine = DialogueEngine(bot: bot, clock: ManualClock(mondayMorning), seed: 1)
                try await engine.send("book", to: "c")
                let turn = try await engine.send(value, to: "c")
                #expect(turn.effects.contains { $0.kind == .invalidAnswer }, "\(pattern) accepted \(value)")
            }
            let engine = DialogueEngine(bot: bot, clock: ManualClock(mondayMorning), seed: 1)
            try await engine.send("book", to: "c")
            let accepted = try await engine.send(good, to: "c")
            #expect(
                accepted.replies.map(\.text) == ["OK \(good)"],
                "\(pattern): \(accepted.replies) \(accepted.effects)"
            )
        }
    }

    @Test("values are shown in the reply's language: a slot's display, a list entity's synonyms, raw as stored")
    func displayTexts() async throws {
        let bot = try compiledBot(
            #"""
            {"settings": {"languages": ["en", "ar", "fa"]},
             "entities": {"airline": {"type": "list", "values": {
               "EK": {"en": ["Emirates"], "ar": ["طيران الإمارات", "الإمارات"], "fa": ["امارات"]}}}},
             "slots": {"airline": {"type": "enum"},
               "status": {"type": "enum", "display": {"on_time": {"en": "on time", "ar": "في موعدها", "fa": "به‌موقع"}}},
               "meals": {"type": "list", "display": {"veg": {"en": "vegetarian", "ar": "نباتية", "fa": "گیاهی"}}}},
             "intents": {"fly": {"patterns": {"en": ["fly {airline}"], "ar": ["سافر مع {airline}"], "fa": ["با {airline} پرواز"]}}},
             "responses": {"ok": {"en": ["{airline} ({airline|raw|lower}) is {status}; meals: {meals}."],
               "ar": ["{airline}: {status}؛ الوجبات: {meals}."], "fa": ["{airline}: {status}؛ غذا: {meals}."]}},
             "flows": {"main": {"start": "idle", "states": {"idle": {"on": [
               {"intent": "fly", "set": {"status": "on_time", "meals": "veg, halal"}, "say": "ok"}]}}}}}
            """#
        )
        let engine = DialogueEngine(bot: bot, clock: ManualClock(mondayMorning), seed: 1)
        let english = try await engine.send("fly emirates", to: "en")
        #expect(english.replies.map(\.text) == ["Emirates (ek) is on time; meals: vegetarian, halal."])
        let arabic = try await engine.send("سافر مع الإمارات", to: "ar")
        #expect(arabic.replies.map(\.text) == ["طيران الإمارات: في موعدها؛ الوجبات: \u{2068}نباتية، halal\u{2069}."])
        let persian = try await engine.send("با امارات پرواز", to: "fa")
        #expect(persian.replies.map(\.text) == ["امارات: به‌موقع؛ غذا: \u{2068}گیاهی، halal\u{2069}."])
        // A list keeps an item without display text as it is (isolated: it holds Latin letters); the
        // conversation keeps the stored value, only the reply shows the words.
        #expect(try await engine.conversation("fa").slots["airline"] == "EK")
    }

    @Test("clear empties a slot; an empty string in set is refused where it is written")
    func clearSlots() async throws {
        let bot = try compiledBot(
            """
            {"slots": {"party_size": {"type": "number", "entity": "number"}},
             "intents": {"book": {"patterns": {"en": ["table for {party_size}"]}}, "reset": {"patterns": {"en": ["start over"]}}},
             "responses": {"ok": {"en": ["A table for {party_size|default:nobody yet}."]}},
             "flows": {"main": {"start": "idle", "states": {"idle": {"on": [
               {"intent": "book", "say": "ok"}, {"intent": "reset", "clear": ["party_size"], "say": "ok"}]}}}}}
            """
        )
        let engine = DialogueEngine(bot: bot, clock: ManualClock(mondayMorning), seed: 1)
        #expect(try await engine.send("table for 4", to: "c").replies.map(\.text) == ["A table for 4."])
        #expect(try await engine.send("start over", to: "c").replies.map(\.text) == ["A table for nobody yet."])
        #expect(try await engine.conversation("c").slots["party_size"] == nil)
        let fixture = MarkedFixture(
            path: "set.json",
            text: """
                {"slots": {"party_size": {"type": "number"}}, "intents": {"a": {"patterns": {"en": ["a"]}}},
                 "flows": {"main": {"start": "idle", "states": {"idle": {"on": [
                   {"intent": "a", "set": {"party_size": 1️⃣""}, "clear": [2️⃣"party_sise"]}]}}}}}
                """
        )
        let (result, markers) = compileFixtures([fixture])
        let found = result.diagnostics.map { "\($0.location.map(String.init(describing:)) ?? "-") [\($0.code)]" }
        #expect(
            found.sorted()
                == [
                    "\(try #require(markers["set.json1️⃣"])) [invalid-value]",
                    "\(try #require(markers["set.json2️⃣"])) [undefined-reference]",
                ].sorted(),
            "\(result.diagnostics.map(\.description))"
        )
    }

    @Test("notices about the same flight add up; a notice about another flight does not carry the first one's gate")
    func factsAccumulate() async throws {
        let engine = try makeEngine()
        try await engine.deliver(
            event: "flight.gate_changed",
            data: ["flight_number": "EK203", "gate": "B12"],
            to: "c"
        )
        try await engine.deliver(event: "flight.checkin_open", data: ["flight_number": "EK203"], to: "c")
        let same = try await engine.send("which gate?", to: "c")
        #expect(same.replies.contains { $0.text.contains("B12") }, "\(same.replies.map(\.text))")
        try await engine.deliver(event: "flight.checkin_open", data: ["flight_number": "QR8"], to: "c")
        let other = try await engine.send("which gate?", to: "c")
        #expect(!other.replies.contains { $0.text.contains("B12") }, "\(other.replies.map(\.text))")
        #expect(other.replies.contains { $0.text.contains("QR8") })
        let state = try await engine.conversation("c")
        #expect(state.slots["gate"] == nil && state.slots["flight_number"] == "QR8")
    }

    @Test("a shipped notice is answered from its payload when the customer asks when it arrives")
    func shippedThenETA() async throws {
        let engine = try makeEngine()
        let notice = try await engine.deliver(
            event: "order.shipped",
            data: ["order_id": "A-10293", "eta": "2026-11-25", "carrier": "Aramex"],
            to: "c1"
        )
        #expect(notice.stateAfter.description == "order.shipped")
        #expect(notice.replies.map(\.response) == ["order.shipped_notice"])
        #expect(notice.replies.first?.text.contains("A-10293") == true)
        let answer = try await engine.send("when will it arrive?", to: "c1")
        #expect(answer.intent == "order.track")
        #expect(answer.replies.map(\.response) == ["order.eta"])
        #expect(answer.replies.first?.text.contains("November 25") == true)
    }

    @Test("Arabic and Persian replies follow the customer's language, with IDs isolated and Persian digits")
    func languagesAndIsolation() async throws {
        let engine = try makeEngine()
        try await engine.deliver(event: "order.shipped", data: ["order_id": "A-10293", "eta": "2026-11-25"], to: "ar")
        let arabic = try await engine.send("متى يوصل طلبي؟", to: "ar")
        #expect(arabic.language == "ar")
        #expect(arabic.intent == "order.track")
        let arabicText = try #require(arabic.replies.first?.text)
        #expect(arabicText.contains("\u{2068}A-10293\u{2069}"))

        try await engine.deliver(event: "order.shipped", data: ["order_id": "A-10293", "eta": "2026-11-25"], to: "fa")
        let persian = try await engine.send("سفارشم کی می‌رسه؟", to: "fa")
        #expect(persian.language == "fa")
        #expect(persian.intent == "order.track")
        let persianText = try #require(persian.replies.first?.text)
        #expect(persianText.contains("۴ آذر"), "the Persian calendar and digits: \(persianText)")
    }

    @Test("a redelivered message or notice changes nothing: no turn, no transcript line, the same later replies")
    func redeliveryChangesNothing() async throws {
        let store: any SessionStore = InMemorySessionStore()
        let engine = try makeEngine(store: store)
        let data = ["order_id": "A-1", "eta": "2026-11-25"]
        let notice = try await engine.deliver(event: "order.shipped", data: data, idempotencyKey: "n1", to: "c")
        let before = try #require(try await store.load("c"))
        let again = try await engine.deliver(event: "order.shipped", data: data, idempotencyKey: "n1", to: "c")
        #expect(again.effects.map(\.kind) == [.duplicate])
        #expect(again.index == notice.index)
        // The event's own key (its order id) makes a resend without a sender key a redelivery too.
        let declared = try await engine.deliver(event: "order.shipped", data: data, to: "c")
        #expect(declared.effects.map(\.kind) == [.duplicate])
        #expect(try await store.load("c") == before)

        for (text, language) in [("when will it arrive?", "en"), ("متى يوصل الطلب", "ar"), ("کی می‌رسه؟", "fa")] {
            let first = try await engine.send(text, to: "c", idempotencyKey: "m-\(language)")
            let saved = try #require(try await store.load("c"))
            let repeated = try await engine.send(text, to: "c", idempotencyKey: "m-\(language)")
            #expect(repeated.effects.map(\.kind) == [.duplicate], "\(language)")
            #expect(repeated.replies.isEmpty)
            #expect(repeated.index == first.index)
            #expect(try await store.load("c") == saved, "\(language): a redelivery is not committed")
        }
        // A message key never collides with a notice key.
        let sameKey = try await engine.send("thanks", to: "c", idempotencyKey: "n1")
        #expect(!sameKey.effects.contains { $0.kind == .duplicate })

        // Later replies are what one delivery would have given: the same as a conversation never retried.
        let plain = try makeEngine()
        _ = try await plain.deliver(event: "order.shipped", data: data, to: "c")
        for text in ["when will it arrive?", "متى يوصل الطلب", "کی می‌رسه؟", "thanks"] {
            _ = try await plain.send(text, to: "c")
        }
        let retried = try await engine.send("where is my order?", to: "c")
        let direct = try await plain.send("where is my order?", to: "c")
        #expect(retried.replies == direct.replies)
        #expect(retried.index == direct.index)
    }

    @Test("the same notice twice is delivered once; an expired boarding notice is dropped")
    func idempotencyAndExpiry() async throws {
        let engine = try makeEngine()
        let data = ["order_id": "A-1", "eta": "2026-11-25"]
        let first = try await engine.deliver(event: "order.shipped", data: data, to: "c")
        let second = try await engine.deliver(event: "order.shipped", data: data, to: "c")
        #expect(first.replies.count == 1)
        #expect(second.replies.isEmpty)
        #expect(second.effects.map(\.kind) == [.duplicate])
        let late = try await engine.deliver(
            event: "flight.boarding",
            data: ["flight_number": "EK203", "gate": "B12", "departure": "2026-11-23T08:00:00+04:00"],
            to: "c"
        )
        #expect(late.effects.map(\.kind) == [.expired])
        #expect(late.replies.isEmpty)
        #expect(late.stateAfter == first.stateAfter)
    }

    @Test("an invalid payload is an error and changes nothing")
    func invalidPayload() async throws {
        let engine = try makeEngine()
        await #expect(throws: DeliveryError.self) {
            try await engine.deliver(event: "order.shipped", data: ["eta": "2026-11-25"], to: "c")
        }
        do {
            try await engine.deliver(event: "order.shipped", data: ["order_id": "1", "eta": "next week"], to: "c")
            Issue.record("a bad date was accepted")
        } catch let error as DeliveryError {
            #expect(error.code == .invalidField)
            #expect(error.field == "eta")
        }
        do {
            try await engine.deliver(event: "order.teleported", data: [:], to: "c")
        } catch let error as DeliveryError {
            #expect(error.code == .unknownEvent)
        }
        let state = try await engine.conversation("c")
        #expect(state.turnCount == 0)
        #expect(state.slots.isEmpty)
    }

    @Test("remind me next week: the reminder fires seven days later and the link follows")
    func reminderFiresAfterAWeek() async throws {
        let clock = ManualClock(mondayMorning)
        let engine = try makeEngine(clock: clock)
        try await engine.deliver(
            event: "card.expiring",
            data: ["card_last4": "4821", "expiry": "2026-12"],
            to: "c"
        )
        let later = try await engine.send("remind me next week", to: "c")
        #expect(later.intent == "card.remind_later")
        #expect(later.effects.contains { $0.kind == .reminderScheduled })
        clock.advance(by: 6 * 86_400)
        #expect(try await engine.runDueJobs().isEmpty)
        clock.advance(by: 86_400)
        let fired = try await engine.runDueJobs()
        #expect(fired.count == 1)
        #expect(fired.first?.replies.map(\.response) == ["card.reminder_notice"])
        #expect(fired.first?.stateAfter.description == "card.reminded")
        let update = try await engine.send("update it", to: "c")
        #expect(update.replies.map(\.response) == ["card.update_link"])
        #expect(update.replies.first?.text.contains("https://pay.example.com/u/4821") == true)
    }

    @Test("slot filling: prompt, a wrong answer, the value, then the action")
    func slotFilling() async throws {
        let calls = CallLog()
        let engine = try makeEngine(actions: testActions(calls: calls))
        let ask = try await engine.send("where is my order?", to: "c")
        #expect(ask.replies.map(\.response) == ["order.ask_id"])
        let wrong = try await engine.send("hmm not sure", to: "c")
        #expect(wrong.replies.map(\.response) == ["order.ask_id_again"])
        #expect(wrong.effects.contains { $0.kind == .invalidAnswer })
        let help = try await engine.send("help", to: "c")
        #expect(help.replies.map(\.response) == ["help", "order.ask_id"], "a digression, then the question again")
        let answer = try await engine.send("123456", to: "c")
        #expect(calls.all == ["lookupOrder 123456"])
        #expect(answer.stateAfter.description == "order.status")
        #expect(answer.replies.map(\.response) == ["order.status"])
    }

    @Test("a full card number is refused with a warning and never stored")
    func cardNumberRefused() async throws {
        let engine = try makeEngine()
        try await engine.send("update my card", to: "c")
        let turn = try await engine.send("it's 4111 1111 1111 1111", to: "c")
        #expect(turn.effects.map(\.kind) == [.cardNumberRefused])
        #expect(turn.replies.map(\.response) == ["card.full_number_warning"])
        let state = try await engine.conversation("c")
        #expect(!state.slots.values.contains { $0.contains("4111") })
        #expect(!state.transcript.contains { $0.text.contains("4111") })
        let last4 = try await engine.send("4821", to: "c")
        #expect(last4.replies.map(\.response) == ["card.update_link"])
    }

    @Test("asking for a person hands off; the bot stays silent until released; held notices follow")
    func handoffAndRelease() async throws {
        let engine = try makeEngine()
        try await engine.send("hello", to: "c")
        let handoff = try await engine.send("I want to talk to a person", to: "c")
        #expect(handoff.handedOff)
        #expect(handoff.effects.first { $0.kind == .handoff }?.details["reason"] == "asked for a person")
        let silent = try await engine.send("hello?", to: "c")
        #expect(silent.replies.isEmpty)
        #expect(silent.effects.map(\.kind) == [.paused])
        let held = try await engine.deliver(event: "order.delivered", data: ["order_id": "A-7"], to: "c")
        #expect(held.effects.map(\.kind) == [.held])
        let released = try await engine.release("c")
        #expect(released.replies.map(\.response) == ["order.delivered_notice"])
        #expect(released.stateAfter.description == "order.delivered")
    }

    @Test("an escalation keyword hands off at once, in Arabic too")
    func escalationKeyword() async throws {
        let engine = try makeEngine()
        let turn = try await engine.send("هذا نصب وأريد تقديم شكوى", to: "c")
        #expect(turn.handedOff)
        #expect(turn.effects.first { $0.kind == .handoff }?.details["reason"]?.contains("escalation") == true)
    }

    @Test("two messages nobody understands lead to an offer of a person")
    func twoFallbacksOfferAPerson() async throws {
        let engine = try makeEngine()
        let first = try await engine.send("purple elephants", to: "c")
        #expect(first.intent == "fallback")
        #expect(first.replies.map(\.response) == ["fallback"])
        let second = try await engine.send("quantum bananas", to: "c")
        #expect(second.replies.map(\.response) == ["offer_human"])
        let yes = try await engine.send("yes please", to: "c")
        #expect(yes.handedOff)
    }

    @Test("a problem sub-flow returns to where it was entered")
    func subFlowReturns() async throws {
        let engine = try makeEngine()
        try await engine.deliver(event: "order.shipped", data: ["order_id": "A-1", "eta": "2026-11-25"], to: "c")
        let problem = try await engine.send("there's a problem with my order", to: "c")
        #expect(problem.stateAfter.description == "order_problem.describe")
        let never = try await engine.send("no", to: "c")
        #expect(never.stateAfter.description == "order.shipped")
        let eta = try await engine.send("when will it arrive?", to: "c")
        #expect(eta.replies.map(\.response) == ["order.eta"])
    }

    @Test("a gate change notice answers which gate from its payload")
    func gateChange() async throws {
        let engine = try makeEngine()
        try await engine.deliver(
            event: "flight.gate_changed",
            data: ["flight_number": "EK203", "gate": "B12", "departure": "2026-11-23T14:30:00+04:00"],
            to: "c"
        )
        let gate = try await engine.send("which gate?", to: "c")
        #expect(gate.intent == "flight.gate")
        #expect(gate.replies.first?.text.contains("B12") == true)
    }

    @Test("an action that never answers takes its error path after the timeout")
    func actionTimeout() async throws {
        var actions = testActions()
        actions.register("checkIn") { _ in
            try await Task.sleep(for: .seconds(3600))
            return ["seat": "1A"]
        }
        let outcome = await actions.run(
            ActionRequest(action: "checkIn", conversation: "c", inputs: [:], language: "en", now: mondayMorning),
            timeout: .milliseconds(50)
        )
        guard case .timeout = outcome else {
            Issue.record("expected a timeout, got \(outcome)")
            return
        }
    }

    /// The first half of a scripted conversation: a notice, a reminder request, another notice, a question.
    static func scriptBeforeReminder(_ engine: DialogueEngine, _ index: Int) async throws {
        let id = "c\(index)"
        let last4 = String(format: "%04d", index % 10_000)
        try await engine.deliver(event: "card.expiring", data: ["card_last4": last4, "expiry": "2026-02"], to: id)
        try await engine.send(index % 3 == 0 ? "ذكرني بعد ٣ أيام" : "remind me in 3 days", to: id)
        try await engine.deliver(event: "order.shipped", data: ["order_id": "A-\(index)", "eta": "2026-11-25"], to: id)
        try await engine.send(index % 2 == 0 ? "when will it arrive?" : "سفارشم کی می‌رسه؟", to: id)
    }

    @Test("10,000 conversations at once, with notices, messages and reminders, end exactly as each would alone")
    func tenThousandConversations() async throws {
        let store = InMemorySessionStore()
        let clock = ManualClock(mondayMorning)
        let engine = try makeEngine(clock: clock, store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10_000 {
                group.addTask { try await Self.scriptBeforeReminder(engine, index) }
            }
            try await group.waitForAll()
        }
        clock.advance(by: 3 * 86_400)
        let fired = try await engine.runDueJobs()
        #expect(fired.count == 10_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10_000 {
                group.addTask { try await engine.send("update it", to: "c\(index)") }
            }
            try await group.waitForAll()
        }
        for index in stride(from: 0, to: 10_000, by: 97) {
            let aloneClock = ManualClock(mondayMorning)
            let alone = try makeEngine(clock: aloneClock)
            try await Self.scriptBeforeReminder(alone, index)
            aloneClock.advance(by: 3 * 86_400)
            _ = try await alone.runDueJobs()
            try await alone.send("update it", to: "c\(index)")
            let together = try await engine.conversation("c\(index)")
            let solo = try await alone.conversation("c\(index)")
            #expect(together == solo, "conversation c\(index) differs from running it alone")
            #expect(together.transcript.contains { $0.text.contains("A-\(index)") })
        }
        #expect(store.count == 10_000)
        // Racing turns of one conversation: each sees the previous one's state.
        try await withThrowingTaskGroup(of: Turn.self) { group in
            for _ in 0..<50 { group.addTask { try await engine.send("purple elephants", to: "race") } }
            var indices: [Int] = []
            for try await turn in group { indices.append(turn.index) }
            #expect(indices.sorted() == Array(1...50))
        }
    }
}
