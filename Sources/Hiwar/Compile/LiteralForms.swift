internal import HiwarSyntax

/// The match forms of a bot's literal words, each normalized once per compilation.
///
/// Concepts put the same members into many patterns, and ranking alternatives by their shortest literal visits every
/// word again at every level; normalizing each distinct word once keeps compiling linear in the bot's size.
/// Compile-time only: not `Sendable`, one per compilation.
final class LiteralForms {
    let normalizer: TextNormalizer
    private var forms: [String: String] = [:]

    init(_ normalizer: TextNormalizer) {
        self.normalizer = normalizer
    }

    /// The match form of `literal` (``TextNormalizer/normalize(literal:)``), computed once.
    func form(_ literal: String) -> String {
        if let known = forms[literal] { return known }
        let normalized = normalizer.normalize(literal: literal)
        forms[literal] = normalized
        return normalized
    }
}
