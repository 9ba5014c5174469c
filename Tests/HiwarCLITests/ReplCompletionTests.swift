import Testing

@testable import HiwarCLI

@Suite("REPL tab completion")
struct ReplCompletionTests {
    private let names = ReplCompletion(
        intents: ["card.update", "human", "order.track"],
        events: [
            "card.expired": ["card_last4"], "card.expiring": ["card_last4", "expiry"], "order.shipped": ["order_id"],
        ],
        slots: ["card_last4", "order_id"],
        languages: ["en", "ar", "fa"]
    )

    @Test("commands complete at the start of a line; messages do not")
    func commands() {
        #expect(names.complete(":re", after: "").candidates == [":release", ":reload", ":reset"])
        #expect(names.complete(":w", after: "").candidates == [":why"])
        #expect(names.complete("wh", after: "").candidates.isEmpty)
        #expect(names.complete("طل", after: "متى يصل ").candidates.isEmpty)
    }

    @Test("events, then the fields not yet given, followed by '='")
    func events() {
        #expect(names.complete("card.exp", after: ":event ").candidates == ["card.expired", "card.expiring"])
        let fields = names.complete("", after: ":event card.expiring ")
        #expect(fields.candidates == ["card_last4", "expiry"])
        #expect(fields.append == "=")
        #expect(names.complete("", after: ":event card.expiring card_last4=4821 ").candidates == ["expiry"])
        #expect(names.complete("", after: ":event card.expiring card_last4=").candidates.isEmpty)
        #expect(names.complete("x", after: ":event no.such ").candidates.isEmpty)
    }

    @Test("intents after :why, slots after :slots, languages after :lang, files after :save and :load")
    func arguments() {
        #expect(names.complete("or", after: ":why ").candidates == ["order.track"])
        #expect(names.complete("", after: ":slots ").candidates == ["card_last4", "order_id"])
        #expect(names.complete("a", after: ":lang ").candidates == ["ar", "auto"])
        #expect(names.complete("Te", after: ":save ").files)
        #expect(names.complete("Te", after: ":load ").files)
        #expect(names.complete("o", after: ":why order.track ").candidates.isEmpty)
    }
}
