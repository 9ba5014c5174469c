import Foundation
import InMemoryTracing
import Testing
import Tracing

@Suite("Tracing: a span per turn")
struct TracingTests {
    @Test("each turn is a hiwar.turn span with its kind, intent, language and state, and no customer data")
    func spans() async throws {
        let tracer = InMemoryTracer()
        let harness = try ServerHarness(tracer: tracer)
        try await harness.live { http in
            _ = try await http.notice("order.shipped", ["order_id": "A-10293", "eta": "2026-12-08"], to: "+9715550100")
            _ = try await http.say("کی می‌رسه؟", to: "+9715550100")
            _ = try await http.notice("order.teleported", [:], to: "+9715550100")
        }
        let spans = tracer.finishedSpans.filter { $0.operationName == "hiwar.turn" }
        #expect(spans.count == 3)
        let message = try #require(spans.first { $0.attributes["hiwar.turn.kind"]?.toSpanAttribute() == "message" })
        #expect(message.attributes["hiwar.intent"]?.toSpanAttribute() == "order.track")
        #expect(message.attributes["hiwar.language"]?.toSpanAttribute() == "fa")
        #expect(message.attributes["hiwar.state"]?.toSpanAttribute() == "order.shipped")
        let refused = try #require(spans.first { $0.attributes["hiwar.error"] != nil })
        #expect(refused.attributes["hiwar.error"]?.toSpanAttribute() == "unknown-event")
        #expect(refused.status?.code == .error)
        let everything = spans.map { "\($0.attributes)" }.joined()
        #expect(!everything.contains("9715550100"))
        #expect(!everything.contains("کی"))
    }
}
