import Foundation
import Testing

@testable import Hiwar
@testable import HiwarServer

@Suite("The turn record's JSON writer matches JSONEncoder byte for byte")
struct JSONWriterTests {
    static func encoded(_ record: TurnRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    @Test("records of real turns in en, ar and fa: messages, notices, reminders, handoff, release")
    func realTurns() async throws {
        let harness = try ServerHarness()
        let engine = harness.engine
        var turns: [Turn] = []
        turns.append(
            try await engine.deliver(event: "order.shipped", data: ["order_id": "A-1", "eta": "2026-12-08"], to: "w")
        )
        for text in [
            "when will it arrive?", "متى يوصل؟", "کی می‌رسه؟", "my card is 4111 1111 1111 1111",
            "quote \" and \\ / slash",
            "tab\there\nnewline\u{1}\u{1F}", "gate??", "I want to talk to a person",
        ] {
            turns.append(try await engine.send(text, to: "w"))
        }
        turns.append(try await engine.release("w"))
        turns.append(
            try await engine.deliver(
                event: "card.expiring",
                data: ["card_last4": "4821", "expiry": "2026-02"],
                to: "w"
            )
        )
        turns.append(try await engine.send("remind me next week", to: "w"))
        harness.clock.set(ServerHarness.start.addingTimeInterval(8 * 86_400))
        turns += try await engine.runDueJobs()
        #expect(turns.contains { if case .scheduled = $0.input { true } else { false } })
        for turn in turns {
            let record = TurnRecord(turn)
            #expect(String(decoding: record.jsonBytes(), as: UTF8.self) == (try Self.encoded(record)))
        }
    }

    @Test("odd keys, control characters, numbers and absent fields", arguments: [1.0, 0.1, 0.85, 1e-7, 123_456.789, 0])
    func oddRecords(score: Double) throws {
        let turn = Turn(
            conversation: "c\"1",
            index: 3,
            at: Date(timeIntervalSince1970: 1_796_371_200.123),
            input: .event("x", data: ["B": "1", "a": "\u{0}", "_x": "é", "a10": "", "a9": "/", "Z": "\u{7F}"]),
            intent: nil,
            score: score,
            slots: ["b": "2", "A": "1"],
            answered: "slot",
            language: LanguageCode(rawValue: "fa"),
            stateBefore: StateKey(flow: "f", state: "s"),
            stateAfter: StateKey(flow: "f", state: "t"),
            replies: [
                Reply(response: "r", text: "\u{202B}نص\u{202C} \u{8}\u{C}", language: LanguageCode(rawValue: "ar"))
            ],
            effects: [Effect(.slotSet, ["slot": "x", "value": "\r"])]
        )
        let record = TurnRecord(turn)
        #expect(String(decoding: record.jsonBytes(), as: UTF8.self) == (try Self.encoded(record)))
    }
}
