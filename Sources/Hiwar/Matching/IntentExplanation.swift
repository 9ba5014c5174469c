public import Foundation

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
        /// What running it gave (`matched`, `no match`, `limit exceeded: …`), or `nil` when it
        /// did not run.
        public let outcome: String?
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
    /// The winning intent, or `fallback`.
    public let winner: String
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
            case (let ran?, let word?): result = "selected by \"\(word)\"; \(ran)"
            case (let ran?, nil): result = "always runs; \(ran)"
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
            lines.append("result: matched but ranked \(place + 1); \(winner) won by \(rule ?? "ranking")")
        case nil: lines.append("result: no pattern matched; the answer was \(winner)")
        }
        return lines.joined(separator: "\n")
    }
}

extension CompiledBot {
    /// Explains why `intent` did or did not win for `message`.
    ///
    /// - Parameters:
    ///   - message: What the customer wrote.
    ///   - intent: The intent to follow.
    ///   - expected: Intents the conversation's state expects.
    ///   - now: The time dates are resolved against.
    /// - Returns: Each of the intent's patterns with the prefilter's choice and its outcome,
    ///   the intent's rank and the rule that decided.
    public func explain(
        _ message: String,
        intent: String,
        expected: Set<String> = [],
        now: Date = Date()
    ) -> IntentExplanation {
        let overall = explain(message, expected: expected, now: now)
        let selected = Dictionary(
            overall.candidates.map { ($0.pattern, true) },
            uniquingKeysWith: { first, _ in first }
        )
        var outcomes: [PatternReference: String] = [:]
        for attempt in overall.attempts where outcomes[attempt.pattern] != "matched" {
            outcomes[attempt.pattern] = attempt.outcome + (attempt.onCorrectedText ? " (typo pass)" : "")
        }
        let patterns = matcher.patterns.indices.compactMap { index -> IntentExplanation.PatternOutcome? in
            let reference = matcher.patterns[index].reference
            guard reference.intent == intent else { return nil }
            let isSelected = selected[reference] ?? false
            let missing = isSelected ? nil : matcher.prefilter.missingChoice(of: index, in: overall.normalized)
            return IntentExplanation.PatternOutcome(
                pattern: reference,
                requiredWord: missing?.words ?? matcher.prefilter.keys[index],
                requiredWordStandsAlone: missing?.standsAlone ?? false,
                selected: isSelected,
                outcome: outcomes[reference]
            )
        }
        let rank = overall.matches.firstIndex { $0.intent == intent }
        var rule: String?
        if let rank, rank > 0 {
            rule = Ranking.decidingRule(
                overall.matches[0],
                over: overall.matches[rank],
                priorityFirst: matcher.priorityFirst
            )
        }
        return IntentExplanation(
            intent: intent,
            exists: intentNames.contains(intent),
            normalized: overall.normalized,
            patterns: patterns,
            rank: rank,
            winner: overall.intent,
            expectedByState: expected.contains(intent),
            rule: rule,
            found: rank.map { place in
                overall.matches[place].evidence.map { String(MatchExplanation.slice(message, $0)) }
            } ?? []
        )
    }
}
