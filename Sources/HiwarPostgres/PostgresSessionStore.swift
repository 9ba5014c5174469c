public import Foundation
public import Hiwar
public import Logging
internal import PostgresNIO
internal import Synchronization

/// A ``SessionStore`` in PostgreSQL, shared by any number of engine processes on any number of hosts.
///
/// Every unit of a conversation — load, turn, save — runs in one transaction holding the conversation's
/// transaction-scoped advisory lock (`pg_advisory_xact_lock` on a hash of its id): turns of one conversation
/// never interleave anywhere, different conversations run in parallel on every node, and a node that dies
/// mid-turn loses only its uncommitted turn — its lock goes with its connection. Why an advisory lock and not
/// `SELECT … FOR UPDATE`: the first turn of a new conversation has no row to lock yet.
///
/// Reminders and timeouts are claimed under the same lock from the committed state, so each fires once, and
/// leaves in the same commit as the turn it produced. Conversations are stored as the same versioned JSON
/// snapshot as `HiwarSQLite`'s.
///
/// ```swift
/// let store = try await PostgresSessionStore(url: "postgres://hiwar@db.internal/hiwar")
/// let engine = DialogueEngine(bot: bot, store: store)
/// ```
public final class PostgresSessionStore: SessionStore {
    /// The schema version this build writes; a database at a newer one is refused.
    public static let schemaVersion = 2
    /// The longest conversation id stored (ids are keys; longer ones are a caller's mistake).
    public static let maximumIDLength = 1_024

    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// How long one statement may go unanswered before the store gives up on it and its connection.
    private let statementTimeout: Duration
    /// Decoded conversations by id, with the row version they were read or written at.
    ///
    /// Every save gives its row a new random version, so a load whose row still has the remembered one skips
    /// fetching and decoding the snapshot — whichever process wrote it. A version remembered from a transaction
    /// that rolled back is never another save's (they are random 63-bit numbers), so the cache is never stale.
    private let decoded = Mutex<[String: (version: Int64, state: ConversationState)]>([:])
    /// Conversations kept decoded at most.
    private static let decodedLimit = 4_096

    /// The connection of the unit running in this task, when there is one.
    @TaskLocal private static var unit: Unit?

    private struct Unit: Sendable {
        let id: String
        let connection: PostgresConnection
    }

    /// Connects to the database at `url` and brings its schema to ``schemaVersion``.
    ///
    /// `url` is `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or with `?host=/path/to/socket-directory` for a
    /// Unix socket.
    ///
    /// - Parameters:
    ///   - url: Where the database is.
    ///   - connectTimeout: How long to wait for a first connection before giving up with `unreachable`.
    ///   - statementTimeout: How long one statement may go unanswered (a connection lost under it) before the unit
    ///     fails with `unavailable` and the connection is closed.
    ///   - logger: The driver's and the store's log.
    /// - Throws: ``PostgresStoreError``: `invalid-url`, `unreachable` (with what the driver said), `newer-schema`.
    public init(
        url: String,
        connectTimeout: Duration = .seconds(10),
        statementTimeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "hiwar.postgres")
    ) async throws(PostgresStoreError) {
        let configuration = try Self.configuration(url)
        self.logger = logger
        self.statementTimeout = statementTimeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            // The pool retries a failing connection forever; a store that cannot start says so instead.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.migrate() }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    throw PostgresStoreError(
                        code: .unreachable,
                        message: "no connection to \(Self.redacted(url)) within \(connectTimeout)"
                    )
                }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as PostgresStoreError {
            runner.cancel()
            throw error
        } catch {
            runner.cancel()
            throw PostgresStoreError(code: .unreachable, message: Self.describe(error))
        }
    }

    deinit {
        runner.cancel()
    }

    /// Closes the connections.
    public func shutdown() {
        runner.cancel()
    }

    // MARK: SessionStore

    public func exclusively<Result: Sendable>(
        _ id: String,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try Self.check(id)
        if let unit = Self.unit, unit.id == id { return try await body() }
        return try await Self.database {
            try await client.withConnection { connection in
                try await statement(on: connection) { [logger] in _ = try await $0.query("BEGIN", logger: logger) }
                do {
                    try await statement(on: connection) { [logger] in
                        _ = try await $0.query(
                            "SELECT pg_advisory_xact_lock(hashtextextended(\(id), 0))",
                            logger: logger
                        )
                    }
                    let result = try await Self.$unit.withValue(Unit(id: id, connection: connection)) {
                        try await body()
                    }
                    try await statement(on: connection) { [logger] in _ = try await $0.query("COMMIT", logger: logger) }
                    return result
                } catch {
                    // A connection the server closed has no transaction left to roll back, and a query on it may
                    // never be answered: only a live one is told to roll back.
                    if !Self.isConnectionLost(error) {
                        _ = try? await statement(on: connection) { [logger] in
                            _ = try await $0.query("ROLLBACK", logger: logger)
                        }
                    }
                    throw error
                }
            }
        }
    }

    public func load(_ id: String) async throws -> ConversationState? {
        try Self.check(id)
        let cached = decoded.withLock { $0[id] }
        let known = cached?.version ?? Int64.min  // rows have 0 (migrated) or 1 … max
        let found = try await run(id) { [logger] connection -> (version: Int64, state: ByteBuffer?)? in
            let rows = try await connection.query(
                "SELECT version, CASE WHEN version = \(known) THEN NULL ELSE state END FROM hiwar_conversation WHERE id = \(id)",
                logger: logger
            )
            for try await (version, state) in rows.decode((Int64, ByteBuffer?).self) { return (version, state) }
            return nil
        }
        guard let found else {
            decoded.withLock { $0[id] = nil }
            return nil
        }
        if let cached, cached.version == found.version { return cached.state }
        guard let bytes = found.state else { return nil }
        let state = try JSONDecoder().decode(ConversationState.self, from: Data(bytes.readableBytesView))
        remember(id, found.version, state)
        return state
    }

    private func remember(_ id: String, _ version: Int64, _ state: ConversationState) {
        decoded.withLock { decoded in
            if decoded.count >= Self.decodedLimit, decoded[id] == nil, let victim = decoded.keys.first {
                decoded[victim] = nil
            }
            decoded[id] = (version, state)
        }
    }

    public func save(_ state: ConversationState) async throws {
        try Self.check(state.id)
        let snapshot = ByteBuffer(bytes: try state.snapshotJSON())
        let due = state.nextDue
        let version = Int64.random(in: 1...Int64.max)
        let id = state.id
        try await run(id) { [logger] connection in
            _ = try await connection.query(
                """
                INSERT INTO hiwar_conversation (id, state, next_due, updated, version)
                VALUES (\(id), \(snapshot), \(due), now(), \(version))
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, next_due = excluded.next_due, updated = now(),
                version = excluded.version
                """,
                logger: logger
            )
        }
        remember(state.id, version, state)
    }

    public func delete(_ id: String) async throws {
        try Self.check(id)
        decoded.withLock { $0[id] = nil }
        try await run(id) { [logger] connection in
            _ = try await connection.query("DELETE FROM hiwar_conversation WHERE id = \(id)", logger: logger)
        }
    }

    public func conversationsWithJobs(dueBy date: Date) async throws -> [String] {
        try await Self.database {
            try await client.withConnection { connection in
                try await statement(on: connection) { [logger] connection in
                    let rows = try await connection.query(
                        "SELECT id FROM hiwar_conversation WHERE next_due <= \(date) ORDER BY next_due, id LIMIT 10000",
                        logger: logger
                    )
                    var ids: [String] = []
                    for try await id in rows.decode(String.self) { ids.append(id) }
                    return ids
                }
            }
        }
    }

    /// Runs a statement the package's own tests and tools write (creating a test database, say).
    package func execute(_ sql: String) async throws {
        _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// The first column of the first row of a query the package's own tests write (a count, say).
    package func integer(_ sql: String) async throws -> Int? {
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return nil
    }

    // MARK: Internals

    /// Runs `query` on the unit's connection when `id`'s unit is running in this task, else on any connection.
    private func run<Result: Sendable>(
        _ id: String,
        _ query: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await Self.database {
            if let unit = Self.unit, unit.id == id { return try await statement(on: unit.connection, query) }
            return try await client.withConnection { try await statement(on: $0, query) }
        }
    }

    /// Runs statements on `connection` within ``statementTimeout``; past it, the unit fails with `unavailable` and
    /// the connection is closed, so that the pool never hands it out again.
    private func statement<Result: Sendable>(
        on connection: PostgresConnection,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let timeout = statementTimeout
        return try await Deadline.run(
            timeout,
            timeoutError: {
                var error = PostgresStoreError(
                    code: .unavailable,
                    message: "the database did not answer within \(timeout); the connection was closed"
                )
                error.connectionLost = true
                return error
            }(),
            work: { try await work(connection) },
            onTimeout: { try? await connection.close() }
        )
    }

    /// Whether `error` says the connection is gone (the server closed it, or it broke).
    private static func isConnectionLost(_ error: any Error) -> Bool {
        (error as? PostgresStoreError)?.connectionLost == true
    }

    /// Runs database work; what the driver throws becomes ``PostgresStoreError/Code/unavailable``.
    ///
    /// A store's own errors and cancellation pass through as they are.
    @discardableResult
    private static func database<Result>(_ work: () async throws -> Result) async throws -> Result {
        do {
            return try await work()
        } catch let error as PostgresStoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as PSQLError {
            var failure = PostgresStoreError(code: .unavailable, message: describe(error))
            failure.connectionLost = [
                .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection,
            ]
            .contains(error.code)
            throw failure
        }
    }

    private static func check(_ id: String) throws(PostgresStoreError) {
        guard id.utf8.count <= maximumIDLength, !id.utf8.contains(0) else {
            throw PostgresStoreError(
                code: .invalidID,
                message: "a conversation id is at most \(maximumIDLength) bytes and has no NUL"
            )
        }
    }

    private func migrate() async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                // One node migrates at a time; the others wait and find the work done.
                try await connection.query("SELECT pg_advisory_xact_lock(7236975346452)", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS hiwar_schema (version integer NOT NULL)",
                    logger: logger
                )
                var version = 0
                for try await found in try await connection.query(
                    "SELECT max(version) FROM hiwar_schema",
                    logger: logger
                ).decode(Int?.self) {
                    version = found ?? 0
                }
                guard version <= Self.schemaVersion else {
                    throw PostgresStoreError(
                        code: .newerSchema,
                        message:
                            "the database is at schema version \(version); this build knows up to \(Self.schemaVersion): upgrade Hiwar"
                    )
                }
                if version < 1 {
                    try await connection.query(
                        """
                        CREATE TABLE hiwar_conversation (
                            id text PRIMARY KEY,
                            state bytea NOT NULL,
                            next_due timestamptz,
                            updated timestamptz NOT NULL
                        )
                        """,
                        logger: logger
                    )
                    try await connection.query(
                        "CREATE INDEX hiwar_conversation_next_due ON hiwar_conversation (next_due) WHERE next_due IS NOT NULL",
                        logger: logger
                    )
                    try await connection.query("INSERT INTO hiwar_schema (version) VALUES (1)", logger: logger)
                }
                if version < 2 {
                    // v2: a version per row, new at every save, so a load can reuse a conversation it decoded.
                    try await connection.query(
                        "ALTER TABLE hiwar_conversation ADD COLUMN version bigint NOT NULL DEFAULT 0",
                        logger: logger
                    )
                    try await connection.query("INSERT INTO hiwar_schema (version) VALUES (2)", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private static func configuration(_ url: String) throws(PostgresStoreError) -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme)
        else {
            throw PostgresStoreError(code: .invalidURL, message: "\"\(url)\" is not a postgres:// URL")
        }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? nil : path
        let port = components.port ?? 5432
        var configuration: PostgresClient.Configuration
        if let socketDirectory = components.queryItems?.first(where: { $0.name == "host" })?.value,
            socketDirectory.hasPrefix("/")
        {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw PostgresStoreError(code: .invalidURL, message: "\"\(url)\" names no host")
            }
            configuration = PostgresClient.Configuration(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: .disable
            )
        }
        configuration.options.maximumConnections = 32
        return configuration
    }

    /// The URL without its password, for messages.
    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "•••"
        return components.string ?? url
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return "\(error.code)\(error.serverInfo?[.message].map { ": \($0)" } ?? "")"
        }
        return String(describing: error)
    }
}

/// Why the PostgreSQL store refused: a stable code and what to do.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// The stable codes.
    public enum Code: String, Sendable {
        /// The URL is not a `postgres://` URL.
        case invalidURL = "invalid-url"
        /// The database cannot be reached or refused the connection.
        case unreachable
        /// The database was written by a newer Hiwar.
        case newerSchema = "newer-schema"
        /// A conversation id is too long or has a NUL.
        case invalidID = "invalid-id"
        /// The database failed mid-run (a lost connection, a server shutting down): nothing of the unit was
        /// kept, and the pool reconnects; retry.
        case unavailable
    }

    /// The code.
    public let code: Code
    /// What is wrong.
    public let message: String
    /// For `unavailable`: the connection itself is gone, so there is nothing to roll back on it.
    var connectionLost = false

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
