internal import HiwarSyntax
internal import PCRE2Kit

/// Slot requests' `pattern`s: PCRE2 that a whole value must match.
enum SlotPatterns {
    /// Compiles `source` anchored at both ends by PCRE2's options: no text is wrapped around it, so
    /// nothing in it (an unbalanced `)`, a `\Q` quote, an extended-mode comment) can escape the anchors.
    static func compile(_ source: String) throws(PCRE2Error) -> Pattern {
        try Pattern(source, options: [.anchored, .endAnchored], limits: .default)
    }
}
