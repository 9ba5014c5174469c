internal import Foundation
internal import HiwarSyntax

/// Why one chosen intent did or did not win for a message: "why not `order.track`?".
///
/// Complements ``MatchExplanation`` (which follows the winner) by following every pattern of
/// one intent: whether the literal prefilter selected it and by which word, what it did when
/// run, and where the intent ranked and which rule put the winner ahead of it.
public struct IntentExplanation: Sendable, CustomStringConvertible {
    /// One pattern of the intent.
    public struct PatternOutcome: Sendable, Hashable {
        /// The pattern.
        public let pattern: PatternReference
        /// The word (or `a|b` choice) the prefilter looks for before the pattern runs: its key
        /// when selected, else the first required choice missing from the message; `nil` for a
        /// pattern that always runs.
        public let requiredWord: String?
        /// Whether the missing ``requiredWord`` must stand as a word of its own (no letter or digit
        /// attached): "border" does not contain the word "order".
        public let requiredWordStandsAlone: Bool
        /// Whether the prefilter selected it for this message.
        public let selected: Bool
        /// What running it gave, or `nil` when it did not run.
        public let outcome: MatchExplanation.Outcome?
        /// Whether that was on the typo-corrected message.
        public let onCorrectedText: Bool
    }

    /// The intent asked about.
    public let intent: String
    /// Whether the bot has such an intent.
    public let exists: Bool
    /// The message's match form.
    public let normalized: String
    /// Every pattern of the intent, in definition order.
    public let patterns: [PatternOutcome]
    /// The intent's place among the matches (0 = it won), or `nil` when it did not match.
    public let rank: Int?
    /// The winning intent, or `nil` when nothing matched.
    public let winner: String?
    /// Whether the conversation's state expected the intent (rules for short replies run only then).
    public let expectedByState: Bool
    /// The rule that put the winner ahead of this intent, when it matched and lost.
    public let rule: String?
    /// When the intent's best match is an evidence rule: the text each of its parts found.
    public let found: [String]

    /// A report for people.
    public var description: String {
        guard exists else { return "no intent is called \(intent)" }
        var lines = ["\(intent) for \"\(normalized)\":"]
        for outcome in patterns {
            let result: String
            switch (outcome.outcome, outcome.requiredWord) {
            case (nil, _) where outcome.pattern.kind == .inContext && !expectedByState:
                result = "not run: counts only while the conversation's state expects \(intent)"
            case (let ran?, let word?):
                result = "selected by \"\(word)\"; \(ran)\(outcome.onCorrectedText ? " (typo pass)" : "")"
            case (let ran?, nil): result = "always runs; \(ran)\(outcome.onCorrectedText ? " (typo pass)" : "")"
            case (nil, let word?):
                result =
                    "not run: no \"\(word)\"\(outcome.requiredWordStandsAlone ? " as a word of its own" : "") in the message"
            case (nil, nil): result = "not run"
            }
            lines.append(
                "  \(outcome.pattern.kind.rawValue) \"\(outcome.pattern.source)\" at \(outcome.pattern.location): \(result)"
            )
        }
        if !found.isEmpty { lines.append("found: " + found.map { "\"\($0)\"" }.joined(separator: " + ")) }
        switch rank {
        case 0?: lines.append("result: it won")
        case let place?:
            lines.append("result: matched but ranked \(place + 1); \(winner ?? "fallback") won by \(rule ?? "ranking")")
        case nil: lines.append("result: no pattern matched; the answer was \(winner ?? "fallback")")
        }
        return lines.joined(separator: "\n")
    }
}
