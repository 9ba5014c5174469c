public import Foundation
internal import GRDB
public import Hiwar
internal import Synchronization

/// A durable ``SessionStore``: every conversation, its slots, handoff and pending reminders in
/// one SQLite file (WAL mode, through GRDB).
///
/// A turn's state is committed before the engine returns the turn, so a process killed at any
/// moment loses at most the turn in progress, and reminders fire after a restart. Saves that arrive
/// together share a commit (group commit).
///
/// The store holds its file for its process (an exclusive `flock`): a second process opening it gets
/// ``SQLiteStoreError/Code/inUse``, because only `HiwarPostgres` serializes a conversation's turns across
/// processes. Holding the file, the store keeps recent conversations decoded and answers their loads from
/// memory. Stores opened on one file in one process share the hold and stay coherent.
public final class SQLiteSessionStore: SessionStore {
    private let pool: DatabasePool
    /// The database file, for errors.
    private let path: String
    private let decoder = JSONDecoder()
    /// Saves waiting for the next commit, and whether a writer is running.
    private let queue = Mutex<(rows: [(PendingRow, CheckedContinuation<Void, any Error>)], writing: Bool)>(
        ([], false)
    )
    private let commits = Atomic<Int>(0)
    /// This process's hold on the file.
    private let ownership: FileOwnership
    /// Decoded conversations by id, with the row version they were read or written at.
    ///
    /// While the process holds the file, an entry is the row: a load returns it without reading (the largest
    /// cost of a durable turn after the write). Without the hold, a load checks the row's version first — a row
    /// changed by another process has another version — and skips only fetching and decoding the snapshot.
    private let decoded = Mutex<DecodedCache>(DecodedCache())

    /// The decoded conversations, and the file's commit count they are current at (see ``FileOwnership``).
    private struct DecodedCache {
        var generation: UInt64 = 0
        var entries: [String: Decoded] = [:]

        /// Forgets every entry when another store on the file committed since `generation`.
        mutating func catchUp(to current: UInt64) {
            if current != generation { forgetAll(at: current) }
        }

        /// Forgets every entry; what is kept from now on is current at `current`.
        mutating func forgetAll(at current: UInt64) {
            entries.removeAll(keepingCapacity: true)
            generation = current
        }

        /// Keeps `entry` for `id`; when full, one conversation makes room (the dictionary's first, as good as
        /// any), not the whole cache.
        mutating func remember(_ id: String, _ entry: Decoded) {
            if entries.count >= decodedLimit, entries[id] == nil, let victim = entries.keys.first {
                entries[victim] = nil
            }
            entries[id] = entry
        }
    }

    /// A conversation as last read or written, with its row's version and the transcript chunks stored for it.
    private struct Decoded {
        let version: Int64
        let state: ConversationState
        /// The numbers of the transcript's sealed chunks in `transcript_chunk` (empty for a row written before
        /// chunks were kept apart: its transcript is inside its snapshot).
        let storedChunks: Range<Int>
    }
    /// Conversations kept decoded at most.
    private static let decodedLimit = 4_096

    /// When a commit is on disk: what SQLite's `synchronous` setting trades.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous = FULL` (the default): every commit is flushed to the disk (an fsync of the WAL) before the
        /// turn is answered. A turn answered survives a crash of the process, of the operating system and a
        /// power cut.
        case full
        /// `synchronous = NORMAL`: a commit is written to the WAL file but flushed only at checkpoints. A turn
        /// answered survives a crash of the process (SIGKILL included); a crash of the operating system or a
        /// power cut may lose the last commits — the file stays consistent, those turns are gone. Commits take
        /// no fsync, so durable turns per second rise.
        case normal
    }

    /// Opens (or creates) the store at `path`.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - durability: When a commit is on disk (``Durability/full`` unless you accept losing the last
    ///     turns on a power cut).
    /// - Throws: `SQLiteStoreError` when the file cannot be opened, is not a Hiwar store, or another process
    ///   has it open.
    public convenience init(path: String, durability: Durability = .full) throws(SQLiteStoreError) {
        try self.init(path: path, durability: durability, locking: true)
    }

    /// Opens the store; with `locking: false`, as on a file system that cannot lock files (for tests of that
    /// path: every load then checks the row's version).
    init(path: String, durability: Durability, locking: Bool) throws(SQLiteStoreError) {
        self.path = path
        ownership = try FileOwnership.acquire(path: path, locking: locking)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
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
            // v2: a version per row, changed by every save; a new row starts at a random one, so a deleted and
            // re-created conversation never repeats an old version.
            migrator.registerMigration("v2") { db in
                try db.alter(table: "conversation") { table in
                    table.add(column: "version", .integer).notNull().defaults(to: 0)
                }
            }
            // v3: a covering index, so that checking a conversation's version never reads its snapshot.
            migrator.registerMigration("v3") { db in
                try db.create(index: "conversation_version", on: "conversation", columns: ["id", "version"])
            }
            // v4: a transcript's sealed chunks of lines in rows of their own, written once: a turn then writes a small
            // snapshot (its open lines) and, now and then, one chunk — not its whole transcript again.
            migrator.registerMigration("v4") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE transcript_chunk (
                            conversation TEXT NOT NULL, chunk INTEGER NOT NULL, lines BLOB NOT NULL,
                            PRIMARY KEY (conversation, chunk)
                        ) WITHOUT ROWID
                        """
                )
            }
            // v5: the covering index of v3 goes. A store holds its file, so loads no longer ask for a version, and
            // the index cost every save a second page (a version changes with each save). Without the hold (a file
            // system that cannot lock files) the version is read from the row's own page.
            migrator.registerMigration("v5") { db in
                try db.execute(sql: "DROP INDEX conversation_version")
            }
            try migrator.migrate(pool)
        } catch {
            throw SQLiteStoreError(code: .unreadable, path: path, message: String(describing: error))
        }
    }

    deinit {
        // Before the hold on the file ends: closing its descriptor drops every POSIX lock this process holds on
        // the file, SQLite's included.
        try? pool.close()
    }

    public func load(_ id: String) async throws -> ConversationState? {
        let generation = ownership.generation
        let cached = cachedEntry(id, at: generation)
        // The file is this process's and no other store on it wrote since: the entry is the row.
        if let cached, ownership.exclusive { return cached.state }
        // A synchronous read: a reader runs the query on this thread, without the two thread hops of an
        // asynchronous one. It holds this thread for a few indexed lookups; readers are never held longer, so it
        // never waits behind a slow one. No transaction: the engine runs one unit of a conversation at a time.
        let found = try readNow { db -> (version: Int64, snapshot: Data, chunks: [Data])? in
            // Without the hold on the file (below), the version alone says whether the decoded entry is current.
            let versionOnly = try db.cachedStatement(sql: "SELECT version FROM conversation WHERE id = ?")
            let rowAndVersion = try db.cachedStatement(sql: "SELECT version, state FROM conversation WHERE id = ?")
            if let cached {
                guard let version = try Int64.fetchOne(versionOnly, arguments: [id]) else { return nil }
                if version == cached.version { return (version, Data(), []) }
            }
            guard let row = try GRDB.Row.fetchOne(rowAndVersion, arguments: [id]) else { return nil }
            let chunks = try db.cachedStatement(
                sql: "SELECT lines FROM transcript_chunk WHERE conversation = ? ORDER BY chunk"
            )
            return (row["version"], row["state"], try Data.fetchAll(chunks, arguments: [id]))
        }
        guard let found else {
            decoded.withLock { $0.entries[id] = nil }
            return nil
        }
        if let cached, cached.version == found.version { return cached.state }
        var state = try decoder.decode(ConversationState.self, from: found.snapshot)
        var stored = 0..<0
        if let meta = try decoder.decode(ChunkedSnapshot.self, from: found.snapshot).transcriptChunks {
            // Chunks older than the first are being deleted with the save that dropped them.
            let kept = found.chunks.suffix(meta.count)
            guard kept.count == meta.count else {
                throw SQLiteStoreError(
                    code: .corrupt,
                    path: path,
                    message: "conversation \(id): \(kept.count) of \(meta.count) transcript chunks"
                )
            }
            let chunks = try kept.map { data in
                try decoder.decode([TranscriptLine].self, from: Data("[".utf8) + data + Data("]".utf8))
            }
            state.transcript = Transcript(
                firstChunk: meta.first,
                chunks: chunks,
                dropped: meta.dropped,
                open: Array(state.transcript),
                limit: ConversationState.transcriptLimit
            )
            stored = meta.first..<(meta.first + meta.count)
        }
        decoded.withLock { cache in
            // Another store on the file committed during the read: what was read may be older than the row.
            guard cache.generation == generation else { return }
            cache.remember(id, Decoded(version: found.version, state: state, storedChunks: stored))
        }
        return state
    }

    /// The decoded entry for `id`, after forgetting them all when another store on the file wrote since.
    private func cachedEntry(_ id: String, at generation: UInt64) -> Decoded? {
        decoded.withLock { cache in
            cache.catchUp(to: generation)
            return cache.entries[id]
        }
    }

    /// Counts a commit of this store in the file's generation, and runs `body` on the decoded conversations
    /// only when they are still current: when another store on the file committed meanwhile, they are forgotten.
    private func committed(_ body: (inout DecodedCache) -> Void) {
        decoded.withLock { cache in
            let before = ownership.advance()
            guard cache.generation == before else { return cache.forgetAll(at: before &+ 1) }
            cache.generation = before &+ 1
            body(&cache)
        }
    }

    /// The part of a snapshot that says which transcript chunks complete it.
    private struct ChunkedSnapshot: Decodable {
        struct Chunks: Decodable {
            let count: Int
            let dropped: Int
            let first: Int
        }

        let transcriptChunks: Chunks?
    }

    /// `pool.unsafeRead`, synchronous: from a non-`async` function the call is GRDB's blocking one.
    private func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.unsafeRead(body)
    }

    /// Saves a conversation; returns once it is committed.
    ///
    /// Group commit: saves that arrive while a commit is in progress wait for it, then go to disk together in
    /// the next transaction — one fsync for all of them — and each caller returns only after that commit. A
    /// conversation's own saves never share a batch (the engine saves a conversation's turns one at a time).
    public func save(_ state: ConversationState) async throws {
        // The transcript's sealed chunks this row does not have yet (all of them when unknown), and whether older
        // ones were dropped since.
        let stored = cachedEntry(state.id, at: ownership.generation)?.storedChunks
        let first = state.transcript.firstChunk
        let sealed = first..<(first + state.transcript.sealedChunkCount)
        // Only the chunks the row lacks are written (each one's JSON is kept by the transcript, written once).
        let chunks = sealed.filter { stored?.contains($0) != true }.map {
            ($0, Data(state.transcript.sealedChunkJSON($0)))
        }
        let row = PendingRow(
            conversation: state,
            snapshot: Data(try state.snapshotJSON(chunksApart: true)),
            nextDue: state.nextDue?.timeIntervalSince1970,
            chunks: chunks,
            dropsBelow: Self.mayHaveChunks(below: first, stored: stored) ? first : nil,
            storedChunks: sealed
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

    /// Whether the row may keep chunks numbered below `first`: unknown (`nil`), or known to start lower.
    private static func mayHaveChunks(below first: Int, stored: Range<Int>?) -> Bool {
        guard let stored else { return true }
        return !stored.isEmpty && stored.lowerBound < first
    }

    private struct PendingRow: Sendable {
        let conversation: ConversationState
        let snapshot: Data
        let nextDue: Double?
        /// Sealed transcript chunks to write, by number.
        let chunks: [(Int, Data)]
        /// Chunks below this number are dropped from the transcript: delete them.
        let dropsBelow: Int?
        /// The chunks the row has once written.
        let storedChunks: Range<Int>
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
                let versions = try await pool.write { db in
                    let statement = try db.cachedStatement(
                        sql: """
                            INSERT INTO conversation (id, state, nextDue, updated, version)
                            VALUES (?, ?, ?, ?, abs(random() % 4611686018427387904))
                            ON CONFLICT(id) DO UPDATE SET state = excluded.state, nextDue = excluded.nextDue,
                            updated = excluded.updated, version = conversation.version + 1
                            RETURNING version
                            """
                    )
                    let insertChunk = try db.cachedStatement(
                        sql: "INSERT OR REPLACE INTO transcript_chunk (conversation, chunk, lines) VALUES (?, ?, ?)"
                    )
                    let dropChunks = try db.cachedStatement(
                        sql: "DELETE FROM transcript_chunk WHERE conversation = ? AND chunk < ?"
                    )
                    return try batch.map { (row, _) in
                        let id = row.conversation.id
                        for (number, lines) in row.chunks { try insertChunk.execute(arguments: [id, number, lines]) }
                        if let below = row.dropsBelow { try dropChunks.execute(arguments: [id, below]) }
                        return try Int64.fetchOne(statement, arguments: [id, row.snapshot, row.nextDue, updated])
                    }
                }
                commits.add(1, ordering: .relaxed)
                committed { cache in
                    for ((row, _), version) in zip(batch, versions) {
                        guard let version else { continue }
                        let entry = Decoded(version: version, state: row.conversation, storedChunks: row.storedChunks)
                        cache.remember(row.conversation.id, entry)
                    }
                }
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }

    /// How many transactions saves have committed (fewer than saves when they were grouped).
    public var commitCount: Int { commits.load(ordering: .relaxed) }

    public func delete(_ id: String) async throws {
        decoded.withLock { $0.entries[id] = nil }
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM conversation WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM transcript_chunk WHERE conversation = ?", arguments: [id])
        }
        committed { $0.entries[id] = nil }
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

/// Why the SQLite store refused: a stable code, the file, and what is wrong.
public struct SQLiteStoreError: Error, Sendable, CustomStringConvertible {
    /// The stable codes.
    public enum Code: String, Sendable {
        /// The file cannot be opened or created, or is not a Hiwar store (SQLite's or GRDB's message says why).
        case unreadable
        /// Another process has the file open: a SQLite store serves one process at a time. Stop the other
        /// process, or share conversations between processes with a PostgreSQL store.
        case inUse = "in-use"
        /// A conversation's rows do not fit together (a transcript chunk is missing).
        case corrupt
    }

    /// The code.
    public let code: Code
    /// The file.
    public let path: String
    /// SQLite's or GRDB's message, or what the store found.
    public let message: String

    /// Creates an error.
    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(code.rawValue): session store \(path): \(message)" }
}
