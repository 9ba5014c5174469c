import Foundation
import GRDB
import HiwarSQLite
import HiwarTesting
import Testing

@testable import Hiwar

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
        #expect(try await SessionStoreContract.coherence(writer: writer, reader: reader) == [])
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
        // Every migration ran: the version column (v2) and the chunk table (v4) exist, v3's index is gone (v5).
        let schema = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        #expect(schema == ["conversation", "conversation_nextDue", "grdb_migrations", "transcript_chunk"])
        let migrations = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
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
        try await store.save(state)
        #expect(try await SQLiteSessionStore(path: path).load("large") == state)
    }
}

@Suite("SQLite: the transcript's sealed chunks in rows of their own")
struct TranscriptChunkTests {
    static func line(_ index: Int) -> TranscriptLine {
        let texts = ["where is my order?", "وين طلبي؟", "سفارشم کجاست", "Your order A-1 ships today."]
        return TranscriptLine(
            speaker: index % 2 == 0 ? .customer : .bot,
            text: texts[index % texts.count] + " \(index)",
            at: Date(timeIntervalSince1970: Double(index))
        )
    }

    static func chunkRows(_ path: String, _ id: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transcript_chunk WHERE conversation = ?", arguments: [id])
                ?? 0
        }
    }

    @Test("a conversation saved turn after turn, past the transcript's limit, reads back whole from a new store")
    func turnAfterTurn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-chunks-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        var state = ConversationState(id: "c", state: StateKey(flow: "f", state: "s"), seed: 1)
        for turn in 0..<130 {
            state.transcript.append(Self.line(2 * turn))
            state.transcript.append(Self.line(2 * turn + 1))
            state.turnCount = turn + 1
            try await store.save(state)
            if turn % 17 == 0 || turn > 120 {
                // A second store reads it from the file alone: snapshot, open lines and chunks.
                #expect(try await SQLiteSessionStore(path: path).load("c") == state, "turn \(turn)")
            }
        }
        #expect(state.transcript.count == ConversationState.transcriptLimit)
        #expect(Array(state.transcript).first == Self.line(160))
        // Only the chunks the transcript still has are kept.
        #expect(try Self.chunkRows(path, "c") == state.transcript.sealedChunkCount)
        // Erasure removes them with the conversation.
        try await store.delete("c")
        #expect(try await store.load("c") == nil)
        #expect(try Self.chunkRows(path, "c") == 0)
    }

    @Test("a conversation saved with its transcript inside its snapshot (stop 16's first format) loads, then moves")
    func transcriptInsideSnapshot() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-chunks-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        var state = ConversationState(id: "old", state: StateKey(flow: "f", state: "s"), seed: 1)
        for index in 0..<45 { state.transcript.append(Self.line(index)) }
        do {
            _ = try SQLiteSessionStore(path: path)  // the schema
            let snapshot = try JSONEncoder().encode(state)
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(
                    sql: "INSERT INTO conversation (id, state, nextDue, updated, version) VALUES (?, ?, NULL, 0, 7)",
                    arguments: ["old", snapshot]
                )
            }
        }
        let store = try SQLiteSessionStore(path: path)
        #expect(try await store.load("old") == state)
        state.transcript.append(Self.line(45))
        try await store.save(state)
        #expect(try await SQLiteSessionStore(path: path).load("old") == state)
        #expect(try Self.chunkRows(path, "old") == state.transcript.sealedChunkCount)
    }
}
