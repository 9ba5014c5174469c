import ArgumentParser
import Foundation
import Hiwar
import HiwarSQLite
import HiwarServer
import HiwarTesting
import Logging

/// `hiwar serve`: the bot as an HTTP service (docs/server.md).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a bot over HTTP: messages and notices in, turn records out (docs/server.md).",
        discussion: """
            Each setting comes from its flag, else its HIWAR_* environment variable, else the --config \
            file (a JSON object with the same names in lower case: {"port": "8080"}), else its default. \
            Keys: HIWAR_API_KEY is one key with every scope; --keys names a file of hashed keys with \
            scopes. The webhook's secret is read from HIWAR_WEBHOOK_SECRET only, never from a flag. \
            SIGTERM or SIGINT stops accepting, finishes the turns in flight, and exits.
            """
    )

    @Argument(help: "The bot's directory of JSON intent files.", completion: .directory)
    var directory: String = "Intents"

    @Option(help: "A JSON file of settings (HIWAR_CONFIG).", completion: .file(extensions: ["json"]))
    var config: String?

    @Option(help: "The address to bind (HIWAR_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "The port; 0 picks a free one and prints it (HIWAR_PORT; default 8080).")
    var port: Int?

    @Option(help: "memory, sqlite:PATH or postgres://USER@HOST/DB (HIWAR_STORE; default memory).")
    var store: String?

    @Option(help: "A keys file: {\"keys\": [{\"name\", \"sha256\", \"scopes\"}]} (HIWAR_API_KEYS_FILE).")
    var keys: String?

    @Option(help: "Where reminders and timeouts are posted, signed (HIWAR_WEBHOOK_URL).")
    var webhook: String?

    @Option(
        help: "Action fixtures (HIWAR_ACTIONS; default: Tests/Conversations/actions.json beside the bot, if present)."
    )
    var actions: String?

    @Option(help: "json or text (HIWAR_LOG_FORMAT; default json).")
    var logFormat: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (HIWAR_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(help: "Requests per second per conversation, burst twice that (HIWAR_RATE_PER_CONVERSATION; default 20).")
    var ratePerConversation: Double?

    @Option(help: "Requests per second per key, burst twice that (HIWAR_RATE_PER_KEY; default 50000).")
    var ratePerKey: Double?

    func run() async throws {
        let settings: ServeSettings
        do {
            settings = try ServeSettings(command: self, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("hiwar serve: \(error)\n".utf8))
            throw ExitCode(64)
        }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                settings.logFormat == "text"
                ? StreamLogHandler.standardError(label: label)
                : JSONLogHandler(label: label, logLevel: settings.logLevel)
            handler.logLevel = settings.logLevel
            return handler
        }
        let logger = Logger(label: "hiwar.server")
        let result = BotCompiler.compile(paths: [directory])
        guard let bot = result.bot else {
            let formatter = DiagnosticFormatter(diagnostics: result.diagnostics, files: result.files, colors: false)
            FileHandle.standardError.write(Data(formatter.render(.human).utf8))
            throw ExitCode.failure
        }
        let registry: ActionRegistry
        do {
            registry = try FixtureLoader.actions(at: settings.actions ?? FixtureLoader.defaultPath(for: directory))
        } catch {
            FileHandle.standardError.write(Data("hiwar serve: \(error)\n".utf8))
            throw ExitCode(64)
        }
        let sessionStore: any SessionStore
        do {
            sessionStore = try await settings.store.open()
        } catch {
            FileHandle.standardError.write(Data("hiwar serve: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let engine = DialogueEngine(
            bot: bot,
            actions: registry,
            store: sessionStore,
            logger: Logger(label: "hiwar.engine")
        )
        var configuration = settings.server
        configuration.botPaths = [directory]
        let server = HiwarServer(
            engine: engine,
            configuration: configuration,
            keyring: settings.keyring,
            logger: logger
        )
        let summary = "store \(settings.storeName), \(settings.keyring.keys.count) key(s)"
        let host = configuration.host
        try await server.run { port in
            let line = "hiwar serve: listening on http://\(host):\(port) (\(summary))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
