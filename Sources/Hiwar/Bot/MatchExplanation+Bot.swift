public import Foundation
internal import HiwarSyntax

extension CompiledBot {
    /// Explains how a message is recognized: normalized text, language, typo corrections, the
    /// prefilter's candidates, every pattern tried with its outcome and location, the ranked
    /// matches, the rule that decided, and the slots.
    ///
    /// - Parameters:
    ///   - message: What the customer wrote.
    ///   - expected: Intents the conversation's state expects.
    ///   - now: The time dates are resolved against.
    /// - Returns: The explanation.
    public func explain(_ message: String, expected: Set<String> = [], now: Date = Date()) -> MatchExplanation {
        let context = MatchContext(expected: expected, now: now, timeZone: timeZone)
        let scratch = MatcherScratch()
        let normalized = normalizer.normalizeWithOffsets(message: message)
        var trace: Matcher.Trace? = Matcher.Trace()
        let (language, strong) = identifier.languageAndStrength(of: message, normalized: normalized.text)
        let matches = matcher.match(
            normalized,
            expected: expected,
            language: strong || language == .english ? language : nil,
            scratch: scratch,
            trace: &trace
        )
        let (slots, _) = slotExtractor.extract(
            normalized,
            captures: matches.first?.captures ?? [],
            context: context,
            scratch: scratch.pcre2
        )
        let recorded = trace ?? Matcher.Trace()
        let rule: String
        if matches.count >= 2 {
            rule = Ranking.decidingRule(matches[0], over: matches[1], priorityFirst: matcher.priorityFirst)
        } else {
            rule = matches.isEmpty ? "nothing matched" : "only match"
        }
        return MatchExplanation(
            message: message,
            normalized: normalized.text,
            language: identifier.identify(message, normalized: normalized.text).language,
            corrections: recorded.corrections,
            patternCount: matcher.patterns.count,
            candidates: recorded.candidates.map {
                (matcher.patterns[Int($0)].reference, matcher.prefilter.keys[Int($0)])
            },
            attempts: recorded.attempts.map { attempt in
                let outcome: MatchExplanation.Outcome
                switch attempt.attempt {
                case .matched: outcome = .matched
                case .noMatch: outcome = .noMatch
                case .limitExceeded(let kind): outcome = .limitExceeded("\(kind)")
                case .failed(let error): outcome = .failed("\(error)")
                }
                return MatchExplanation.Attempt(
                    pattern: matcher.patterns[attempt.pattern].reference,
                    outcome: outcome,
                    onCorrectedText: attempt.corrected
                )
            },
            matches: matches,
            decidingRule: rule,
            slots: matches.isEmpty ? [] : slots
        )
    }
}
