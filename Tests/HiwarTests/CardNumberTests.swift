import Foundation
import Testing

@testable import Hiwar

@Suite("Card numbers: found as written, masked everywhere")
struct CardNumberTests {
    @Test("every form of the corpus is found, and its masked text no longer holds the digits in order")
    func corpus() throws {
        let corpus = try CardNumberCorpus.load()
        #expect(corpus.cards.count >= 50)
        for (text, number) in corpus.cards.map({ ($0.text, $0.number) }) {
            #expect(CardNumbers.contains(text), "\(text.debugDescription)")
            let masked = CardNumbers.redacted(text)
            #expect(!CardNumberCorpus.digitsOnly(masked).contains(number), "\(masked.debugDescription)")
            #expect(masked.hasSuffix(String(text.suffix(1))) || masked.contains("•"))
        }
    }

    @Test("look-alikes are not card numbers and are kept as written")
    func lookAlikes() throws {
        for text in try CardNumberCorpus.load().lookAlikes {
            #expect(!CardNumbers.contains(text), "\(text)")
            #expect(CardNumbers.redacted(text) == text)
        }
    }

    @Test("masking keeps the last four digits and every separator")
    func maskShape() {
        #expect(CardNumbers.redacted("pay with 4111 1111 1111 1111 today") == "pay with •••• •••• •••• 1111 today")
        #expect(CardNumbers.redacted("٤١١١-١١١١-١١١١-١١١١") == "••••-••••-••••-١١١١")
        #expect(CardNumbers.redacted("order 12345 4111 1111 1111 1111") == "order 12345 •••• •••• •••• 1111")
    }

    @Test("a message with a card number is refused, and the turn and the transcript keep it masked")
    func engineMasks() async throws {
        let engine = try makeEngine()
        for (index, card) in try CardNumberCorpus.load().cards.enumerated() {
            let (text, number) = (card.text, card.number)
            let turn = try await engine.send(text, to: "c\(index)")
            #expect(turn.effects.contains { $0.kind == .cardNumberRefused }, "\(text.debugDescription)")
            #expect(turn.slots.isEmpty)
            guard case .message(let kept) = turn.input else {
                Issue.record("not a message turn")
                continue
            }
            #expect(!CardNumberCorpus.digitsOnly(kept).contains(number))
            let state = try await engine.conversation("c\(index)")
            for line in state.transcript {
                #expect(!CardNumberCorpus.digitsOnly(line.text).contains(number))
            }
        }
    }

    @Test("a notice's card_last4 must be four digits; a full card number is refused without being repeated")
    func noticeRefused() async throws {
        let engine = try makeEngine()
        do {
            try await engine.deliver(
                event: "card.expiring",
                data: ["card_last4": "4111 1111 1111 1111", "expiry": "2026-02"],
                to: "c"
            )
            Issue.record("delivered")
        } catch let error as DeliveryError {
            #expect(error.code == .invalidField)
            #expect(error.field == "card_last4")
            #expect(!CardNumberCorpus.digitsOnly(error.message).contains("4111111111111111"))
        }
        #expect(try await engine.conversation("c").slots["card_last4"] == nil)
        for bad in ["4111}111111111111", "48a1", "482", "48211"] {
            await #expect(throws: DeliveryError.self, "\(bad)") {
                try await engine.deliver(
                    event: "card.expiring",
                    data: ["card_last4": bad, "expiry": "2026-02"],
                    to: "d"
                )
            }
        }
        for good in ["4821", "٤٨٢١"] {
            try await engine.deliver(event: "card.expiring", data: ["card_last4": good, "expiry": "2026-02"], to: "e")
        }
    }

    @Test("a stored message is cut at the matcher's limit, marked with an ellipsis")
    func storageLimit() async throws {
        let engine = try makeEngine()
        let long = String(repeating: "a", count: 1_000_000)
        let turn = try await engine.send(long, to: "long")
        guard case .message(let kept) = turn.input else { return }
        #expect(kept.unicodeScalars.count == TranscriptLine.maximumLength + 1)
        #expect(kept.hasSuffix("…"))
        #expect(try await engine.conversation("long").transcript.first?.text == kept)
    }
}
