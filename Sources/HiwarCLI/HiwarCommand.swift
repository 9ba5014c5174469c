import ArgumentParser
import HiwarServer
import PCRE2Kit

/// The `hiwar` tool: try a bot in the REPL, inspect how text is normalized.
@main
struct HiwarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hiwar",
        abstract: "Hiwar: a rule-based chatbot engine for English, Arabic and Persian.",
        version: HiwarVersion.description,
        subcommands: [Validate.self, Test.self, Eval.self, Repl.self, Serve.self, Graph.self, Normalize.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser's entry point, with one addition: `hiwar serve` runs Swift Concurrency on SwiftNIO's event
    /// loops (one thread pool for I/O and handlers; installed before any task exists).
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "serve" {
            HiwarServer.adoptEventLoopsAsGlobalExecutor()
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// What `hiwar --version` prints: the tool's version, then the PCRE2 it runs on and its JIT.
enum HiwarVersion {
    static let number = "0.1.0"

    static var description: String {
        let jit = PCRE2Library.jitTarget.map { "JIT on (\($0))" } ?? "JIT off (interpreter)"
        return "hiwar \(number)\nPCRE2 \(PCRE2Library.version), \(jit)"
    }
}
