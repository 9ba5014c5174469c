import ArgumentParser
import Foundation
import Hiwar
import HiwarTesting

/// `hiwar repl`: talk to a bot, deliver notices, move time, and save the conversation as a test.
struct Repl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Talk to a bot interactively, or drive it with JSON lines (--json).",
        discussion: """
            Type a message and press Return. Commands start with a colon; :help lists them. \
            With --json, every input line is a JSON object and every output line one JSON \
            object (docs/repl-json.md).
            """
    )

    @Argument(help: "The bot's directory of JSON intent files.", completion: .directory)
    var directory: String = "Intents"

    @Flag(help: "Read and write one JSON object per line, for programs.")
    var json = false

    @Option(
        help: "Action fixtures (default: Tests/Conversations/actions.json beside the bot, if present).",
        completion: .file(extensions: ["json"])
    )
    var actions: String?

    @Option(
        help: "The manual clock's start: 2026-11-23T09:00 (in the bot's time zone) or with an offset. Default: now."
    )
    var clock: String?

    @Option(help: "The seed for choosing among response variations.")
    var seed: UInt64 = 1

    @Option(
        help: """
            The line history kept between sessions ('none' for none). Default: $HIWAR_HISTORY, \
            else $XDG_STATE_HOME/hiwar/history, else ~/.local/state/hiwar/history.
            """,
        completion: .file()
    )
    var history: String?

    @Option(
        help: """
            Where conversations are kept: memory (default), sqlite:PATH or postgres://USER@HOST/DB. A durable \
            store keeps a session's conversation for the next run.
            """
    )
    var store = "memory"

    @OptionGroup var color: ColorOption

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(directory)' is not a directory of intent files.")
        }
        // The form is checked here, where a usage error prints this command's usage; the bot's time
        // zone applies once it is compiled.
        guard StoreArgument.parse(store) != nil else {
            throw ValidationError("--store \(store) is not \(StoreArgument.forms)")
        }
        if let clock, ClockArgument.date(clock, timeZone: .gmt) == nil {
            throw ValidationError("--clock \(clock) is not a time such as 2026-11-23T09:00 or 2026-11-23T09:00+04:00")
        }
    }

    func run() async throws {
        // The files as they were when compiled: a change made while the bot compiles is seen as a change.
        let compiledFiles = InteractiveRepl.modificationDates(directory)
        let result = BotCompiler.compile(paths: [directory])
        if !result.diagnostics.isEmpty && !json || result.bot == nil {
            let formatter = DiagnosticFormatter(
                diagnostics: result.diagnostics,
                files: result.files,
                colors: color.enabled && !json
            )
            let output = formatter.render(.human)
            if json {
                FileHandle.standardError.write(Data(output.utf8))
            } else {
                print(output, terminator: "")
            }
        }
        guard let bot = result.bot else { throw ExitCode.failure }
        let actionsPath = actions ?? FixtureLoader.defaultPath(for: directory)
        let registry: ActionRegistry
        do {
            registry = try FixtureLoader.actions(at: actionsPath)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(64)
        }
        var start = Date()
        if let clock {
            guard let date = ClockArgument.date(clock, timeZone: bot.timeZone) else {
                throw ValidationError("--clock \(clock) is not a time such as 2026-11-23T09:00")
            }
            start = date
        }
        let sessionStore: any SessionStore
        do {
            sessionStore = try await (StoreArgument.parse(store) ?? .memory).open()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let session = BotSession(bot: bot, actions: registry, start: start, seed: seed, store: sessionStore)
        if json {
            await JSONLineMode(session: session).run()
        } else {
            var interactive = InteractiveRepl(
                directory: directory,
                session: session,
                actionsPath: actionsPath,
                seed: seed,
                start: start,
                historyPath: HistoryFile.path(option: history, environment: ProcessInfo.processInfo.environment),
                compiledFiles: compiledFiles,
                colors: color.enabled
            )
            let foreground = Terminal.isInteractive ? ForegroundGroup.take() : nil
            await interactive.run()
            foreground?.restore()
        }
    }
}
