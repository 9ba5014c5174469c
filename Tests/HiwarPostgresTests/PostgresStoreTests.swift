import Foundation
import Hiwar
import HiwarPostgres
import HiwarTesting
import Testing

/// The database `scripts/with_postgres.sh` started (make test runs the suites under it); the suites skip without it.
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["HIWAR_TEST_POSTGRES"]

    static var available: Bool {
        if url == nil {
            print(
                "HiwarPostgresTests: HIWAR_TEST_POSTGRES is not set (run through make test or scripts/with_postgres.sh); skipped"
            )
        }
        return url != nil
    }

    /// A database of its own for one test, so each test's tables start empty.
    ///
    /// - Returns: Its URL.
    /// A store, patient with a machine busy running every other suite at once.
    ///
    /// The default connect timeout (10 s) is for a service starting; here 230 tests start together on two cores.
    static func store(_ url: String) async throws -> PostgresSessionStore {
        try await PostgresSessionStore(url: url, connectTimeout: .seconds(120))
    }

    static func freshDatabase(_ name: String) async throws -> String {
        let base = try #require(url)
        let admin = try await store(base)
        defer { admin.shutdown() }
        let database = "hiwar_\(name)_\(UInt32.random(in: 0 ... .max))"
        try await admin.execute("CREATE DATABASE \(database)")
        var components = try #require(URLComponents(string: base))
        components.path = "/" + database
        return try #require(components.string)
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func bot() throws -> CompiledBot {
        try CompiledBot(paths: [repository.appendingPathComponent("Intents").path])
    }
}

@Suite("PostgreSQL session store", .enabled(if: TestDatabase.available))
struct PostgresStoreTests {
    @Test("a conversation round-trips; a new database is migrated; a second start finds it migrated")
    func roundTrip() async throws {
        let url = try await TestDatabase.freshDatabase("roundtrip")
        let store = try await TestDatabase.store(url)
        defer { store.shutdown() }
        var state = ConversationState(id: "+9715550100", state: StateKey(flow: "common", state: "idle"), seed: 1)
        state.slots["order_id"] = "A-10293"
        state.language = LanguageCode(rawValue: "fa")
        try await store.save(state)
        #expect(try await store.load("+9715550100") == state)
        #expect(try await store.load("nobody") == nil)
        let again = try await TestDatabase.store(url)
        defer { again.shutdown() }
        #expect(try await again.load("+9715550100") == state)
        try await store.delete("+9715550100")
        #expect(try await again.load("+9715550100") == nil)
    }

    @Test("ids of 10,000 bytes or with NUL are refused with a typed error, never sent as SQL")
    func badIDs() async throws {
        let store = try await TestDatabase.store(try await TestDatabase.freshDatabase("ids"))
        defer { store.shutdown() }
        for id in [String(repeating: "x", count: 10_000), "a\u{0}b"] {
            await #expect(throws: PostgresStoreError.self) { try await store.load(id) }
        }
        let quote = "'; DROP TABLE hiwar_conversation; --"
        try await store.save(ConversationState(id: quote, state: StateKey(flow: "f", state: "s"), seed: 1))
        #expect(try await store.load(quote)?.id == quote)
    }

    @Test("an unreachable database, a bad URL and a newer schema are refused with their codes")
    func refusals() async throws {
        do {
            _ = try await PostgresSessionStore(
                url: "postgres://nobody@localhost/x?host=/nonexistent-dir",
                connectTimeout: .seconds(1)
            )
            Issue.record("connected to nothing")
        } catch {
            #expect(error.code == .unreachable)
        }
        do {
            _ = try await PostgresSessionStore(url: "mysql://x/y")
            Issue.record("took a mysql URL")
        } catch {
            #expect(error.code == .invalidURL)
        }
        let url = try await TestDatabase.freshDatabase("newer")
        let store = try await TestDatabase.store(url)
        try await store.execute("INSERT INTO hiwar_schema (version) VALUES (99)")
        store.shutdown()
        do {
            _ = try await PostgresSessionStore(url: url, connectTimeout: .seconds(120))
            Issue.record("opened a database of a newer schema")
        } catch {
            #expect(error.code == .newerSchema)
            #expect(error.message.contains("99"))
        }
    }
}

@Suite("PostgreSQL: schema versions and decoded conversations", .enabled(if: TestDatabase.available))
struct PostgresSchemaTests {
    /// Runs SQL with `psql`, outside any store (which would migrate the database first).
    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql failed: \(sql)")
    }

    @Test("a database at the first schema version migrates to the second and keeps its conversations")
    func fromFirstVersion() async throws {
        let url = try await TestDatabase.freshDatabase("v1")
        var state = ConversationState(id: "+9715550100", state: StateKey(flow: "order", state: "shipped"), seed: 9)
        state.slots["order_id"] = "A-10293"
        state.slots["note"] = "وين طلبي؟ سفارشم کجاست"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let hex = try encoder.encode(state).map { String(format: "%02x", $0) }.joined()
        // The first version exactly as its migration wrote it, with one conversation.
        try Self.psql(
            url,
            """
            CREATE TABLE hiwar_schema (version integer NOT NULL);
            INSERT INTO hiwar_schema (version) VALUES (1);
            CREATE TABLE hiwar_conversation (id text PRIMARY KEY, state bytea NOT NULL, next_due timestamptz,
                updated timestamptz NOT NULL);
            CREATE INDEX hiwar_conversation_next_due ON hiwar_conversation (next_due) WHERE next_due IS NOT NULL;
            INSERT INTO hiwar_conversation (id, state, updated) VALUES ('+9715550100', '\\x\(hex)'::bytea, now());
            """
        )
        let store = try await TestDatabase.store(url)
        defer { store.shutdown() }
        #expect(try await store.integer("SELECT max(version) FROM hiwar_schema") == 2)
        #expect(try await store.load("+9715550100") == state)
        state.slots["eta"] = "2026-12-08"
        try await store.save(state)
        let other = try await TestDatabase.store(url)
        defer { other.shutdown() }
        #expect(try await other.load("+9715550100") == state)
    }

    @Test("a conversation decoded once is reused until any process changes, deletes or re-creates it")
    func decodedReuse() async throws {
        let url = try await TestDatabase.freshDatabase("cache")
        let (writer, reader) = (try await TestDatabase.store(url), try await TestDatabase.store(url))
        defer {
            writer.shutdown()
            reader.shutdown()
        }
        #expect(try await SessionStoreContract.coherence(writer: writer, reader: reader, id: "c") == [])
        // A save rolled back with its unit leaves the committed conversation, which the next load returns.
        let committed = try #require(try await writer.load("c"))
        await #expect(throws: CancellationError.self) {
            try await writer.exclusively("c") {
                var changed = committed
                changed.slots["by"] = "rolled back"
                try await writer.save(changed)
                throw CancellationError()
            }
        }
        #expect(try await writer.load("c") == committed)
        #expect(try await reader.load("c") == committed)
    }
}

@Suite("PostgreSQL: a database lost mid-run, a very large conversation", .enabled(if: TestDatabase.available))
struct PostgresFailureTests {
    @Test("connections cut mid-run: turns fail with unavailable or succeed, nothing is half-kept, the pool recovers")
    func connectionsCut() async throws {
        let url = try await TestDatabase.freshDatabase("lost")
        // A statement on a connection closed under it may never be answered by the driver: the store gives up on
        // it (and closes the connection) after its statement timeout, short here.
        let store = try await PostgresSessionStore(
            url: url,
            connectTimeout: .seconds(120),
            statementTimeout: .seconds(3)
        )
        let admin = try await TestDatabase.store(url)
        defer {
            store.shutdown()
            admin.shutdown()
        }
        let engine = DialogueEngine(bot: try TestDatabase.bot(), store: store, seed: 4)
        let texts = ["where is my order?", "متى يوصل الطلب", "کی می‌رسه؟"]
        var answered = 0
        var unavailable = 0
        _ = try await engine.send("hello", to: "lost")
        answered += 1
        // Twelve rounds, and more (up to 60) until a cut has made a turn fail: the pool may notice a killed
        // connection before it is used, and on a loaded machine it did in all twelve once. The kill runs beside
        // the round's turns, so it can also land inside one.
        for round in 0..<60 {
            if round >= 12 && unavailable > 0 { break }
            // Every connection of the store's pool, killed by the server, as when the database restarts.
            async let cut: Void = admin.execute(
                """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                """
            )
            for attempt in 0..<3 {
                do {
                    _ = try await engine.send(texts[(round + attempt) % 3], to: "lost")
                    answered += 1
                } catch let error as PostgresStoreError {
                    #expect(error.code == .unavailable, "\(error)")
                    unavailable += 1
                }
            }
            try await cut
        }
        #expect(unavailable > 0, "cutting the connections made no turn fail: the test tested nothing")
        #expect(answered > 12, "the pool did not recover")
        // A failed turn kept nothing: the conversation has exactly the answered turns, each with its line.
        let state = try #require(try await admin.load("lost"))
        #expect(state.turnCount == answered)
        #expect(state.transcript.filter { $0.speaker == .customer }.count == answered)
    }

    @Test("a conversation of about 10 MB is saved and read back whole, in PostgreSQL")
    func largeConversation() async throws {
        let url = try await TestDatabase.freshDatabase("large")
        let store = try await TestDatabase.store(url)
        defer { store.shutdown() }
        let state = LargeConversation.make()
        try await store.save(state)
        let other = try await TestDatabase.store(url)
        defer { other.shutdown() }
        #expect(try await other.load(state.id) == state)
    }
}

/// A conversation at the bounds the engine keeps: 10,000 idempotency keys of 255 characters, 100 held notices
/// with large payloads, a full transcript of the longest lines — about 10 MB of JSON.
enum LargeConversation {
    static func make() -> ConversationState {
        var state = ConversationState(id: "large", state: StateKey(flow: "common", state: "idle"), seed: 1)
        let long = String(repeating: "طلب", count: 85)
        for index in 0..<ConversationState.deliveredKeyLimit {
            state.deliveredKeys["\(index)-" + long] = Date(timeIntervalSince1970: Double(index))
        }
        for index in 0..<ConversationState.heldLimit {
            let data = Dictionary(uniqueKeysWithValues: (0..<40).map { ("field\($0)", "\(index) " + long + long) })
            state.heldEvents.append(PendingEvent(event: "order.shipped", data: data))
        }
        return state
    }
}
