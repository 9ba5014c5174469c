import ArgumentParser
import Foundation
import Hiwar

/// `hiwar repl`: talk to a bot line by line.
///
/// Until the dialogue engine lands, each line shows what the bot recognizes: the intent, how it
/// matched, the slots in canonical form (sensitive ones masked), and `:why` explains the last one.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Talk to a bot interactively.",
        discussion: "Type a message and press Return. Commands start with a colon; :help lists them."
    )

    @Argument(help: "The bot's directory of JSON intent files.", completion: .directory)
    var directory: String = "Intents"

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(directory)' is not a directory of intent files.")
        }
    }

    func run() throws {
        guard var bot = compile() else { throw ExitCode.failure }
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive {
            print(
                "hiwar \(HiwarVersion.number): \(bot.intentNames.count) intents from \(directory). "
                    + "Type :help for commands, :quit to leave."
            )
        }
        var last: String?
        while true {
            if interactive {
                print("you> ", terminator: "")
                fflush(nil)
            }
            guard let line = readLine(strippingNewline: true) else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let command = trimmed.split(separator: " ").first.map(String.init) ?? ""
            switch command {
            case ":quit", ":q", ":exit":
                return
            case ":help":
                print(
                    """
                    :why     explain the last message: normalized text, candidates, patterns tried, the deciding rule
                    :reload  compile the bot again (on errors, the old bot keeps running)
                    :help    this list
                    :quit    leave (Ctrl-D too)
                    Anything else is a message: the REPL prints the intent it is recognized as and its slots.
                    """
                )
            case ":why":
                if let last {
                    print(bot.explain(last).description)
                } else {
                    print("nothing to explain yet: type a message first")
                }
            case ":reload":
                if let reloaded = compile() {
                    bot = reloaded
                    print("reloaded: \(bot.intentNames.count) intents")
                } else {
                    print("the bot did not compile; still running the previous one")
                }
            default:
                if trimmed.hasPrefix(":") {
                    print("unknown command \(command); :help lists the commands")
                } else {
                    last = line
                    print(describe(bot.match(line)))
                }
            }
            fflush(nil)
        }
    }

    /// Compiles the bot, printing its diagnostics; `nil` when there are errors.
    private func compile() -> CompiledBot? {
        let result = BotCompiler.compile(paths: [directory])
        if !result.diagnostics.isEmpty {
            let formatter = DiagnosticFormatter(
                diagnostics: result.diagnostics,
                files: result.files,
                colors: Terminal.colorsOnStandardOutput
            )
            print(formatter.render(.human), terminator: "")
        }
        return result.bot
    }

    private func describe(_ result: MatchResult) -> String {
        var text = "bot> \(result.intent)"
        if let best = result.matches.first {
            text += " (\(best.tier), score \(String(format: "%.2f", best.score)))"
        }
        text += " [\(result.language?.rawValue ?? "?")]"
        if !result.slots.isEmpty {
            text += " " + result.slots.map(\.description).joined(separator: " ")
        }
        if result.cardNumberDetected {
            text += "\nbot> (a full card number was detected; it is not stored)"
        }
        return text
    }
}
