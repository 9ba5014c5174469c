import Foundation
import Hiwar
import HiwarTesting
import Testing

/// The package's checkout, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Conversation tests from swift test")
struct ConversationSuiteTests {
    @Test("the shipped bot's conversation tests pass through the library, as hiwar test runs them")
    func shippedConversations() async throws {
        let suite = ConversationSuite(paths: [packageRoot.appendingPathComponent("Tests/Conversations").path])
        let results = try await suite.run()
        #expect(results.failed.isEmpty, "\(results.failed.flatMap(\.failures))")
        #expect(results.conversations.filter { $0.file != "examples" }.count >= 90)
        #expect(results.conversations.contains { $0.file == "examples" }, "the bot's examples run too")
    }

    @Test("a wrong expectation is a failure naming the step; bad input is an error, not a crash")
    func failuresAndErrors() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let intents = packageRoot.appendingPathComponent("Intents").path
        try """
        {"bot": "\(intents)", "conversations": [{"name": "wrong", "steps": [
          {"user": "hello", "expect": {"intent": "goodbye"}}
        ]}]}
        """.write(to: folder.appendingPathComponent("wrong.json"), atomically: true, encoding: .utf8)
        let results = try await ConversationSuite(paths: [folder.path]).run()
        let failed = try #require(results.failed.first { $0.name == "wrong" })
        #expect(failed.failures.first?.contains("intent: expected goodbye, got greet") == true, "\(failed.failures)")

        await #expect(throws: ConversationSuiteError.self) {
            try await ConversationSuite(paths: [folder.appendingPathComponent("missing.json").path]).run()
        }
        let broken = packageRoot.appendingPathComponent("Tests/HiwarCLITests/Fixtures/broken-bot").path
        do {
            _ = try await ConversationSuite(paths: [folder.path], bot: broken).run()
            Issue.record("a bot that does not compile ran")
        } catch {
            #expect(error.compilation?.diagnostics.contains { $0.code == .unknownKey } == true)
            #expect(error.description.contains("does not compile"))
        }
    }
}
