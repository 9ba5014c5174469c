public import HiwarSyntax

/// One thing the bot said.
public struct Reply: Sendable, Hashable, Codable {
    /// The response it came from.
    public var response: String
    /// The rendered text.
    public var text: String
    /// The language of the text (after fallback).
    public var language: LanguageCode
}
