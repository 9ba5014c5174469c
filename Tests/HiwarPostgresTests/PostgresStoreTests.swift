import Foundation
import Hiwar
import HiwarPostgres
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
