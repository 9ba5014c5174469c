import Foundation
import Testing

@testable import Hiwar

@Suite("A conversation's snapshot: JSONEncoder's bytes, written directly")
struct ConversationSnapshotTests {
    static let texts = [
        "where is my order?", "وين طلبي؟", "سفارشم کجاست", "a \"quoted\" word", "back\\slash / slash",
        "tab\tnew\nline\r", "\u{01}\u{1F}", "emoji 📦", "", "0", "a\u{200C}b",
    ]

    static func text(_ generator: inout SeededGenerator) -> String {
        texts[Int(generator.next() % UInt64(texts.count))]
    }

    static func date(_ generator: inout SeededGenerator) -> Date {
        switch generator.next() % 4 {
        case 0: Date(timeIntervalSinceReferenceDate: Double(generator.next() % 1_000_000_000))
        case 1: Date(timeIntervalSinceReferenceDate: Double(generator.next() % 1_000_000_000) + 0.123456)
        case 2: Date(timeIntervalSinceReferenceDate: -Double(generator.next() % 1_000_000) - 0.5)
        default: Date(timeIntervalSince1970: Double(generator.next() % 2_000_000_000) / 1_000)
        }
    }

    /// A state with every field exercised, sometimes empty.
    static func state(_ generator: inout SeededGenerator) -> ConversationState {
        let key = StateKey(flow: "order", state: "waiting")
        var state = ConversationState(
            id: text(&generator) + "-\(generator.next() % 100)",
            state: key,
            seed: generator.next()
        )
        func maybe() -> Bool { generator.next() % 2 == 0 }
        if maybe() { state.returnStack = [StateKey(flow: "card", state: "start"), key] }
        for _ in 0..<(generator.next() % 4) { state.slots[text(&generator)] = text(&generator) }
        if maybe() { state.language = ["en", "ar", "fa"][Int(generator.next() % 3)] }
        if maybe() { state.pinnedLanguage = "fa" }
        if maybe() { state.awaiting = "order_id" }
        state.attempts = Int(generator.next() % 3)
        if maybe() { state.handoff = Handoff(reason: text(&generator), since: date(&generator)) }
        for index in 0..<(generator.next() % 3) {
            state.deliveredKeys["key-\(index)-" + text(&generator)] = date(&generator)
        }
        for _ in 0..<(generator.next() % 3) {
            state.heldEvents.append(
                PendingEvent(event: "order.shipped", data: ["eta": text(&generator), "order_id": "A-1"])
            )
        }
        for index in 0..<Int(generator.next() % 3) {
            let kind: ScheduledJob.Kind =
                maybe()
                ? .event(PendingEvent(event: "card.expiring", data: ["card": "…1234"]))
                : .timeout(state: key, transition: index, entry: Int(generator.next() % 9))
            state.jobs.append(ScheduledJob(id: index, due: date(&generator), kind: kind))
        }
        if generator.next() % 4 == 0 {
            state.outbox.append(
                Turn(
                    conversation: state.id,
                    index: 3,
                    at: date(&generator),
                    input: .scheduled(jobID: 1, due: date(&generator)),
                    intent: nil,
                    score: nil,
                    language: "en",
                    stateBefore: key,
                    stateAfter: key,
                    replies: [Reply(response: "reminder", text: text(&generator), language: "en")],
                    effects: [Effect(.fired, ["job": "1"])]
                )
            )
        }
        state.turnCount = Int(generator.next() % 1_000)
        state.entrySerial = Int(generator.next() % 50)
        if maybe() { state.lastActivity = date(&generator) }
        // Up to 150 lines: full chunks, a partly dropped first chunk, an open one.
        for _ in 0..<(generator.next() % 150) {
            let speaker: TranscriptLine.Speaker = [.customer, .bot, .notice][Int(generator.next() % 3)]
            state.transcript.append(TranscriptLine(speaker: speaker, text: text(&generator), at: date(&generator)))
        }
        return state
    }

    @Test("byte for byte what JSONEncoder writes, and JSONDecoder reads it back, for random conversations")
    func sameBytes() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<400 {
            let state = Self.state(&generator)
            let expected = try ConversationState.fallbackEncoder.encode(state)
            // Twice: the second reuses the transcript's chunks written by the first.
            for _ in 0..<2 {
                let written = try state.snapshotJSON()
                #expect(written == Array(expected), "\(String(decoding: written, as: UTF8.self))")
                #expect(try JSONDecoder().decode(ConversationState.self, from: Data(written)) == state)
            }
        }
    }

    @Test("a transcript past its limit writes only the lines it keeps, in order")
    func droppedLines() throws {
        var transcript = Transcript(limit: 20)
        for index in 0..<37 {
            transcript.append(
                TranscriptLine(speaker: .customer, text: "line \(index)", at: Date(timeIntervalSinceReferenceDate: 0))
            )
            var json = JSONWriter()
            transcript.writeJSON(into: &json)
            let lines = try JSONDecoder().decode([TranscriptLine].self, from: Data(json.bytes))
            #expect(lines.map(\.text) == (max(0, index - 19)...index).map { "line \($0)" })
        }
    }
}
