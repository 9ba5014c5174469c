public import Foundation
internal import HiwarSyntax

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
        var outcomes: [PatternReference: MatchExplanation.Attempt] = [:]
        for attempt in overall.attempts where outcomes[attempt.pattern]?.outcome != .matched {
            outcomes[attempt.pattern] = attempt
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
                outcome: outcomes[reference]?.outcome,
                onCorrectedText: outcomes[reference]?.onCorrectedText ?? false
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
