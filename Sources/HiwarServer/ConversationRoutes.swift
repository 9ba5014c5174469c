internal import Foundation
internal import HTTPTypes
internal import Hiwar
internal import Hummingbird

/// `/v1/conversations/{id}`: messages, notices, the conversation itself, release and erasure.
struct ConversationRoutes {
    let engine: DialogueEngine
    let configuration: ServerConfiguration
    let limiter: RateLimiter
    let turns: TurnService

    func register(on router: Router<ServerRequestContext>) {
        let conversations = router.group("v1/conversations/{id}")
        conversations.post("messages") { request, context in try await message(request, context) }
        conversations.post("events") { request, context in try await event(request, context) }
        conversations.post("release") { _, context in
            try context.require(.messages)
            let id = try ConversationID.fromPath(context.parameters.require("id"))
            let turn = try await turns.run(kind: "release", in: id) { try await engine.release(id) }
            return JSONBody.response(TurnRecord(turn))
        }
        conversations.get { _, context in
            try context.require(.messages)
            let id = try ConversationID.fromPath(context.parameters.require("id"))
            guard let state = try await turns.load(id) else {
                throw APIError.notFound("no conversation \"\(id)\"")
            }
            return JSONBody.response(ConversationRecord(state, bot: engine.bot))
        }
        conversations.delete { _, context in
            try context.require(.admin)
            let id = try ConversationID.fromPath(context.parameters.require("id"))
            try await turns.erase(id)
            return Response(status: .noContent)
        }
    }

    private func message(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try context.require(.messages)
        let id = try ConversationID.fromPath(context.parameters.require("id"))
        try limiter.admit("conversation:" + id, rate: limiter.perConversation)
        let key = try IdempotencyKey.read(request.headers[.idempotencyKey])
        let body = try JSONObjectBody(
            await RequestBytes.collect(request, limit: configuration.maximumBodySize),
            allowed: ["text", "lang"]
        )
        let text = try body.requiredString("text", maximumLength: configuration.maximumMessageLength)
        let language = try LanguageField.read(body, bot: engine.bot)
        if let language {
            try await turns.store {
                try await engine.update(id) { if $0.pinnedLanguage == nil { $0.language = language } }
            }
        }
        let turn = try await turns.run(kind: "message", in: id) {
            try await engine.send(text, to: id, idempotencyKey: key)
        }
        return JSONBody.response(TurnRecord(turn))
    }

    private func event(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try context.require(.events)
        let id = try ConversationID.fromPath(context.parameters.require("id"))
        try limiter.admit("conversation:" + id, rate: limiter.perConversation)
        let key = try IdempotencyKey.read(request.headers[.idempotencyKey])
        let body = try JSONObjectBody(
            await RequestBytes.collect(request, limit: configuration.maximumBodySize),
            allowed: ["event", "data", "lang"]
        )
        let notice = try NoticeRequest(body, bot: engine.bot)
        let turn = try await turns.deliver(notice, idempotencyKey: key, to: id)
        return JSONBody.response(TurnRecord(turn))
    }
}

/// A notice as a request gives it.
struct NoticeRequest: Sendable {
    let event: String
    let data: [String: String]
    let language: LanguageCode?

    init(_ body: JSONObjectBody, bot: CompiledBot) throws(APIError) {
        event = try body.requiredString("event")
        data = try body.scalars("data")
        language = try LanguageField.read(body, bot: bot)
    }
}

/// The `Idempotency-Key` header of a notice or a message: 1–255 visible ASCII characters.
enum IdempotencyKey {
    static func read(_ header: String?) throws(APIError) -> String? {
        guard let header else { return nil }
        guard !header.isEmpty, header.utf8.count <= 255, header.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else {
            throw APIError(
                .badRequest,
                code: "invalid-idempotency-key",
                "Idempotency-Key is 1 to 255 visible ASCII characters",
                field: "Idempotency-Key"
            )
        }
        try ConversationID.refuseCardNumber(header, field: "Idempotency-Key", named: "an Idempotency-Key")
        return header
    }
}

/// A request's body, bounded.
enum RequestBytes {
    /// The body's bytes; 413 `body-too-large` past `limit`.
    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return Array(buffer.readableBytesView)
    }
}
