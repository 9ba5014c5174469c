import ArgumentParser
import Hiwar
import HiwarTesting

/// `hiwar validate`: check a bot's files like a compiler.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a bot's intent files and report every problem with file:line:column.",
        discussion: """
            Exit status: 0 when there are no errors (and, with --strict, no warnings); 1 when there \
            are; 64 for a usage error. Every diagnostic code is listed in docs/diagnostics.md.
            """
    )

    @Argument(help: "Bot directories or files (default: Intents).", completion: .file(extensions: ["json"]))
    var paths: [String] = []

    @Option(help: "Output format: human, json, github or sarif.")
    var format: OutputFormat = .human

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @OptionGroup var color: ColorOption

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json, github, sarif
    }

    func run() throws {
        let targets = paths.isEmpty ? ["Intents"] : paths
        let result = BotCompiler.compile(paths: targets)
        let formatter = DiagnosticFormatter(
            diagnostics: result.diagnostics,
            files: result.files,
            colors: color.enabled && format == .human
        )
        let rendered = formatter.render(DiagnosticFormatter.Format(rawValue: format.rawValue) ?? .human)
        print(rendered, terminator: "")
        if result.hasErrors || (strict && result.hasWarnings) {
            throw ExitCode.failure
        }
    }
}
