/// Tab completion for the REPL: commands, then what each command takes.
///
/// Pure logic over the bot's names, so it is tested without a terminal; ``EditLineReader``
/// calls it from libedit's completion callback.
struct ReplCompletion: Sendable, Equatable {
    /// Completion candidates for one word, and what to type after a unique one.
    struct Result: Equatable {
        /// Candidates that start with the word, sorted.
        var candidates: [String]
        /// Appended after a single candidate: a space, or `=` after an event field name.
        var append: Character = " "
        /// Whether file names should be completed instead (`:save`, `:load`).
        var files = false
    }

    /// The colon commands, as `:help` lists them.
    static let commands = [
        ":clock", ":event", ":help", ":lang", ":load", ":quit", ":release", ":reload", ":reset", ":save",
        ":slots", ":state", ":why",
    ]

    /// Intent names (`:why INTENT`).
    var intents: [String] = []
    /// Event names and their payload fields (`:event NAME field=`).
    var events: [String: [String]] = [:]
    /// Slot names (`:slots NAME`).
    var slots: [String] = []
    /// Languages (`:lang`), with `auto`.
    var languages: [String] = []

    /// Candidates for `word`, the word under the cursor, given the text of the line before it.
    ///
    /// - Parameters:
    ///   - word: The partial word being completed.
    ///   - before: Everything on the line before that word.
    /// - Returns: The candidates, and how to finish a unique one.
    func complete(_ word: String, after before: Substring) -> Result {
        let words = before.split(separator: " ").map(String.init)
        guard let command = words.first else {
            return Result(candidates: word.hasPrefix(":") ? Self.matching(word, in: Self.commands) : [])
        }
        switch command {
        case ":event":
            if words.count == 1 { return Result(candidates: Self.matching(word, in: events.keys.sorted())) }
            if before.last == "=" { return Result(candidates: []) }
            let given = Set(words.dropFirst(2).compactMap { $0.split(separator: "=").first.map(String.init) })
            let fields = (events[words[1]] ?? []).filter { !given.contains($0) }
            return Result(candidates: Self.matching(word, in: fields), append: "=")
        case ":why" where words.count == 1: return Result(candidates: Self.matching(word, in: intents))
        case ":slots" where words.count == 1: return Result(candidates: Self.matching(word, in: slots))
        case ":lang" where words.count == 1: return Result(candidates: Self.matching(word, in: languages + ["auto"]))
        case ":save", ":load": return Result(candidates: [], files: true)
        default: return Result(candidates: [])
        }
    }

    private static func matching(_ word: String, in names: [String]) -> [String] {
        names.filter { $0.hasPrefix(word) }.sorted()
    }
}
