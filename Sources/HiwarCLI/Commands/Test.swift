import ArgumentParser
import Foundation
import Hiwar
import HiwarTesting

/// `hiwar test`: run conversation tests (and the bot's examples) for CI.
struct Test: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run conversation tests against a bot.",
        discussion: """
            Each test file holds conversations: customer messages, notices and clock moves, with \
            expectations on intent, slots, state, replies and effects (docs/testing.md). Every \
            intent's examples and counterexamples run too. Exit status: 0 when everything \
            passed, 1 when something failed, 64 for bad usage or unreadable files.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human
        case json
    }

    @Argument(help: "Test files or directories of them.", completion: .file(extensions: ["json"]))
    var paths: [String] = ["Tests/Conversations"]

    @Option(help: "The bot's directory (default: the one a test file names, else ./Intents).", completion: .directory)
    var bot: String?

    @Option(help: "Action fixtures (default: the file a test file names).", completion: .file(extensions: ["json"]))
    var actions: String?

    @Option(help: "Output format.")
    var format: Format = .human

    @Option(help: "Also write JUnit XML to this file.", completion: .file())
    var junit: String?

    @Flag(help: "Print the per-intent confusion table of examples and counterexamples.")
    var report = false

    @OptionGroup var color: ColorOption

    func run() async throws {
        let suite = ConversationSuite(paths: paths, bot: bot, actions: actions)
        let outcome: ConversationSuite.Results
        do {
            outcome = try await suite.run()
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            if let compilation = error.compilation {
                let formatter = DiagnosticFormatter(
                    diagnostics: compilation.diagnostics,
                    files: compilation.files,
                    colors: false
                )
                FileHandle.standardError.write(Data(formatter.render(.human).utf8))
            }
            throw ExitCode(64)
        }
        let results = outcome.conversations
        if let junit {
            do {
                try TestReporters.junit(results).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write \(junit): \(error)\n".utf8))
                throw ExitCode(64)
            }
        }
        switch format {
        case .json: print(TestReporters.json(results))
        case .human: printHuman(results)
        }
        if report {
            for example in outcome.exampleReports { print("\n" + example.table) }
        }
        if !outcome.failed.isEmpty { throw ExitCode.failure }
    }

    private func printHuman(_ results: [ConversationResult]) {
        let colors = color.enabled
        for result in results {
            if result.passed {
                if result.file != "examples" {
                    print(Terminal.paint("✔", .green, enabled: colors) + " \(result.file) › \(result.name)")
                }
            } else {
                print(Terminal.paint("✘", .red, enabled: colors) + " \(result.file) › \(result.name)")
                for failure in result.failures { print("    " + failure) }
            }
        }
        let passed = results.filter(\.passed).count
        print("\(passed) passed, \(results.count - passed) failed")
    }
}
