import Foundation
import Hiwar
import HiwarPostgres
import Testing

/// Two engines, each with its own store and connection pool — two processes, as the database sees them — on one
/// database.
@Suite("PostgreSQL: engines sharing one database", .enabled(if: TestDatabase.available))
struct SharedStoreTests {
    @Test("messages to the same conversations from two engines at once never interleave within a turn")
    func serializedAcrossEngines() async throws {
        let url = try await TestDatabase.freshDatabase("serial")
        let bot = try TestDatabase.bot()
        let stores = [try await TestDatabase.store(url), try await TestDatabase.store(url)]
        defer { for store in stores { store.shutdown() } }
        let engines = stores.map { DialogueEngine(bot: bot, store: $0, seed: 3) }
        let conversations = 40
        let perConversation = 10
        let texts = ["where is my order?", "متى يوصل؟", "کی می‌رسه؟", "hello", "gate??"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for conversation in 0..<conversations {
                for message in 0..<perConversation {
                    let engine = engines[(conversation + message) % 2]
                    group.addTask {
                        _ = try await engine.send(texts[message % texts.count], to: "shared-\(conversation)")
                    }
                }
            }
            try await group.waitForAll()
        }
        for conversation in 0..<conversations {
            let state = try #require(try await stores[0].load("shared-\(conversation)"))
            // Ten turns, each counted once: no two engines read the same turn count and both wrote it.
            #expect(state.turnCount == perConversation, "shared-\(conversation): \(state.turnCount) turns")
            #expect(state.transcript.filter { $0.speaker == .customer }.count == perConversation)
        }
    }

    @Test("reminders due on two engines at once fire exactly once each, with the turn that removed them")
    func remindersFireOnce() async throws {
        let url = try await TestDatabase.freshDatabase("jobs")
        let bot = try TestDatabase.bot()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_796_371_200))
        let stores = [try await TestDatabase.store(url), try await TestDatabase.store(url)]
        defer { for store in stores { store.shutdown() } }
        let engines = stores.map { DialogueEngine(bot: bot, store: $0, clock: clock, seed: 5) }
        let customers = 30
        for index in 0..<customers {
            let id = "card-\(index)"
            let engine = engines[index % 2]
            _ = try await engine.deliver(
                event: "card.expiring",
                data: ["card_last4": "4821", "expiry": "2026-02"],
                to: id
            )
            let asked = try await engine.send("remind me in 3 days", to: id)
            #expect(asked.effects.contains { $0.kind == .reminderScheduled })
        }
        clock.set(clock.now().addingTimeInterval(4 * 86_400))
        let fired = try await withThrowingTaskGroup(of: [Turn].self) { group in
            for engine in engines + engines {
                group.addTask { try await engine.runDueJobs() }
            }
            var all: [Turn] = []
            for try await turns in group { all += turns }
            return all
        }
        let scheduled = fired.filter { if case .scheduled = $0.input { true } else { false } }
        // Handed over at least once (an engine may hand over a turn another just committed to the outbox), always
        // with the turn's one id; fired exactly once: each conversation has three turns, not four.
        #expect(Set(scheduled.map(\.id)).count == customers, "\(Set(scheduled.map(\.id)).count) of \(customers)")
        for index in 0..<customers {
            let state = try #require(try await stores[1].load("card-\(index)"))
            #expect(state.turnCount == 3, "card-\(index): \(state.turnCount) turns")
            #expect(state.jobs.isEmpty)
            #expect(state.outbox.isEmpty)
        }
        #expect(try await stores[0].conversationsWithJobs(dueBy: clock.now()).isEmpty)
    }
}
