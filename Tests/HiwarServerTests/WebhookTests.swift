import Crypto
import Foundation
import HTTPTypes
import Hiwar
import HiwarServer
import Hummingbird
import Testing

@Suite("Proactive turns: reminders posted to a signed webhook")
struct WebhookTests {
    static let secret = "whsec-test"

    @Test(
        "a reminder fired by the moved clock reaches the webhook, signed, with its turn id",
        arguments: [
            ("en", "remind me next week"),
            ("ar", "ذكرني الأسبوع الجاي"),
            ("fa", "هفته بعد یادم بنداز"),
        ]
    )
    func reminderDelivered(language: String, ask: String) async throws {
        let receiver = try await Receiver.start(failing: 0)
        defer { receiver.stop() }
        let harness = try ServerHarness { configuration in
            configuration.webhook = receiver.webhook(secret: Self.secret)
        }
        try await harness.live { http in
            let id = "card-\(language)"
            let notice = try await http.notice(
                "card.expiring",
                ["card_last4": "4821", "expiry": "2026-02"],
                lang: language,
                to: id
            )
            #expect(notice.status == 200, "\(notice.body)")
            let asked = try await http.say(ask, to: id)
            #expect(asked.effects.contains("reminder-scheduled"), "\(asked.body)")
            #expect(await receiver.inbox.count == 0)
            harness.clock.set(ServerHarness.start.addingTimeInterval(8 * 86_400))
            let deliveries = try await receiver.inbox.wait(for: 1)
            let delivery = try #require(deliveries.first)
            try Self.checkSignature(delivery)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any])
            let turn = try #require(body["turn"] as? [String: Any])
            #expect(body["id"] as? String == turn["id"] as? String)
            let deliveryHeader = try #require(HTTPField.Name("Hiwar-Delivery"))
            #expect(delivery.headers[deliveryHeader] == body["id"] as? String)
            #expect((turn["input"] as? [String: Any])?["kind"] as? String == "scheduled")
            #expect(turn["language"] as? String == language)
            let replies = (turn["replies"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(replies.contains { $0.contains("4821") }, "\(replies)")
            let conversation = try await http.call(.get, "/v1/conversations/\(id)")
            #expect((conversation.json["jobs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a receiver that fails is retried; the turn waits in the outbox and arrives once, with one id")
    func failingReceiver() async throws {
        let receiver = try await Receiver.start(failing: 3)
        defer { receiver.stop() }
        let harness = try ServerHarness { configuration in
            var webhook = receiver.webhook(secret: Self.secret)
            webhook.attempts = 2
            webhook.backoff = .milliseconds(5)
            configuration.webhook = webhook
        }
        try await harness.live { http in
            _ = try await http.notice("card.expiring", ["card_last4": "4821", "expiry": "2026-02"], to: "flaky")
            _ = try await http.say("remind me in 3 days", to: "flaky")
            harness.clock.set(ServerHarness.start.addingTimeInterval(4 * 86_400))
            let deliveries = try await receiver.inbox.wait(for: 4)
            let deliveryHeader = try #require(HTTPField.Name("Hiwar-Delivery"))
            let ids = Set(deliveries.map { $0.headers[deliveryHeader] ?? "" })
            #expect(ids.count == 1)
            #expect(await receiver.inbox.accepted == 1)
            for delivery in deliveries { try Self.checkSignature(delivery) }
        }
    }

    @Test("a receiver that hangs costs one timeout per round; the turn is retried and nothing else waits")
    func hangingReceiver() async throws {
        let receiver = try await Receiver.start(failing: 0, hang: true)
        defer { receiver.stop() }
        // The receiver holds each delivery until the webhook's timeout: long enough that a turn waiting for it
        // would take seconds, while a turn that does not wait answers in milliseconds even on a loaded machine
        // (a 2-second bound against a 200 ms timeout failed once under the full suite, at 2.9 s).
        let hold = Duration.seconds(6)
        let harness = try ServerHarness { configuration in
            var webhook = receiver.webhook(secret: Self.secret)
            webhook.attempts = 1
            webhook.timeout = hold
            configuration.webhook = webhook
        }
        try await harness.live { http in
            _ = try await http.notice("card.expiring", ["card_last4": "4821", "expiry": "2026-02"], to: "stuck")
            _ = try await http.say("remind me in 3 days", to: "stuck")
            harness.clock.set(ServerHarness.start.addingTimeInterval(4 * 86_400))
            // The first round reached the receiver, which is holding it.
            _ = try await receiver.inbox.wait(for: 1)
            let started = ContinuousClock.now
            #expect(try await http.say("hello", to: "someone-else").status == 200)
            let waited = ContinuousClock.now - started
            #expect(
                waited < hold - .seconds(1),
                "another conversation's turn waited \(waited) for the hanging delivery"
            )
            // That round timed out; the turn stayed in the outbox and the next round sent it again, same id.
            let deliveries = try await receiver.inbox.wait(for: 2)
            let deliveryHeader = try #require(HTTPField.Name("Hiwar-Delivery"))
            #expect(Set(deliveries.map { $0.headers[deliveryHeader] ?? "" }).count == 1)
        }
    }

    /// `Hiwar-Signature: t=…,v1=…` is HMAC-SHA256 of "t.body" with the shared secret.
    static func checkSignature(_ delivery: Receiver.Delivery) throws {
        let name = try #require(HTTPField.Name("Hiwar-Signature"))
        let header = try #require(delivery.headers[name])
        var parts: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
        }
        let timestamp = try #require(parts["t"])
        let expected = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).".utf8) + Data(delivery.body),
            using: SymmetricKey(data: Data(secret.utf8))
        ).map { String(format: "%02x", $0) }.joined()
        #expect(parts["v1"] == expected)
        #expect(abs((Double(timestamp) ?? 0) - Date().timeIntervalSince1970) < 60)
    }
}

/// A webhook receiver on a loopback port: records every delivery, answers 500 to the first `failing` ones.
struct Receiver {
    struct Delivery: Sendable {
        let headers: HTTPFields
        let body: [UInt8]
    }

    actor Inbox {
        private(set) var deliveries: [Delivery] = []
        private var failing: Int
        let hang: Bool
        private(set) var accepted = 0

        init(failing: Int, hang: Bool) {
            self.failing = failing
            self.hang = hang
        }

        var count: Int { deliveries.count }

        func receive(_ delivery: Delivery) -> HTTPResponse.Status {
            deliveries.append(delivery)
            if failing > 0 {
                failing -= 1
                return .internalServerError
            }
            accepted += 1
            return .ok
        }

        /// Waits (up to 15 s) until `count` deliveries arrived.
        func wait(for count: Int) async throws -> [Delivery] {
            for _ in 0..<3_000 where deliveries.count < count {
                try await Task.sleep(for: .milliseconds(10))
            }
            try #require(deliveries.count >= count, "only \(deliveries.count) of \(count) deliveries arrived")
            return deliveries
        }
    }

    let inbox: Inbox
    let port: Int
    let task: Task<Void, any Error>

    static func start(failing: Int, hang: Bool = false) async throws -> Receiver {
        let inbox = Inbox(failing: failing, hang: hang)
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let status = await inbox.receive(Delivery(headers: request.headers, body: Array(body.readableBytesView)))
            if inbox.hang { try await Task.sleep(for: .seconds(30)) }
            return status
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return Receiver(inbox: inbox, port: port, task: task)
    }

    func webhook(secret: String) -> WebhookConfiguration {
        WebhookConfiguration(url: URL(fileURLWithPath: "/hook").withPort(port), secret: secret)
    }

    func stop() { task.cancel() }
}

extension URL {
    /// `http://127.0.0.1:PORT/hook` built from parts (no force unwrap of a literal).
    fileprivate func withPort(_ port: Int) -> URL {
        var components = URLComponents()
        components.scheme = "http"
        components.host = "127.0.0.1"
        components.port = port
        components.path = path
        return components.url ?? self
    }
}
