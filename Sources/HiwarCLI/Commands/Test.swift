import ArgumentParser
import Foundation
import Hiwar

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
        let files: [String]
        do {
            files = try Self.testFiles(paths)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(64)
        }
        var decoded: [ConversationTestFile] = []
        for path in files {
            guard let source = SourceFile(contentsOf: path) else {
                FileHandle.standardError.write(Data("error: cannot read \(path)\n".utf8))
                throw ExitCode(64)
            }
            do {
                decoded.append(try ConversationTestDecoder.decode(source))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(64)
            }
        }
        var bots: [String: CompiledBot] = [:]
        var registries: [String: ActionRegistry] = [:]
        var jobs: [(ConversationTestFile, CompiledBot, ActionRegistry)] = []
        for file in decoded {
            let directory = URL(fileURLWithPath: file.path).deletingLastPathComponent()
            let botPath = bot ?? file.bot.map { Self.resolve($0, in: directory) } ?? "Intents"
            if bots[botPath] == nil {
                let result = BotCompiler.compile(paths: [botPath])
                guard let compiled = result.bot else {
                    let formatter = DiagnosticFormatter(
                        diagnostics: result.diagnostics,
                        files: result.files,
                        colors: false
                    )
                    FileHandle.standardError.write(Data(formatter.render(.human).utf8))
                    throw ExitCode(64)
                }
                bots[botPath] = compiled
            }
            let actionsPath = actions ?? file.actions.map { Self.resolve($0, in: directory) }
            let key = actionsPath ?? ""
            if registries[key] == nil {
                do {
                    registries[key] = try FixtureLoader.actions(at: actionsPath)
                } catch {
                    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                    throw ExitCode(64)
                }
            }
            if let compiled = bots[botPath], let registry = registries[key] { jobs.append((file, compiled, registry)) }
        }
        var results = await withTaskGroup(of: [ConversationResult].self) { group in
            for (file, compiled, registry) in jobs {
                group.addTask {
                    var results: [ConversationResult] = []
                    let runner = ConversationRunner(bot: compiled, actions: registry)
                    for conversation in file.conversations {
                        results.append(await runner.run(conversation, file: file.path))
                    }
                    return results
                }
            }
            var all: [ConversationResult] = []
            for await batch in group { all += batch }
            return all.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        }
        var examples: [ExampleReport] = []
        for path in bots.keys.sorted() {
            if let compiled = bots[path] {
                let report = ExampleReport(bot: compiled)
                examples.append(report)
                results += report.results
            }
        }
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
            for example in examples { print("\n" + example.table) }
        }
        if results.contains(where: { !$0.passed }) { throw ExitCode.failure }
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

    /// A path a test file names: absolute, or relative to the file's folder.
    static func resolve(_ path: String, in directory: URL) -> String {
        // Standardizing a URL relative to the working directory drops its base ("/Intents"): absolute first.
        path.hasPrefix("/") ? path : directory.absoluteURL.appendingPathComponent(path).standardized.path
    }

    /// The `.json` files under `paths` (directories searched recursively, sorted), skipping
    /// `actions.json` fixture files.
    static func testFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix(".json") && !$0.hasSuffix("actions.json") }
                    .sorted()
                files += found.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw CLIError("no test files in \(paths.joined(separator: ", "))") }
        return files
    }
}
