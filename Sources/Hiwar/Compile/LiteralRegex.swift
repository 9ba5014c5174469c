internal import HiwarSyntax

/// Compiles a literal word or phrase into PCRE2 source, as the normalization spec §5.1 says.
///
/// The literal is normalized with the bot's options, *then* every PCRE2 metacharacter is escaped
/// (normalization creates them: ؟ → `?`, ٫ → `.`, fullwidth （ → `(`); in Arabic and Persian every
/// space becomes ` ?` so the joined spelling matches too (می‌خواهم, می خواهم and میخواهم); the
/// result is wrapped in letter/number lookarounds instead of `\b`, which would fail next to a
/// literal ending in punctuation and changes meaning across PCRE2 versions.
enum LiteralRegex {
    /// The lookbehind that stands for a word start in any script.
    static let wordStart = "(?<![\\p{L}\\p{N}_])"
    /// The lookahead that stands for a word end in any script.
    static let wordEnd = "(?![\\p{L}\\p{N}_])"

    /// The escaped core of a literal, without boundaries.
    ///
    /// - Parameters:
    ///   - literal: The literal as the author wrote it.
    ///   - joinableSpaces: Whether a space may also be absent (Arabic and Persian).
    ///   - normalizer: The bot's normalizer.
    /// - Returns: PCRE2 source that matches exactly the literal's match form.
    static func core(of literal: String, joinableSpaces: Bool, normalizer: TextNormalizer) -> String {
        escape(normalizer.normalize(literal: literal), joinableSpaces: joinableSpaces)
    }

    /// Escapes already-normalized text for PCRE2.
    static func escape(_ normalized: String, joinableSpaces: Bool) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(normalized.unicodeScalars.count + 8)
        for scalar in normalized.unicodeScalars {
            switch scalar {
            case "\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}":
                result.unicodeScalars.append("\\")
                result.unicodeScalars.append(scalar)
            case " " where joinableSpaces:
                result += " ?"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The full pattern for a literal: its core inside word-boundary lookarounds.
    static func pattern(for literal: String, joinableSpaces: Bool, normalizer: TextNormalizer) -> String {
        wordStart + core(of: literal, joinableSpaces: joinableSpaces, normalizer: normalizer) + wordEnd
    }

    /// One PCRE2 alternation of whole phrases, normalized and escaped, longest first so the
    /// longest phrase wins where several start at the same place.
    static func alternation(_ phrases: [String], normalizer: TextNormalizer = TextNormalizer()) -> String {
        let normalized = Set(phrases.map { normalizer.normalize(literal: $0) })
        let sorted = normalized.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
        return "(?:" + sorted.map { escape($0, joinableSpaces: false) }.joined(separator: "|") + ")"
    }
}
