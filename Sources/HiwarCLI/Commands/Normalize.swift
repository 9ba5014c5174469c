import ArgumentParser
import Hiwar
import HiwarTesting

/// `hiwar normalize`: print the match form of text, its language, and where each word came from.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the match form of text and the language Hiwar identifies.",
        discussion: """
            Reads the text from the arguments, or one message per line from standard input when \
            there are none. Output is one line per message: the match form between quotes, then the \
            language (en, ar, fa, or ? when unsure).
            """
    )

    @Argument(help: "The text to normalize. Without it, lines are read from standard input.")
    var text: [String] = []

    @Flag(help: "Print the scalars of the match form as hexadecimal code points.")
    var scalars = false

    func run() throws {
        let inspector = TextInspector()
        if !text.isEmpty {
            print(inspector.describe(text.joined(separator: " "), showScalars: scalars))
            return
        }
        while let line = readLine(strippingNewline: true) {
            print(inspector.describe(line, showScalars: scalars))
        }
    }
}

/// Formats what normalization and language identification make of a message.
struct TextInspector {
    let normalizer = TextNormalizer()
    let identifier = LanguageIdentifier()

    func describe(_ message: String, showScalars: Bool) -> String {
        let normalized = normalizer.normalizeWithOffsets(message: message)
        let language = identifier.identify(message).language?.rawValue ?? "?"
        var line = "\"\(normalized.text)\" [\(language)]"
        if normalized.wasTruncated { line += " (truncated)" }
        if showScalars {
            line +=
                " "
                + normalized.text.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(
                    separator: " "
                )
        }
        return line
    }
}
