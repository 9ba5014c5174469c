internal import Foundation
public import HiwarSyntax

/// Why a message was recognized as it was: everything the matcher saw and decided.
///
/// The REPL's `:why` prints it; the validator's shadowing check uses the same ranking.
public struct MatchExplanation: Sendable, CustomStringConvertible {
    /// What running a pattern gave.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// It matched.
        case matched
        /// It did not match.
        case noMatch
        /// A PCRE2 limit stopped it (the limit's name): counted as no match.
        case limitExceeded(String)
        /// PCRE2 reported an error.
        case failed(String)

        /// `matched`, `no match`, `limit exceeded: …` or `error: …`.
        public var description: String {
            switch self {
            case .matched: "matched"
            case .noMatch: "no match"
            case .limitExceeded(let kind): "limit exceeded: \(kind)"
            case .failed(let error): "error: \(error)"
            }
        }
    }

    /// One pattern the matcher ran, and what happened.
    public struct Attempt: Sendable, Hashable {
        /// The pattern.
        public let pattern: PatternReference
        /// What running it gave.
        public let outcome: Outcome
        /// Whether it ran on the typo-corrected message.
        public let onCorrectedText: Bool
    }

    /// The message as written.
    public let message: String
    /// Its match form.
    public let normalized: String
    /// The language identified, or `nil`.
    public let language: LanguageCode?
    /// Words corrected for the typo-tolerant pass: (as typed, corrected).
    public let corrections: [(typed: String, corrected: String)]
    /// How many patterns the bot has.
    public let patternCount: Int
    /// The patterns the literal prefilter chose to run, and the word each was chosen by
    /// (`nil` for patterns that always run).
    public let candidates: [(pattern: PatternReference, key: String?)]
    /// Every pattern run, in order, with its outcome.
    public let attempts: [Attempt]
    /// Every intent that matched, best first.
    public let matches: [IntentMatch]
    /// Why the winner won: `only match`, the rule that put it ahead of the runner-up, or
    /// `nothing matched`.
    public let decidingRule: String
    /// Slots found (sensitive values are masked when printed).
    public let slots: [SlotValue]

    /// The winning intent, or `nil` when nothing matched.
    public var intent: String? { matches.first?.intent }

    /// A multi-line report for people.
    public var description: String {
        var lines: [String] = []
        lines.append("message:    \(message)")
        lines.append("normalized: \(normalized)")
        lines.append("language:   \(language?.rawValue ?? "unknown")")
        if !corrections.isEmpty {
            lines.append("typos:      " + corrections.map { "\($0.typed) → \($0.corrected)" }.joined(separator: ", "))
        }
        lines.append("prefilter:  \(candidates.count) of \(patternCount) patterns selected")
        for attempt in attempts {
            let mark: String
            switch attempt.outcome {
            case .matched: mark = "✓"
            case .limitExceeded: mark = "!"
            case .noMatch, .failed: mark = "·"
            }
            let typo = attempt.onCorrectedText ? " (typo pass)" : ""
            lines.append(
                "  \(mark) \(attempt.pattern.intent) \(attempt.pattern.kind.rawValue) \"\(attempt.pattern.source)\" "
                    + "at \(attempt.pattern.location): \(attempt.outcome)\(typo)"
            )
        }
        if matches.isEmpty {
            lines.append("result:     fallback (nothing matched)")
        } else {
            for (rank, match) in matches.enumerated() {
                // An evidence rule says what each of its parts found; a template, the text it covered.
                let found =
                    match.evidence.isEmpty
                    ? "on \"\(Self.slice(message, match.span))\""
                    : "found " + match.evidence.map { "\"\(Self.slice(message, $0))\"" }.joined(separator: " + ")
                lines.append(
                    "\(rank == 0 ? "winner:    " : "candidate: ") \(match.intent) (\(match.tier), specificity \(match.specificity), "
                        + "priority \(match.priority)\(match.isExpected ? ", expected" : "")"
                        + "\(match.isCourtesy ? ", courtesy" : ""), score \(String(format: "%.3f", match.score))) "
                        + found
                )
            }
            lines.append("decided by: \(decidingRule)")
        }
        if !slots.isEmpty {
            lines.append(
                "slots:      "
                    + slots.map {
                        "\($0.slot)=\($0.displayValue) (\"\($0.isSensitive ? Redaction.mask($0.text) : $0.text)\")"
                    }.joined(separator: ", ")
            )
        }
        return lines.joined(separator: "\n")
    }

    static func slice(_ text: String, _ range: Range<Int>) -> String {
        let bytes = Array(text.utf8)
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
