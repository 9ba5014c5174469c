import Foundation
import Testing

@testable import Hiwar

@Suite("The in-memory store")
struct InMemorySessionStoreTests {
    static let noon = Date(timeIntervalSince1970: 1_796_385_600)

    static func conversation(_ id: String, dueIn seconds: [Double]) -> ConversationState {
        var state = ConversationState(id: id, state: StateKey(flow: "order", state: "shipped"), seed: 1)
        state.jobs = seconds.enumerated().map { index, offset in
            ScheduledJob(
                id: index,
                due: noon.addingTimeInterval(offset),
                kind: .event(PendingEvent(event: "card.expiring", data: [:]))
            )
        }
        return state
    }

    @Test("due conversations come soonest first, by id on a tie; saves and deletes keep the list current")
    func dueConversations() {
        let store = InMemorySessionStore()
        store.save(Self.conversation("+9715550100", dueIn: [60, 5]))
        store.save(Self.conversation("سفارش-۱", dueIn: [30]))
        store.save(Self.conversation("کارت", dueIn: [30]))
        store.save(Self.conversation("later", dueIn: [3_600]))
        store.save(Self.conversation("no-jobs", dueIn: []))
        var undelivered = Self.conversation("outbox", dueIn: [])
        undelivered.outbox.append(
            Turn(
                conversation: "outbox",
                index: 2,
                at: Self.noon,
                input: .scheduled(jobID: 1, due: Self.noon),
                intent: nil,
                score: nil,
                language: "ar",
                stateBefore: undelivered.state,
                stateAfter: undelivered.state,
                replies: [],
                effects: []
            )
        )
        store.save(undelivered)
        let inAMinute = Self.noon.addingTimeInterval(60)
        // An undelivered outbox is due at once; then jobs by their soonest due time.
        #expect(store.conversationsWithJobs(dueBy: inAMinute) == ["outbox", "+9715550100", "سفارش-۱", "کارت"])
        #expect(store.conversationsWithJobs(dueBy: Self.noon) == ["outbox"])
        // A save without jobs takes a conversation off the list; a save with a later job moves it.
        store.save(Self.conversation("سفارش-۱", dueIn: []))
        store.save(Self.conversation("+9715550100", dueIn: [120]))
        #expect(store.conversationsWithJobs(dueBy: inAMinute) == ["outbox", "کارت"])
        store.delete("کارت")
        store.delete("outbox")
        #expect(store.conversationsWithJobs(dueBy: inAMinute) == [])
        #expect(store.conversationsWithJobs(dueBy: .distantFuture) == ["+9715550100", "later"])
        #expect(store.count == 4)
    }
}
