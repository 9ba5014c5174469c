import Foundation
import HTTPTypes
import Hiwar
import HiwarServer
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Tracing

/// The shipped bot behind a server on a manual clock, with three keys: every scope, events only, messages only.
struct ServerHarness {
    static let allKey = "test-all-scopes"
    static let eventsKey = "test-events-only"
    static let messagesKey = "test-messages-only"
    static let start = Date(timeIntervalSince1970: 1_796_371_200)  // 2026-12-04T08:00:00Z

    let engine: DialogueEngine
    let clock: ManualClock
    let server: HiwarServer

    init(tracer: (any Tracer)? = nil, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let bot = try CompiledBot(paths: [Self.repository.appendingPathComponent("Intents").path])
        clock = ManualClock(Self.start)
        engine = DialogueEngine(bot: bot, clock: clock, seed: 7)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.schedulerInterval = .milliseconds(20)
        configure(&configuration)
        var logger = Logger(label: "hiwar.server.test")
        logger.logLevel = .warning
        server = HiwarServer(
            engine: engine,
            configuration: configuration,
            keyring: APIKeyring([
                APIKey(name: "all", secret: Self.allKey),
                APIKey(name: "events", secret: Self.eventsKey, scopes: [.events]),
                APIKey(name: "messages", secret: Self.messagesKey, scopes: [.messages]),
            ]),
            logger: logger,
            tracer: tracer
        )
    }

    /// The checkout's root (Tests/HiwarServerTests/ServerHarness.swift is two folders down).
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs `body` against the server over real HTTP on a loopback port.
    func live<Value: Sendable>(_ body: @Sendable (HTTP) async throws -> Value) async throws -> Value {
        try await server.application().test(.live) { client in try await body(HTTP(client: client)) }
    }
}

/// A client speaking the API's JSON.
struct HTTP: Sendable {
    let client: any TestClientProtocol

    struct Answer: Sendable {
        let status: Int
        let headers: HTTPFields
        let body: String

        /// The body as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// `error.code` of an error body.
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

        /// The replies' texts of a turn.
        var replies: [String] { (json["replies"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String } }

        /// The effects' kinds of a turn.
        var effects: [String] { (json["effects"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
    }

    func call(
        _ method: HTTPRequest.Method,
        _ path: String,
        key: String? = ServerHarness.allKey,
        headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> Answer {
        try await call(method, path, key: key, headers: headers, bytes: body.map { Array($0.utf8) })
    }

    func call(
        _ method: HTTPRequest.Method,
        _ path: String,
        key: String? = ServerHarness.allKey,
        headers: HTTPFields = [:],
        bytes: [UInt8]?
    ) async throws -> Answer {
        var headers = headers
        if let key { headers[.authorization] = "Bearer \(key)" }
        if bytes != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            uri: path,
            method: method,
            headers: headers,
            body: bytes.map { ByteBuffer(bytes: $0) }
        )
        return Answer(
            status: Int(response.status.code),
            headers: response.headers,
            body: String(decoding: response.body.readableBytesView, as: UTF8.self)
        )
    }

    /// A customer's message, with the channel's message id as its `Idempotency-Key` when given.
    func say(
        _ text: String,
        to conversation: String,
        idempotencyKey: String? = nil,
        key: String = ServerHarness.allKey
    ) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let idempotencyKey, let name = HTTPField.Name("Idempotency-Key") { headers[name] = idempotencyKey }
        return try await call(
            .post,
            "/v1/conversations/\(conversation)/messages",
            key: key,
            headers: headers,
            body: Self.json(["text": text])
        )
    }

    /// A notice.
    func notice(
        _ event: String,
        _ data: [String: String],
        lang: String? = nil,
        to conversation: String,
        idempotencyKey: String? = nil,
        key: String = ServerHarness.allKey
    ) async throws -> Answer {
        var body: [String: Any] = ["event": event, "data": data]
        if let lang { body["lang"] = lang }
        var headers: HTTPFields = [:]
        if let idempotencyKey, let name = HTTPField.Name("Idempotency-Key") { headers[name] = idempotencyKey }
        return try await call(
            .post,
            "/v1/conversations/\(conversation)/events",
            key: key,
            headers: headers,
            body: Self.json(body)
        )
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }
}
