internal import AsyncHTTPClient
internal import Crypto
internal import Foundation
internal import Hiwar
internal import Logging
internal import NIOCore
internal import NIOHTTP1

/// Posts proactive turns to the configured webhook, signed, with bounded retries.
final class WebhookSender: Sendable {
    private let configuration: WebhookConfiguration
    private let client: HTTPClient
    private let metrics: ServerMetrics
    private let logger: Logger

    init(configuration: WebhookConfiguration, metrics: ServerMetrics, logger: Logger) {
        self.configuration = configuration
        self.client = HTTPClient(eventLoopGroupProvider: .singleton)
        self.metrics = metrics
        self.logger = logger
    }

    /// The body of a delivery.
    struct Delivery: Encodable {
        let id: String
        let conversation: String
        let turn: TurnRecord
    }

    /// `t=<seconds>,v1=<hex HMAC-SHA256("<seconds>.<body>")>`.
    static func signature(body: Data, secret: String, at seconds: Int) -> String {
        var message = Data("\(seconds).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(seconds),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Delivers `turn`; throws after the last attempt fails, so the turn stays in the outbox.
    func deliver(_ turn: Turn) async throws {
        let body = JSONBody.line(Delivery(id: turn.id, conversation: turn.conversation, turn: TurnRecord(turn)))
        var wait = configuration.backoff
        var lastError: any Error = WebhookError(status: nil)
        for attempt in 1...max(1, configuration.attempts) {
            do {
                try await post(body, id: turn.id)
                metrics.webhook(delivered: true, lag: Date().timeIntervalSince(turn.at))
                return
            } catch {
                lastError = error
                logger.warning(
                    "webhook attempt failed",
                    metadata: ["turn": "\(turn.id)", "attempt": "\(attempt)", "error": "\(error)"]
                )
            }
            if attempt < configuration.attempts {
                try await Task.sleep(for: wait)
                wait *= 2
            }
        }
        metrics.webhook(delivered: false, lag: nil)
        throw lastError
    }

    private func post(_ body: Data, id: String) async throws {
        var request = HTTPClientRequest(url: configuration.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Hiwar-Delivery", value: id)
        let seconds = Int(Date().timeIntervalSince1970)
        request.headers.add(
            name: "Hiwar-Signature",
            value: Self.signature(body: body, secret: configuration.secret, at: seconds)
        )
        request.body = .bytes(ByteBuffer(bytes: body))
        let (seconds64, attoseconds) = configuration.timeout.components
        let timeout = TimeAmount.nanoseconds(seconds64 * 1_000_000_000 + attoseconds / 1_000_000_000)
        let response = try await client.execute(request, timeout: timeout)
        // Read (and bound) the answer so the connection can be reused.
        _ = try await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else { throw WebhookError(status: Int(response.status.code)) }
    }

    /// Closes the client's connections.
    func shutdown() async {
        try? await client.shutdown()
    }
}

/// A webhook answered with a status other than 2xx.
struct WebhookError: Error, CustomStringConvertible {
    let status: Int?
    var description: String { status.map { "the receiver answered \($0)" } ?? "not delivered" }
}
