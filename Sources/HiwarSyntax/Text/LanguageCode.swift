/// A language a bot speaks, by its ISO 639-1 code (`en`, `ar`, `fa`, …).
///
/// Hiwar identifies English, Arabic and Persian; a bot may declare other codes for its responses.
public struct LanguageCode: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The code as written, such as `fa`.
    public let rawValue: String

    /// Creates a language code from its text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a language code from a string literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// English.
    public static let english: LanguageCode = "en"
    /// Arabic.
    public static let arabic: LanguageCode = "ar"
    /// Persian (Farsi).
    public static let persian: LanguageCode = "fa"

    /// Whether the language is written right to left.
    public var isRightToLeft: Bool {
        ["ar", "fa", "ur", "he", "ps", "ckb", "yi", "dv"].contains(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: LanguageCode, rhs: LanguageCode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
