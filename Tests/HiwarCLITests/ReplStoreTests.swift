import Foundation
import Testing

@Suite("hiwar repl --store")
struct ReplStoreTests {
    @Test("with a SQLite store, a conversation outlives the REPL: the next run answers from the notice")
    func durableAcrossRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-repl-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = "sqlite:" + folder.appendingPathComponent("repl.sqlite").path
        let first = try CLIRunner.run(
            ["repl", "--json", "--store", store, "Intents"],
            input:
                #"{"session": "c1", "event": "order.shipped", "data": {"order_id": "A-10293", "eta": "2026-12-08"}, "lang": "fa"}"#
                + "\n"
        )
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLIRunner.run(
            ["repl", "--json", "--store", store, "Intents"],
            input: #"{"session": "c1", "text": "کی می‌رسه؟"}"# + "\n"
        )
        #expect(second.status == 0, "\(second.stderr)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        )
        #expect(answer["intent"] as? String == "order.track")
        #expect((answer["replies"] as? [String])?.first?.contains("A-10293") == true, "\(second.stdout)")
    }

    @Test("a --store that is none of the forms is a usage error")
    func badStore() throws {
        let result = try CLIRunner.run(["repl", "--json", "--store", "redis://x", "Intents"], input: "")
        #expect(result.status == 64)
        #expect(result.stderr.contains("sqlite:PATH"))
    }
}
