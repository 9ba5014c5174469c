import Foundation
import Testing

@Suite("hiwar validate, run as a binary")
struct ValidateCommandTests {
    static let broken = "Tests/HiwarCLITests/Fixtures/broken-bot"
    static let clean = "Tests/HiwarCLITests/Fixtures/clean-bot"

    /// Compares output with a golden file; `HIWAR_UPDATE_GOLDEN=1` rewrites the golden files.
    func expectGolden(_ output: String, _ name: String) throws {
        let url = CLIRunner.packageRoot.appendingPathComponent("Tests/HiwarCLITests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["HIWAR_UPDATE_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: url)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(output == golden, "\(name) differs from its golden file; run with HIWAR_UPDATE_GOLDEN=1 to update")
    }

    @Test(
        "human output: source line, caret under the column, hints; no colors when not a terminal",
        arguments: [
            ("human", "validate-human.txt"), ("json", "validate-json.txt"), ("github", "validate-github.txt"),
            ("sarif", "validate-sarif.txt"),
        ]
    )
    func formats(_ format: String, _ golden: String) throws {
        let result = try CLIRunner.run(["validate", "--format", format, Self.broken])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("\u{1B}["))
        try expectGolden(result.stdout, golden)
    }

    @Test("the JSON and SARIF outputs are valid JSON with the documented shape")
    func machineReadable() throws {
        let json = try CLIRunner.run(["validate", "--format", "json", Self.broken])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["version"] as? Int == 1)
        #expect(report["errors"] as? Int == 2)
        let first = try #require((report["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "undefined-reference")
        let sarif = try CLIRunner.run(["validate", "--format", "sarif", Self.broken])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
    }

    @Test("exit codes: 0 clean, 1 on errors, 1 on warnings with --strict, 64 on usage errors")
    func exitCodes() throws {
        let clean = try CLIRunner.run(["validate", Self.clean])
        #expect(clean.status == 0)
        #expect(clean.stdout == "0 errors, 0 warnings in 1 file\n")
        #expect(try CLIRunner.run(["validate", Self.broken]).status == 1)
        let warningOnly = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hiwar-warn-\(UUID().uuidString).json"
        )
        try Data(
            "{\"settings\": {\"languages\": [\"en\", \"fa\"]}, \"intents\": {\"greet\": {\"patterns\": {\"en\": [\"hi\"]}}}}"
                .utf8
        ).write(to: warningOnly)
        #expect(try CLIRunner.run(["validate", warningOnly.path]).status == 0)
        #expect(try CLIRunner.run(["validate", "--strict", warningOnly.path]).status == 1)
        #expect(try CLIRunner.run(["validate", "--format", "yaml", Self.clean]).status == 64)
        #expect(try CLIRunner.run(["validate", "--bogus"]).status == 64)
        let missing = try CLIRunner.run(["validate", "no/such/dir"])
        #expect(missing.status == 1 && missing.stdout.contains("[unreadable-file]"))
    }

    @Test("the shipped bot validates clean, with --strict, well under a second")
    func shippedBot() throws {
        let start = Date()
        let result = try CLIRunner.run(["validate", "--strict", "Intents"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(Date().timeIntervalSince(start) < 3, "validate should take well under a second")
    }
}
