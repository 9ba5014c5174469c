import Foundation
import Synchronization
import Testing

@testable import Hiwar

/// A store that fails one chosen save, as a process dying at that moment would.
final class FailingStore: SessionStore {
    let inner = InMemorySessionStore()
    private let saves = Mutex(0)
    private let failAt: Int

    init(failingSave: Int) { failAt = failingSave }

    struct Failure: Error {}

    func load(_ id: String) async throws -> ConversationState? { inner.load(id) }
    func save(_ state: ConversationState) async throws {
        let count = saves.withLock {
            $0 += 1
            return $0
        }
        if count == failAt { throw Failure() }
        inner.save(state)
    }
    func delete(_ id: String) async throws { inner.delete(id) }
    func conversationsWithJobs(dueBy date: Date) async throws -> [String] { inner.conversationsWithJobs(dueBy: date) }
}

@Suite("Bounded state: held notices, idempotency keys, due jobs, the outbox")
struct BoundedStateTests {
    static let bot = """
        {"settings": {"languages": ["en"], "idempotencyRetention": "P7D"},
         "slots": {"ref": {"type": "string"}, "part": {"type": "string"}},
         "events": {
           "note": {"fields": {"ref": {"type": "string", "required": true}, "part": {"type": "string"}},
             "idempotencyKey": ["ref", "part"]},
           "ping": {}},
         "intents": {"human": {"patterns": {"en": ["a person please"]}}},
         "responses": {"got": {"en": ["Got {ref}."]}, "due": {"en": ["Reminder."]}, "bye": {"en": ["A person will answer."]}},
         "flows": {"main": {"start": "idle", "states": {"idle": {"on": [
           {"event": "note", "say": "got"}, {"event": "ping", "say": "due"},
           {"intent": "human", "say": "bye", "handoff": "asked"}]}}}}}
        """

    @Test("idempotency keys: values cannot collide, a key outlives 600 other notices, and expires after the retention")
    func idempotency() async throws {
        let clock = ManualClock(mondayMorning)
        let engine = DialogueEngine(bot: try compiledBot(Self.bot), clock: clock, seed: 1)
        let first = try await engine.deliver(event: "note", data: ["ref": "EK1|A", "part": "2"], to: "c")
        #expect(first.replies.map(\.text) == ["Got EK1|A."])
        let other = try await engine.deliver(event: "note", data: ["ref": "EK1", "part": "A|2"], to: "c")
        #expect(other.replies.map(\.text) == ["Got EK1."], "a different notice, not a duplicate")
        for index in 0..<600 { try await engine.deliver(event: "note", data: ["ref": "R\(index)"], to: "c") }
        let again = try await engine.deliver(event: "note", data: ["ref": "EK1|A", "part": "2"], to: "c")
        #expect(again.effects.map(\.kind) == [.duplicate])
        #expect(again.effects.first?.details["key"] == #"["note","EK1|A","2"]"#)
        clock.advance(by: 8 * 86_400)
        let later = try await engine.deliver(event: "note", data: ["ref": "EK1|A", "part": "2"], to: "c")
        #expect(later.replies.map(\.text) == ["Got EK1|A."], "forgotten after settings.idempotencyRetention")
        #expect(try await engine.conversation("c").deliveredKeys.count == 1, "older keys pruned")
    }

    @Test("held notices are bounded: the oldest gives way with an effect; a release delivers every one held")
    func heldNotices() async throws {
        let engine = DialogueEngine(bot: try compiledBot(Self.bot), clock: ManualClock(mondayMorning), seed: 1)
        try await engine.send("a person please", to: "c")
        var superseded = 0
        for index in 0..<150 {
            let turn = try await engine.deliver(event: "note", data: ["ref": "R\(index)"], to: "c")
            superseded += turn.effects.filter { $0.kind == .superseded && $0.details["reason"] == "held-limit" }.count
        }
        #expect(superseded == 50)
        #expect(try await engine.conversation("c").heldEvents.count == ConversationState.heldLimit)
        let release = try await engine.release("c")
        #expect(release.replies.count == 100)
        #expect(release.replies.first?.text == "Got R50.")
        #expect(release.replies.last?.text == "Got R149.")
        #expect(!release.effects.contains { $0.kind == .loopStopped })
    }

    @Test("every job due fires in one call, however many")
    func allDueJobsFire() async throws {
        let clock = ManualClock(mondayMorning)
        let engine = DialogueEngine(bot: try compiledBot(Self.bot), clock: clock, seed: 1)
        try await engine.update("c") { state in
            state.jobs = (1...200).map {
                ScheduledJob(
                    id: $0,
                    due: mondayMorning.addingTimeInterval(Double($0)),
                    kind: .event(PendingEvent(event: "ping", data: [:]))
                )
            }
        }
        clock.advance(by: 3600)
        let turns = try await engine.runDueJobs()
        #expect(turns.count == 200)
        let state = try await engine.conversation("c")
        #expect(state.jobs.isEmpty && state.outbox.isEmpty)
    }

    @Test("a fired job's turn not handed over (the process died) is handed over again, with the same id")
    func outboxRedelivery() async throws {
        // Saves: 1 the update, 2 the fired job's commit, 3 the acknowledgement, which fails.
        let store = FailingStore(failingSave: 3)
        let clock = ManualClock(mondayMorning)
        let engine = DialogueEngine(bot: try compiledBot(Self.bot), store: store, clock: clock, seed: 1)
        try await engine.update("c") { state in
            state.jobs = [ScheduledJob(id: 1, due: mondayMorning, kind: .event(PendingEvent(event: "ping", data: [:])))]
        }
        let handed = Mutex<[String]>([])
        await #expect(throws: FailingStore.Failure.self) {
            try await engine.runDueJobs { turn in handed.withLock { $0.append(turn.id) } }
        }
        #expect(try await store.conversationsWithJobs(dueBy: mondayMorning) == ["c"], "the outbox lists it")
        let again = try await engine.runDueJobs { turn in handed.withLock { $0.append(turn.id) } }
        #expect(again.map(\.replies.first?.text) == ["Reminder."])
        #expect(handed.withLock { $0 } == ["c#1", "c#1"])
        #expect(try await engine.conversation("c").outbox.isEmpty)
        #expect(try await engine.runDueJobs().isEmpty)
    }

    @Test("a conversation stored by an older version still loads: idempotency keys as a list, no outbox")
    func olderSnapshot() throws {
        let json = #"""
            {"id": "c", "state": {"flow": "main", "state": "idle"}, "seed": 1, "returnStack": [], "slots": {},
             "attempts": 0, "deliveredKeys": ["note|R1"], "heldEvents": [], "jobs": [], "turnCount": 2,
             "entrySerial": 1, "lastActivity": 0, "transcript": []}
            """#
        let state = try JSONDecoder().decode(ConversationState.self, from: Data(json.utf8))
        #expect(state.deliveredKeys.keys.sorted() == ["note|R1"])
        #expect(state.outbox.isEmpty)
        #expect(state.turnCount == 2)
    }
}
