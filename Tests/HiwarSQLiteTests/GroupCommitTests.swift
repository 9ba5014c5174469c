import Foundation
import GRDB
import Hiwar
import HiwarSQLite
import Testing

@Suite("SQLite group commit")
struct GroupCommitTests {
    @Test("concurrent saves share commits, and each returns only once another connection can read it")
    func groupedAndDurableOnReturn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-group-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        let reader = try SQLiteSessionStore(path: path)
        let saves = 256
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<saves {
                group.addTask {
                    var state = ConversationState(id: "c\(index)", state: StateKey(flow: "f", state: "s"), seed: 1)
                    state.slots["n"] = "\(index)"
                    try await store.save(state)
                    // Acknowledged means committed: a second connection sees it at once.
                    #expect(try await reader.load("c\(index)") == state)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await reader.count() == saves)
        #expect(store.commitCount < saves, "\(store.commitCount) commits for \(saves) concurrent saves")
        #expect(store.commitCount >= 1)
    }

    @Test("a conversation's saves one after another are each committed, last value last")
    func sequentialSaves() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-group-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteSessionStore(path: folder.appendingPathComponent("store.sqlite").path)
        var state = ConversationState(id: "one", state: StateKey(flow: "f", state: "s"), seed: 1)
        for index in 0..<20 {
            state.turnCount = index
            try await store.save(state)
            #expect(try await store.load("one")?.turnCount == index)
        }
    }
}

@Suite("SQLite decoded-state reuse")
struct DecodedStateTests {
    @Test("a second store on the same file never sees a stale conversation: changes, deletes and re-creations")
    func coherentAcrossStores() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-cache-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let writer = try SQLiteSessionStore(path: path)
        let reader = try SQLiteSessionStore(path: path)
        var state = ConversationState(id: "c", state: StateKey(flow: "f", state: "s"), seed: 1)
        for round in 0..<5 {
            state.slots["round"] = "\(round)"
            try await writer.save(state)
            #expect(try await reader.load("c") == state)
            #expect(try await reader.load("c") == state)
        }
        try await writer.delete("c")
        #expect(try await reader.load("c") == nil)
        var again = ConversationState(id: "c", state: StateKey(flow: "f", state: "t"), seed: 2)
        again.slots["round"] = "new"
        try await writer.save(again)
        #expect(try await reader.load("c") == again)
        // The reader's own save is what it reads back, and what the writer sees.
        again.slots["by"] = "reader"
        try await reader.save(again)
        #expect(try await writer.load("c") == again)
        #expect(try await reader.load("c") == again)
    }
}

@Suite("SQLite store format")
struct StoreFormatTests {
    @Test("a file written by the first format (no version column) opens, migrates and keeps its conversations")
    func firstFormatOpens() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-v1-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        var state = ConversationState(id: "+9715550100", state: StateKey(flow: "order", state: "shipped"), seed: 9)
        state.slots["order_id"] = "A-10293"
        do {
            // The first format exactly as the first release's migrator wrote it.
            let pool = try DatabasePool(path: path)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.create(table: "conversation") { table in
                    table.primaryKey("id", .text)
                    table.column("state", .blob).notNull()
                    table.column("nextDue", .double)
                    table.column("updated", .double).notNull()
                }
                try db.create(index: "conversation_nextDue", on: "conversation", columns: ["nextDue"])
            }
            try migrator.migrate(pool)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let snapshot = try encoder.encode(state)
            let id = state.id
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO conversation (id, state, nextDue, updated) VALUES (?, ?, NULL, 0)",
                    arguments: [id, snapshot]
                )
            }
        }
        let store = try SQLiteSessionStore(path: path)
        #expect(try await store.load("+9715550100") == state)
        state.slots["eta"] = "2026-12-08"
        try await store.save(state)
        #expect(try await SQLiteSessionStore(path: path).load("+9715550100") == state)
    }
}

@Suite("SQLite: a very large conversation")
struct LargeConversationTests {
    @Test("a conversation of about 10 MB at the engine's bounds is saved and read back whole, by a second store")
    func roundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-large-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        var state = ConversationState(id: "large", state: StateKey(flow: "common", state: "idle"), seed: 1)
        let long = String(repeating: "طلب", count: 85)
        for index in 0..<ConversationState.deliveredKeyLimit {
            state.deliveredKeys["\(index)-" + long] = Date(timeIntervalSince1970: Double(index))
        }
        for index in 0..<ConversationState.heldLimit {
            let data = Dictionary(uniqueKeysWithValues: (0..<40).map { ("field\($0)", "\(index) " + long + long) })
            state.heldEvents.append(PendingEvent(event: "order.shipped", data: data))
        }
        let store = try SQLiteSessionStore(path: path)
        let clock = ContinuousClock()
        let started = clock.now
        try await store.save(state)
        #expect(try await SQLiteSessionStore(path: path).load("large") == state)
        #expect(clock.now - started < .seconds(30))
    }
}
