public import Foundation
internal import GRDB
public import Hiwar
internal import Synchronization

/// A durable ``SessionStore``: every conversation, its slots, handoff and pending reminders in
/// one SQLite file (WAL mode, through GRDB).
///
/// A turn's state is committed before the engine returns the turn, so a process killed at any
/// moment loses at most the turn in progress, and reminders fire after a restart. Several
/// processes may share the file; SQLite serializes their writes.
public final class SQLiteSessionStore: SessionStore {
    private let pool: DatabasePool
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()
    /// Saves waiting for the next commit, and whether a writer is running.
    private let queue = Mutex<(rows: [(Row, CheckedContinuation<Void, any Error>)], writing: Bool)>(([], false))
    private let commits = Atomic<Int>(0)

    /// Opens (or creates) the store at `path`.
    ///
    /// - Throws: `SQLiteStoreError` when the file cannot be opened or is not a Hiwar store.
    public init(path: String) throws(SQLiteStoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // Conversations hold customers' words: a new store is readable by its owner only. SQLite gives
        // the -wal and -shm files the database file's permissions.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
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
        } catch {
            throw SQLiteStoreError(path: path, message: String(describing: error))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.encoder = encoder
    }

    public func load(_ id: String) async throws -> ConversationState? {
        let data = try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM conversation WHERE id = ?", arguments: [id])
        }
        return try data.map { try decoder.decode(ConversationState.self, from: $0) }
    }

    /// Saves a conversation; returns once it is committed.
    ///
    /// Group commit: saves that arrive while a commit is in progress wait for it, then go to disk together in
    /// the next transaction — one fsync for all of them — and each caller returns only after that commit. A
    /// conversation's own saves never share a batch (the engine saves a conversation's turns one at a time).
    public func save(_ state: ConversationState) async throws {
        let row = Row(
            id: state.id,
            state: try encoder.encode(state),
            nextDue: state.nextDue?.timeIntervalSince1970
        )
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startWriter = queue.withLock { queue in
                queue.rows.append((row, continuation))
                guard !queue.writing else { return false }
                queue.writing = true
                return true
            }
            if startWriter { Task { await self.writeBatches() } }
        }
    }

    private struct Row: Sendable {
        let id: String
        let state: Data
        let nextDue: Double?
    }

    /// Commits what is queued, batch after batch, until the queue is empty.
    private func writeBatches() async {
        while true {
            let batch = queue.withLock { queue in
                let rows = queue.rows
                queue.rows.removeAll(keepingCapacity: true)
                if rows.isEmpty { queue.writing = false }
                return rows
            }
            if batch.isEmpty { return }
            do {
                let updated = Date().timeIntervalSince1970
                try await pool.write { db in
                    for (row, _) in batch {
                        try db.execute(
                            sql: """
                                INSERT INTO conversation (id, state, nextDue, updated) VALUES (?, ?, ?, ?)
                                ON CONFLICT(id) DO UPDATE SET state = excluded.state, nextDue = excluded.nextDue,
                                updated = excluded.updated
                                """,
                            arguments: [row.id, row.state, row.nextDue, updated]
                        )
                    }
                }
                commits.add(1, ordering: .relaxed)
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }

    /// How many transactions saves have committed (fewer than saves when they were grouped).
    public var commitCount: Int { commits.load(ordering: .relaxed) }

    public func delete(_ id: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM conversation WHERE id = ?", arguments: [id])
        }
    }

    public func conversationsWithJobs(dueBy date: Date) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT id FROM conversation WHERE nextDue IS NOT NULL AND nextDue <= ? ORDER BY nextDue, id",
                arguments: [date.timeIntervalSince1970]
            )
        }
    }

    /// How many conversations the store holds.
    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversation") ?? 0 }
    }
}

/// A store that could not be opened.
public struct SQLiteStoreError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// SQLite's or GRDB's message.
    public let message: String

    public var description: String { "cannot open the session store \(path): \(message)" }
}
