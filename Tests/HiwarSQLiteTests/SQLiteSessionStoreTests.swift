import Foundation
import Hiwar
import HiwarSQLite
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-test-\(UUID().uuidString).sqlite").path
}

func shippedBot() throws -> CompiledBot {
    try CompiledBot(paths: [packageRoot.appendingPathComponent("Intents").path])
}

let start = ISO8601DateFormatter().date(from: "2026-01-05T09:00:00+04:00") ?? Date()

@Suite("SQLite session store")
struct SQLiteSessionStoreTests {
    @Test("a conversation round-trips with its slots, jobs and handoff")
    func roundTrip() async throws {
        let store = try SQLiteSessionStore(path: temporaryStorePath())
        var state = ConversationState(id: "+9715", state: StateKey(flow: "card", state: "expiring"), seed: 9)
        state.slots = ["card_last4": "4821", "expiry": "2026-02"]
        state.jobs = [
            ScheduledJob(
                id: 1,
                due: start.addingTimeInterval(3600),
                kind: .event(PendingEvent(event: "card.reminder", data: ["card_last4": "4821"]))
            )
        ]
        state.handoff = Handoff(reason: "asked for a person", since: start)
        try await store.save(state)
        #expect(try await store.load("+9715") == state)
        #expect(try await store.load("nobody") == nil)
        #expect(try await store.conversationsWithJobs(dueBy: start) == [])
        #expect(try await store.conversationsWithJobs(dueBy: start.addingTimeInterval(3600)) == ["+9715"])
        try await store.delete("+9715")
        #expect(try await store.count() == 0)
    }

    @Test("a file that is not a database is a clear error")
    func notADatabase() throws {
        let path = temporaryStorePath()
        try Data("this is not SQLite".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SQLiteStoreError.self) { try SQLiteSessionStore(path: path) }
    }

    @Test("a reminder survives a restart: a new engine on the same file fires it")
    func reminderSurvivesRestart() async throws {
        let path = temporaryStorePath()
        let bot = try shippedBot()
        do {
            let engine = DialogueEngine(
                bot: bot,
                store: try SQLiteSessionStore(path: path),
                clock: ManualClock(start),
                seed: 1
            )
            try await engine.deliver(
                event: "card.expiring",
                data: ["card_last4": "4821", "expiry": "2026-02"],
                to: "c"
            )
            try await engine.send("remind me in 3 days", to: "c")
        }
        let later = ManualClock(start.addingTimeInterval(3 * 86_400 + 60))
        let restarted = DialogueEngine(bot: bot, store: try SQLiteSessionStore(path: path), clock: later, seed: 1)
        let fired = try await restarted.runDueJobs()
        #expect(fired.map { $0.replies.map(\.response) } == [["card.reminder_notice"]])
        #expect(try await restarted.runDueJobs().isEmpty, "a fired job is not fired twice")
    }

    @Test("overdue jobs follow the bot's policy: delivered late, marked late")
    func overdueDelivered() async throws {
        let path = temporaryStorePath()
        let bot = try shippedBot()
        let engine = DialogueEngine(
            bot: bot,
            store: try SQLiteSessionStore(path: path),
            clock: ManualClock(start),
            seed: 1
        )
        try await engine.deliver(event: "card.expiring", data: ["card_last4": "4821"], to: "c")
        try await engine.send("remind me in 3 days", to: "c")
        let muchLater = DialogueEngine(
            bot: bot,
            store: try SQLiteSessionStore(path: path),
            clock: ManualClock(start.addingTimeInterval(10 * 86_400)),
            seed: 1
        )
        let fired = try await muchLater.runDueJobs()
        #expect(fired.count == 1)
        #expect(fired.first?.effects.first { $0.kind == .fired }?.details["late"] != nil)
    }

    @Test("kill -9 after a turn loses nothing: the next process fires the reminder")
    func survivesSIGKILL() async throws {
        let path = temporaryStorePath()
        let binary = Self.binary("hiwar-example-notifications")
        let feed = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).jsonl")
        try """
        {"at": "2026-01-05T09:00:00+04:00", "customer": "k", "event": "card.expiring", "data": {"card_last4": "4821", "expiry": "2026-02"}}
        {"at": "2026-01-05T09:01:00+04:00", "customer": "k", "text": "remind me next week"}

        """.write(to: feed, atomically: true, encoding: .utf8)
        let first = Process()
        first.executableURL = binary
        first.arguments = ["--store", path, "--hold", feed.path]
        first.currentDirectoryURL = packageRoot
        let output = Pipe()
        first.standardOutput = output
        try first.run()
        // Wait until the feed is processed (the summary line), then kill without warning.
        var printed = ""
        let deadline = Date().addingTimeInterval(60)
        while !printed.contains("store:") && Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        #expect(printed.contains("I'll remind you in a week"))
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)

        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).jsonl")
        try "".write(to: empty, atomically: true, encoding: .utf8)
        let second = Process()
        second.executableURL = binary
        second.arguments = ["--store", path, "--until", "2026-01-12T09:05:00+04:00", empty.path]
        second.currentDirectoryURL = packageRoot
        let secondOutput = Pipe()
        second.standardOutput = secondOutput
        try second.run()
        let text = String(decoding: secondOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        #expect(text.contains("As promised, a reminder: your card ending in 4821"), "got: \(text)")
    }

    static func binary(_ name: String) -> URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}
