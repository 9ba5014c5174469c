import Foundation
import HTTPTypes
import Testing

@testable import HiwarServer

@Suite("HTTP API: metrics, reload, the OpenAPI document")
struct AdminAPITests {
    @Test("/metrics counts turns by intent and language, fallbacks and handoffs, in the Prometheus format")
    func metrics() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            _ = try await http.say("hello", to: "m1")
            _ = try await http.say("qwxz zzvq", to: "m1")
            _ = try await http.say("I want to talk to a person", to: "m2")
            let metrics = try await http.call(.get, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains(#"hiwar_turns_total{kind="message",intent="greet",language="en"} 1"#))
            #expect(metrics.body.contains("hiwar_fallbacks_total"))
            #expect(metrics.body.contains("hiwar_handoffs_total 1"))
            #expect(metrics.body.contains("hiwar_turn_duration_seconds_bucket"))
            #expect(metrics.body.contains("hiwar_http_requests_total"))
        }
    }

    @Test("a reload that fails keeps the old bot and returns the diagnostics; a good one swaps it")
    func reload() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-reload-\(UUID())")
        try FileManager.default.copyItem(at: ServerHarness.repository.appendingPathComponent("Intents"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try ServerHarness { $0.botPaths = [folder.path] }
        try await harness.live { http in
            let broken = folder.appendingPathComponent("zz-broken.json")
            try Data(#"{"intents": [ {"name": 5} ]"#.utf8).write(to: broken)
            let failed = try await http.call(.post, "/v1/admin/reload")
            #expect(failed.status == 422)
            #expect(failed.json["reloaded"] as? Bool == false)
            let diagnostics = failed.json["diagnostics"] as? [[String: Any]] ?? []
            #expect(diagnostics.contains { ($0["path"] as? String)?.hasSuffix("zz-broken.json") == true })
            #expect(try await http.say("hello", to: "r").json["intent"] as? String == "greet")
            try FileManager.default.removeItem(at: broken)
            let reloaded = try await http.call(.post, "/v1/admin/reload")
            #expect(reloaded.status == 200)
            #expect(reloaded.json["reloaded"] as? Bool == true)
        }
    }

    @Test("the served document is the one in docs/, and it lists every route the router has")
    func openAPIDocument() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let served = try await http.call(.get, "/openapi.json", key: nil)
            let file = try String(
                contentsOf: ServerHarness.repository.appendingPathComponent("docs/openapi.json"),
                encoding: .utf8
            )
            #expect(served.body == file)
            let paths = (served.json["paths"] as? [String: Any] ?? [:]).keys.sorted()
            #expect(
                paths == [
                    "/healthz", "/metrics", "/openapi.json", "/readyz", "/v1/admin/reload", "/v1/conversations/{id}",
                    "/v1/conversations/{id}/events", "/v1/conversations/{id}/messages",
                    "/v1/conversations/{id}/release", "/v1/events",
                ]
            )
            // The 405 table says what the document says.
            let documented = (served.json["paths"] as? [String: [String: Any]] ?? [:]).mapValues {
                Set($0.keys.map { $0.uppercased() })
            }
            let table = Dictionary(
                uniqueKeysWithValues: Routes.table.map { ($0.path, Set($0.methods.map(\.rawValue))) }
            )
            #expect(documented == table)
        }
    }
}
