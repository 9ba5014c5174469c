import Foundation

/// What reading one line of input gave.
enum LineInput: Equatable {
    /// A line, without its newline.
    case line(String)
    /// The person pressed Ctrl-C: the line is abandoned, the loop goes on.
    case interrupted
    /// End of input (Ctrl-D on an empty line, or the end of a pipe).
    case end
}

/// Where the REPL's lines come from: a line editor on a terminal, plain reading otherwise.
protocol LineReader {
    /// Reads one line, showing `prompt` first when a person is typing.
    mutating func read(prompt: String) -> LineInput

    /// Offers a line to the history (the editor skips what it should not keep).
    mutating func remember(_ line: String)
}

/// Reads standard input as it comes, for pipes and files: no prompt, no editing, no history.
struct PlainLineReader: LineReader {
    mutating func read(prompt: String) -> LineInput {
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    mutating func remember(_ line: String) {}
}
