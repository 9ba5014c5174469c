import AsyncHTTPClient
import Foundation
import HiwarPostgres
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import Hiwar

/// Issue 18's fault test: four `hiwar serve` processes on one PostgreSQL database, driven by clients that retry a
/// request a killed node did not answer (with the same idempotency key) on another node, while nodes are killed with
/// SIGKILL and restarted.
@Suite(
    "hiwar serve: four processes on one PostgreSQL database, killed and restarted",
    .enabled(if: SharedDatabase.url != nil),
    .serialized
)
struct FaultTests {
    static let key = "fault-key"
    static let secret = "fault-secret"
    static let conversations = 2_000
    static let kills = 20

    /// One input of a conversation's script.
    enum Input: Sendable {
        case notice(String, [String: String], key: String)
        case message(String, key: String)
    }

    /// A conversation's script, in phases: a phase's inputs are sent at once, each through a node of its own, so
    /// that turns of one conversation race on different nodes; the next phase starts when all are answered.
    ///
    /// A notice; then three questions and the notice again (a duplicate, on another node), all at once; a thanks;
    /// every fifth conversation then sets a reminder due two seconds later.
    static func script(_ conversation: Int) -> [[Input]] {
        let thanks = ["thanks", "شكرا", "مرسی"]
        let shipped = Input.notice(
            "order.shipped",
            ["order_id": "A-\(conversation)", "eta": "2027-01-15"],
            key: "ship-\(conversation)"
        )
        var phases: [[Input]] = [
            [shipped],
            [
                .message("when will it arrive?", key: "q1-\(conversation)"),
                .message("متى يوصل الطلب", key: "q2-\(conversation)"),
                shipped,
                .message("کی می‌رسه؟", key: "q3-\(conversation)"),
            ],
            [.message(thanks[conversation % 3], key: "m2-\(conversation)")],
        ]
        if conversation % 5 == 0 {
            phases.append([.notice("test.timer", ["ref": "T-\(conversation)"], key: "t-\(conversation)")])
        }
        return phases
    }

    /// The inputs of `phases` in the order the cluster applied them: a phase's messages in the order their lines
    /// are in `transcript` (a phase's notices are duplicates, which change nothing, first).
    static func applied(_ phases: [[Input]], transcript: [TranscriptLine]) -> [Input] {
        let customer = transcript.filter { $0.speaker == .customer }.map(\.text)
        return phases.flatMap { phase -> [Input] in
            guard phase.count > 1 else { return phase }
            func position(_ input: Input) -> Int {
                guard case .message(let text, _) = input else { return -1 }
                return customer.firstIndex(of: text) ?? Int.max
            }
            return phase.sorted { position($0) < position($1) }
        }
    }

    @Test(
        "2,000 conversations through 4 nodes, 20 SIGKILLs: transcripts equal a serial run, reminders fire once, duplicates apply once"
    )
    func killedNodes() async throws {
        let url = try await ServeOnPostgresTests.freshDatabase()
        let bot = try Self.botWithTimer()
        defer { try? FileManager.default.removeItem(atPath: bot) }
        let receiver = try await Receiver.start(failing: 0)
        defer { receiver.task.cancel() }
        let cluster = try Cluster(
            size: 4,
            arguments: [
                bot, "--port", "0", "--store", url, "--log-level", "error", "--rate-per-conversation", "1000000",
                "--rate-per-key", "1000000", "--webhook", "http://127.0.0.1:\(receiver.port)/hook",
            ],
            environment: ["HIWAR_API_KEY": Self.key, "HIWAR_WEBHOOK_SECRET": Self.secret]
        )
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let scripts = (0..<Self.conversations).map(Self.script)
        let total = scripts.reduce(0) { $0 + $1.joined().count }
        let run = RunLedger()

        try await withThrowingTaskGroup(of: Void.self) { group in
            // Drivers: 48 conversations at a time, each input sent until a node answers it.
            for _ in 0..<48 {
                group.addTask {
                    while true {
                        let conversation = run.next.add(1, ordering: .relaxed).oldValue
                        guard conversation < Self.conversations else { return }
                        for phase in scripts[conversation] {
                            await withTaskGroup(of: Void.self) { inputs in
                                for input in phase {
                                    inputs.addTask {
                                        await Self.deliver(input, to: "fault-\(conversation)", cluster, client, run)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // The killer: a SIGKILL each time another 1/22 of the inputs is done, of a node still up (two stay up);
            // the node restarts in the background, so kills keep pace with the traffic.
            group.addTask {
                var generator = SystemRandomNumberGenerator()
                try await withThrowingTaskGroup(of: Void.self) { restarts in
                    for kill in 0..<Self.kills {
                        while run.progress.load(ordering: .relaxed) < (kill + 1) * total / (Self.kills + 2) {
                            try await Task.sleep(for: .milliseconds(5))
                        }
                        var victim = cluster.upNodes().randomElement(using: &generator)
                        while cluster.upNodes().count <= 2 || victim == nil {
                            try await Task.sleep(for: .milliseconds(5))
                            victim = cluster.upNodes().randomElement(using: &generator)
                        }
                        if run.progress.load(ordering: .relaxed) < total {
                            run.killedDuringTraffic.add(1, ordering: .relaxed)
                        }
                        guard let victim else { continue }
                        let killed = cluster.kill(victim)
                        restarts.addTask { try await cluster.restart(victim, after: killed) }
                    }
                    try await restarts.waitForAll()
                }
            }
            try await group.waitForAll()
        }
        #expect(run.refusals.withLock { $0 }.isEmpty, "\(run.refusals.withLock { $0.prefix(5) })")
        #expect(
            run.killedDuringTraffic.load(ordering: .relaxed) >= Self.kills - 2,
            "kills must land while requests run"
        )
        #expect(run.retries.load(ordering: .relaxed) > 0, "no request was cut short: the kills tested nothing")

        let store = try await PostgresSessionStore(url: url, connectTimeout: .seconds(120))
        defer { store.shutdown() }
        // Reminders: each fires once, on whichever node claims it (two seconds after it was set).
        let timers = (0..<Self.conversations).filter { $0 % 5 == 0 }.map { "fault-\($0)" }
        for _ in 0..<600 {
            var pending = 0
            for id in timers {
                let rang = try await store.load(id)?.transcript.contains { $0.text == "Timer rang." } ?? false
                if !rang { pending += 1 }
            }
            if pending == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Nothing is stuck: no transaction open, no conversation's lock held, once the traffic is over.
        #expect(try await store.integer("SELECT count(*)::int8 FROM pg_locks WHERE locktype = 'advisory'") == 0)
        #expect(
            try await store.integer(
                "SELECT count(*)::int8 FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
            ) == 0
        )
        try await client.shutdown()
        cluster.stop()

        // The serial run: the same scripts, one input after another, on one in-memory engine; each conversation
        // starts from the seed the cluster gave it, so that its replies are chosen alike.
        let compiled = try CompiledBot(paths: [bot])
        let serialStore: any SessionStore = InMemorySessionStore()
        let clock = ManualClock(Date())
        let serial = DialogueEngine(bot: compiled, store: serialStore, clock: clock)
        var deliveredIDs = Set<String>()
        for delivery in await receiver.inbox.deliveries {
            let json = try JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any]
            if let id = json?["id"] as? String { deliveredIDs.insert(id) }
        }
        for conversation in 0..<Self.conversations {
            let id = "fault-\(conversation)"
            let stored = try #require(try await store.load(id), "\(id) is missing")
            try await serialStore.save(ConversationState(id: id, state: compiled.dialogue.home, seed: stored.seed))
            // Every message applied exactly once: no turn lost to a race, none doubled by a retry.
            let messages = scripts[conversation].joined().compactMap { input -> String? in
                if case .message(let text, _) = input { text } else { nil }
            }
            let customer = stored.transcript.filter { $0.speaker == .customer }.map(\.text)
            #expect(customer.sorted() == messages.sorted(), "\(id): \(customer)")
            for input in Self.applied(scripts[conversation], transcript: Array(stored.transcript)) {
                switch input {
                case .notice(let event, let data, let key):
                    _ = try await serial.deliver(event: event, data: data, idempotencyKey: key, to: id)
                case .message(let text, let key):
                    _ = try await serial.send(text, to: id, idempotencyKey: key)
                }
            }
            let lines = { (state: ConversationState) in state.transcript.map { "\($0.speaker.rawValue): \($0.text)" } }
            if conversation % 5 == 0 {
                // Fired exactly once, and handed to the webhook (at least once, with the turn's id).
                #expect(stored.transcript.filter { $0.text == "Timer rang." }.count == 1, "\(id): \(lines(stored))")
                #expect(stored.jobs.isEmpty && stored.outbox.isEmpty, "\(id): jobs or outbox left")
                #expect(deliveredIDs.contains("\(id)#\(stored.turnCount)"), "\(id): the fired turn was not delivered")
                // The serial run fires it too, last.
                clock.advance(by: 3)
                _ = try await serial.runDueJobs()
            }
            let replayed = try #require(try await serialStore.load(id))
            #expect(lines(stored) == lines(replayed), "\(id)")
            #expect(
                stored.turnCount == replayed.turnCount,
                "\(id): \(stored.turnCount) turns, serially \(replayed.turnCount)"
            )
            #expect(stored.slots == replayed.slots, "\(id)")
            #expect(stored.state == replayed.state, "\(id)")
        }
        // Outbox ids are unique per fired turn; every delivery is one of them.
        #expect(
            deliveredIDs.count == timers.count,
            "\(deliveredIDs.count) turns delivered for \(timers.count) reminders"
        )
    }

    /// The shipped bot and a timer: `test.timer` sets a reminder due two seconds later.
    static func botWithTimer() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-fault-bot-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let intents = ServerHarness.repository.appendingPathComponent("Intents")
        for file in try FileManager.default.contentsOfDirectory(atPath: intents.path) where file.hasSuffix(".json") {
            try FileManager.default.copyItem(
                at: intents.appendingPathComponent(file),
                to: folder.appendingPathComponent(file)
            )
        }
        let timers = """
            {
              "events": {
                "test.timer": {"fields": {"ref": {"type": "string", "required": true}}, "idempotencyKey": ["ref"]},
                "test.rang": {"fields": {}}
              },
              "responses": {
                "test.timer_set": {"en": ["Timer set."], "ar": ["تم ضبط المؤقت."], "fa": ["تایمر تنظیم شد."]},
                "test.timer_rang": {"en": ["Timer rang."], "ar": ["Timer rang."], "fa": ["Timer rang."]}
              },
              "global": [
                {"event": "test.timer", "say": "test.timer_set", "remind": {"after": "PT2S", "event": "test.rang"}},
                {"event": "test.rang", "say": "test.timer_rang"}
              ]
            }
            """
        try Data(timers.utf8).write(to: folder.appendingPathComponent("timers.json"))
        return folder.path
    }

    enum Outcome {
        case answered
        /// A 4xx the client must not retry.
        case refused(Int, String)
        /// No answer (a killed node), or a 5xx: try again, on any node.
        case retry
    }

    /// Sends `input` until a node answers it: again after no answer (a killed node) or a 5xx, with the same key.
    static func deliver(_ input: Input, to id: String, _ cluster: Cluster, _ client: HTTPClient, _ run: RunLedger) async
    {
        var attempts = 0
        while true {
            attempts += 1
            let outcome = await Self.send(input, to: id, cluster, client)
            if case .answered = outcome { break }
            if case .refused(let status, let body) = outcome {
                run.refusals.withLock { $0.append("\(id): \(status) \(body)") }
                break
            }
            run.retries.add(1, ordering: .relaxed)
            guard attempts < 200 else {
                run.refusals.withLock { $0.append("\(id): no node answered") }
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        run.progress.add(1, ordering: .relaxed)
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    static func send(_ input: Input, to id: String, _ cluster: Cluster, _ client: HTTPClient) async -> Outcome {
        guard let port = cluster.anyPort() else { return .retry }
        var request: HTTPClientRequest
        let key: String
        switch input {
        case .notice(let event, let data, let idempotencyKey):
            request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/conversations/\(id)/events")
            request.body = .bytes(ByteBuffer(string: Self.json(["event": event, "data": data])))
            key = idempotencyKey
        case .message(let text, let idempotencyKey):
            request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/conversations/\(id)/messages")
            request.body = .bytes(ByteBuffer(string: Self.json(["text": text])))
            key = idempotencyKey
        }
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: key)
        guard let response = try? await client.execute(request, timeout: .seconds(30)),
            let body = try? await response.body.collect(upTo: 1 << 20)
        else { return .retry }
        let status = Int(response.status.code)
        if status == 200 { return .answered }
        if status >= 500 || status == 429 { return .retry }
        return .refused(status, String(buffer: body))
    }
}

/// What the drivers and the killer share.
final class RunLedger: Sendable {
    /// Inputs answered (or given up on).
    let progress = Atomic<Int>(0)
    /// Requests sent again after a node did not answer.
    let retries = Atomic<Int>(0)
    /// The next conversation a driver takes.
    let next = Atomic<Int>(0)
    /// Kills made while inputs were still being sent.
    let killedDuringTraffic = Atomic<Int>(0)
    /// Answers a client must not retry (a test failure).
    let refusals = Mutex<[String]>([])
}

/// Four `hiwar serve` processes; any can be killed and restarted while clients use the others.
final class Cluster: Sendable {
    private let arguments: [String]
    private let environment: [String: String]
    /// Each node and its port; `nil` while it restarts.
    private let nodes: Mutex<[(node: ServedBot, port: Int?)]>

    init(size: Int, arguments: [String], environment: [String: String]) throws {
        self.arguments = arguments
        self.environment = environment
        var started: [(node: ServedBot, port: Int?)] = []
        for _ in 0..<size {
            let node = try ServedBot.launch(arguments, environment: environment)
            let port = try #require(node.port(), "a node did not start: \(node.errorOutput)")
            started.append((node, port))
        }
        nodes = Mutex(started)
    }

    /// The port of a running node, chosen at random.
    func anyPort() -> Int? {
        nodes.withLock { nodes in nodes.compactMap(\.port).randomElement() }
    }

    /// The nodes that are up.
    func upNodes() -> [Int] {
        nodes.withLock { nodes in nodes.indices.filter { nodes[$0].port != nil } }
    }

    /// SIGKILLs node `index`: clients stop choosing it at once.
    func kill(_ index: Int) -> ServedBot {
        let victim = nodes.withLock { nodes in
            nodes[index].port = nil
            return nodes[index].node
        }
        victim.kill()
        return victim
    }

    /// Waits for the killed node to die, starts it again and waits until it listens.
    func restart(_ index: Int, after victim: ServedBot) async throws {
        let arguments = arguments
        let environment = environment
        // Waiting for a process and reading its first line block: on a thread of their own, not the test's.
        let (node, port) = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                _ = victim.wait()
                do {
                    let node = try ServedBot.launch(arguments, environment: environment)
                    continuation.resume(returning: (node, node.port()))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        let started = try #require(port, "a restarted node did not start: \(node.errorOutput)")
        nodes.withLock { $0[index] = (node, started) }
    }

    /// SIGTERMs every node and waits for them.
    func stop() {
        let all = nodes.withLock { $0.map(\.node) }
        for node in all { node.terminate() }
        for node in all { _ = node.wait() }
    }
}
