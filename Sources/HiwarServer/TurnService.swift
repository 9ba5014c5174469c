internal import Foundation
internal import HTTPTypes
internal import Hiwar
internal import Tracing

/// Runs the engine's turns for the routes: measures them, and turns engine and store failures into API errors.
struct TurnService: Sendable {
    let engine: DialogueEngine
    let metrics: ServerMetrics
    let tracer: any Tracer

    /// Runs a turn of `kind`, recording it: a metric, and a `hiwar.turn` span (kind, intent, language, state; never
    /// the customer's id or words).
    func run(kind: String, in conversation: String, _ body: () async throws -> Turn) async throws(APIError) -> Turn {
        let started = ContinuousClock.now
        let span = tracer.startSpan("hiwar.turn", ofKind: .server)
        defer { span.end() }
        // Attributes only for a span that keeps them (the no-op tracer's does not; building them costs).
        let recording = span.isRecording
        if recording { span.attributes["hiwar.turn.kind"] = kind }
        do {
            let turn = try await store(body)
            if recording {
                span.attributes["hiwar.intent"] = turn.intent ?? "-"
                span.attributes["hiwar.language"] = turn.language.rawValue
                span.attributes["hiwar.state"] = turn.stateAfter.description
            }
            metrics.turn(turn, kind: kind, duration: ContinuousClock.now - started)
            return turn
        } catch {
            if recording { span.attributes["hiwar.error"] = error.code }
            span.setStatus(SpanStatus(code: .error, message: error.code))
            throw error
        }
    }

    /// Delivers a notice; a payload that does not fit the event is a 400 with the delivery error's code.
    func deliver(_ notice: NoticeRequest, idempotencyKey: String?, to id: String) async throws(APIError) -> Turn {
        try await run(kind: "event", in: id) {
            try await engine.deliver(
                event: notice.event,
                data: notice.data,
                language: notice.language,
                idempotencyKey: idempotencyKey,
                to: id
            )
        }
    }

    /// The conversation as stored.
    func load(_ id: String) async throws(APIError) -> ConversationState? {
        try await store { try await engine.store.load(id) }
    }

    /// Forgets a conversation: its state, transcript and pending jobs.
    func erase(_ id: String) async throws(APIError) {
        try await store { try await engine.reset(id) }
    }

    /// Runs a store-backed call; a failure of the store is 503 `store-unavailable` (retry later).
    func store<T>(_ body: () async throws -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch let error as DeliveryError {
            throw APIError(.badRequest, code: error.code.rawValue, error.message, field: error.field)
        } catch let error as APIError {
            throw error
        } catch {
            metrics.storeError()
            throw APIError(.serviceUnavailable, code: "store-unavailable", "the conversation store failed; retry later")
        }
    }
}
