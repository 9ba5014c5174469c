public import Foundation
public import Hiwar

/// Conversation test files run against their bots, as `hiwar test` runs them — from `swift test`,
/// a host's CI or a tool.
///
/// ```swift
/// let results = try await ConversationSuite(paths: ["Tests/Conversations"]).run()
/// #expect(results.failed.isEmpty, "\(results.failed.flatMap(\.failures))")
/// ```
///
/// Each file names its bot and action fixtures (relative to the file); `bot` and `actions` override
/// them. Every conversation runs in a fresh session on a manual clock with a fixed seed, so a run is
/// deterministic; the bots' intent examples and counterexamples run too.
public struct ConversationSuite: Sendable {
    /// Test files, or folders searched for them (`actions.json` fixture files skipped).
    public let paths: [String]
    /// The bot's directory for every file, instead of the one each names.
    public let bot: String?
    /// The action fixtures for every file, instead of the ones each names.
    public let actions: String?

    /// A suite of the test files at `paths`.
    public init(paths: [String], bot: String? = nil, actions: String? = nil) {
        self.paths = paths
        self.bot = bot
        self.actions = actions
    }

    /// What a run found.
    public struct Results: Sendable {
        /// Every conversation, by file then line; then every intent's examples.
        public let conversations: [ConversationResult]
        /// Those that failed.
        public var failed: [ConversationResult] { conversations.filter { !$0.passed } }
        /// Per bot, the confusion table of its examples (`hiwar test --report`).
        package let exampleReports: [ExampleReport]
    }

    /// Reads the files, compiles their bots and runs every conversation.
    ///
    /// - Throws: ``ConversationSuiteError`` when a file cannot be read or is not a conversation test,
    ///   a bot does not compile, or action fixtures cannot be loaded; nothing runs then.
    public func run() async throws(ConversationSuiteError) -> Results {
        let files = try Self.testFiles(paths)
        var decoded: [ConversationTestFile] = []
        for path in files {
            guard let source = SourceFile(contentsOf: path) else {
                throw ConversationSuiteError(message: "cannot read \(path)")
            }
            do {
                decoded.append(try ConversationTestDecoder.decode(source))
            } catch {
                throw ConversationSuiteError(message: "\(error)")
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
                    throw ConversationSuiteError(
                        message: "the bot at \(botPath) does not compile",
                        compilation: result
                    )
                }
                bots[botPath] = compiled
            }
            let actionsPath = actions ?? file.actions.map { Self.resolve($0, in: directory) }
            let key = actionsPath ?? ""
            if registries[key] == nil {
                do {
                    registries[key] = try FixtureLoader.actions(at: actionsPath)
                } catch {
                    throw ConversationSuiteError(message: "\(error)")
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
        var reports: [ExampleReport] = []
        for path in bots.keys.sorted() {
            if let compiled = bots[path] {
                let report = ExampleReport(bot: compiled)
                reports.append(report)
                results += report.results
            }
        }
        return Results(conversations: results, exampleReports: reports)
    }

    /// A path a test file names: absolute, or relative to the file's folder.
    package static func resolve(_ path: String, in directory: URL) -> String {
        // Standardizing a URL relative to the working directory drops its base ("/Intents"): absolute first.
        path.hasPrefix("/") ? path : directory.absoluteURL.appendingPathComponent(path).standardized.path
    }

    /// The `.json` files under `paths` (directories searched recursively, sorted), skipping
    /// `actions.json` fixture files.
    package static func testFiles(_ paths: [String]) throws(ConversationSuiteError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ConversationSuiteError(message: "no such file or directory: \(path)")
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
        guard !files.isEmpty else {
            throw ConversationSuiteError(message: "no test files in \(paths.joined(separator: ", "))")
        }
        return files
    }
}

/// Why a ``ConversationSuite`` could not run.
public struct ConversationSuiteError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// What went wrong, for a person.
    public let message: String
    /// When a bot does not compile: its diagnostics and files.
    public let compilation: CompilationResult?

    /// Creates an error.
    public init(message: String, compilation: CompilationResult? = nil) {
        self.message = message
        self.compilation = compilation
    }

    public var description: String {
        ([message] + (compilation?.diagnostics.map(\.description) ?? [])).joined(separator: "\n")
    }

    public var errorDescription: String? { description }
}
