import ArgumentParser
import Foundation
import Hiwar

/// `hiwar repl`: talk to a bot line by line.
///
/// Until the bot loader and the dialogue engine land, the loop shows what Hiwar makes of each
/// line: the match form every pattern will see, and the language it would answer in.
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
        let interactive = isatty(STDIN_FILENO) == 1
        let inspector = TextInspector()
        if interactive {
            print("hiwar \(HiwarVersion.number): bot directory \(directory). Type :help for commands, :quit to leave.")
        }
        while true {
            if interactive {
                print("you> ", terminator: "")
                fflush(nil)
            }
            guard let line = readLine(strippingNewline: true) else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            switch trimmed {
            case ":quit", ":q", ":exit":
                return
            case ":help":
                print(
                    """
                    :help   this list
                    :quit   leave (Ctrl-D too)
                    Anything else is a message: the REPL prints its match form and language.
                    """
                )
            default:
                if trimmed.hasPrefix(":") {
                    print("unknown command \(trimmed.split(separator: " ")[0]); :help lists the commands")
                } else {
                    print(inspector.describe(line, showScalars: false))
                }
            }
            fflush(nil)
        }
    }
}
