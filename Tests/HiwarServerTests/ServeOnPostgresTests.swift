import AsyncHTTPClient
import Foundation
import Hiwar
import HiwarPostgres
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// The database `scripts/with_postgres.sh` started for `make test`.
enum SharedDatabase {
    static let url = ProcessInfo.processInfo.environment["HIWAR_TEST_POSTGRES"]
}

@Suite("hiwar serve: two processes on one PostgreSQL database", .enabled(if: SharedDatabase.url != nil), .serialized)
struct ServeOnPostgresTests {
    static let key = "two-nodes-key"

    @Test("the same conversations through two nodes, one killed mid-run and restarted: no turn lost or doubled")
    func twoNodes() async throws {
        let url = try await Self.freshDatabase()
        let arguments = [
            "Intents", "--port", "0", "--store", url, "--log-level", "error", "--rate-per-conversation", "100000",
        ]
        var nodes = [
            try ServedBot.launch(arguments, environment: ["HIWAR_API_KEY": Self.key]),
            try ServedBot.launch(arguments, environment: ["HIWAR_API_KEY": Self.key]),
        ]
        var ports = try nodes.map { node in try #require(node.port(), "a node did not start: \(node.errorOutput)") }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let ledger = Ledger()
        let conversations = 20

        // Round 1: every conversation gets 6 messages at once, half through each node.
        await Self.round(client, ports: ports, conversations: conversations, messages: 6, ledger: ledger)
        // Round 2: 6 messages each at once (five rounds of them still fit the transcript the last check reads),
        // and node 0 is killed (SIGKILL) as soon as the first of them is
        // answered, while almost all are still in flight (a turn takes tens of microseconds: waiting for more
        // answers, or yielding instead of sleeping while the round's tasks run, let the round finish first).
        // On a loaded machine the killer can wake after node 0's share is done; then node 0 comes back and the
        // round runs again, up to five times, until a kill cuts requests short. Each kill is one more fault the
        // checks below must survive.
        for _ in 0..<5 {
            let running = ports
            let victim = nodes[0]
            let answeredBefore = ledger.answeredCount
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await Self.round(client, ports: running, conversations: conversations, messages: 6, ledger: ledger)
                }
                group.addTask {
                    while ledger.answeredCount < answeredBefore + 1 { try? await Task.sleep(for: .milliseconds(1)) }
                    victim.kill()
                }
            }
            _ = nodes[0].wait()
            // Node 0 comes back on the same database.
            nodes[0] = try ServedBot.launch(arguments, environment: ["HIWAR_API_KEY": Self.key])
            ports[0] = try #require(nodes[0].port())
            if ledger.failedCount > 0 { break }
        }
        // Round 3: both nodes again.
        await Self.round(client, ports: ports, conversations: conversations, messages: 4, ledger: ledger)
        try await client.shutdown()
        for node in nodes { node.terminate() }
        for node in nodes { _ = node.wait() }

        let store = try await PostgresSessionStore(url: url, connectTimeout: .seconds(120))
        defer { store.shutdown() }
        #expect(ledger.failedCount > 0, "the kill cut no request short: the test did not test a fault")
        for conversation in 0..<conversations {
            let id = "node-\(conversation)"
            let answered = ledger.answered(id)
            let state = try #require(try await store.load(id))
            // Every answered turn is committed, each with its own index: no two nodes ran one turn number.
            #expect(Set(answered).count == answered.count, "\(id): an index answered twice: \(answered.sorted())")
            #expect(answered.allSatisfy { $0 <= state.turnCount })
            // A request cut short by the kill committed whole or not at all.
            #expect(state.turnCount >= answered.count)
            #expect(state.turnCount <= answered.count + ledger.failed(id))
            #expect(state.transcript.filter { $0.speaker == .customer }.count == state.turnCount)
        }
    }

    /// Sends `messages` messages to each conversation at once, alternating nodes.
    static func round(_ client: HTTPClient, ports: [Int], conversations: Int, messages: Int, ledger: Ledger) async {
        await withTaskGroup(of: Void.self) { group in
            for conversation in 0..<conversations {
                for message in 0..<messages {
                    let port = ports[(conversation + message) % ports.count]
                    group.addTask {
                        let id = "node-\(conversation)"
                        if let (_, index) = await ServeCommandTests.send(client, port: port, to: id, key: key) {
                            ledger.answer(id, index)
                        } else {
                            ledger.fail(id)
                        }
                    }
                }
            }
        }
    }

    static func freshDatabase() async throws -> String {
        let base = try #require(SharedDatabase.url)
        let admin = try await PostgresSessionStore(url: base, connectTimeout: .seconds(120))
        defer { admin.shutdown() }
        let database = "hiwar_nodes_\(UInt32.random(in: 0 ... .max))"
        try await admin.execute("CREATE DATABASE \(database)")
        var components = try #require(URLComponents(string: base))
        components.path = "/" + database
        return try #require(components.string)
    }
}

/// What the clients saw: the turn index of each answer, and how many requests got none, by conversation.
final class Ledger: Sendable {
    private let state = Mutex<(answered: [String: [Int]], failed: [String: Int])>(([:], [:]))

    func answer(_ id: String, _ index: Int) { state.withLock { $0.answered[id, default: []].append(index) } }
    func fail(_ id: String) { state.withLock { $0.failed[id, default: 0] += 1 } }
    func answered(_ id: String) -> [Int] { state.withLock { $0.answered[id] ?? [] } }
    func failed(_ id: String) -> Int { state.withLock { $0.failed[id] ?? 0 } }
    var answeredCount: Int { state.withLock { $0.answered.values.reduce(0) { $0 + $1.count } } }
    var failedCount: Int { state.withLock { $0.failed.values.reduce(0, +) } }
}
