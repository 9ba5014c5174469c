internal import HiwarSyntax

/// One intent recognized in a message, with how and where.
public struct IntentMatch: Sendable, Hashable {
    /// The intent's name.
    public let intent: String
    /// A score in (0, 1], higher is better; it follows the ranking order.
    public let score: Double
    /// How the pattern was written.
    public let tier: MatchTier
    /// Literal scalars the pattern matched.
    public let specificity: Int
    /// The intent's declared priority.
    public let priority: Int
    /// Whether the conversation's state expects this intent.
    public let isExpected: Bool
    /// The pattern that matched.
    public let pattern: PatternReference
    /// Where it matched, as a UTF-8 range of the original message.
    public let span: Range<Int>
    /// Slots the pattern captured: the raw text in match form and where it is.
    let captures: [SlotCapture]
    /// For an evidence rule: where each part it found matched, as UTF-8 ranges of the original message, in the
    /// rule's order (the evidence that decided).
    public var evidence: [Range<Int>] = []
    /// Whether the intent is a courtesy (hello, thanks, yes, no): beside a request, the request decides.
    public var isCourtesy: Bool = false
}

extension IntentMatch {
    /// The same match in another tier, with its score recomputed.
    func retiered(_ newTier: MatchTier) -> IntentMatch {
        IntentMatch(
            intent: intent,
            score: Ranking.score(tier: newTier, specificity: specificity),
            tier: newTier,
            specificity: specificity,
            priority: priority,
            isExpected: isExpected,
            pattern: pattern,
            span: span,
            captures: captures,
            evidence: evidence,
            isCourtesy: isCourtesy
        )
    }
}

/// A slot's text as a pattern captured it.
struct SlotCapture: Sendable, Hashable {
    /// The slot's name.
    let slot: String
    /// The captured text in match form.
    let text: String
    /// The UTF-8 range in the match form.
    let normalizedRange: Range<Int>
    /// The UTF-8 range of the original message it came from.
    let span: Range<Int>
}

/// The order of matches, from the best: expected by the state, then not a courtesy, then tier (exact, template, regex, keywords, typo), then
/// specificity (more literal characters), then priority (higher), then intent name (alphabetical), then pattern
/// location.
///
/// Total and deterministic.
/// With `settings.ranking` `"priority"` (a bot migrated from an engine where the first pattern in
/// priority order wins), declared priority comes right after the state's expectation.
enum Ranking {
    static func precedes(_ a: IntentMatch, _ b: IntentMatch) -> Bool {
        precedes(a, b, priorityFirst: false)
    }

    static func precedes(_ a: IntentMatch, _ b: IntentMatch, priorityFirst: Bool) -> Bool {
        if a.isExpected != b.isExpected { return a.isExpected }
        if priorityFirst && a.priority != b.priority { return a.priority > b.priority }
        if a.isCourtesy != b.isCourtesy { return b.isCourtesy }
        if a.tier.rank != b.tier.rank { return a.tier.rank < b.tier.rank }
        if a.specificity != b.specificity { return a.specificity > b.specificity }
        if a.priority != b.priority { return a.priority > b.priority }
        if a.intent != b.intent { return a.intent < b.intent }
        return a.pattern.location < b.pattern.location
    }

    /// The rule that put `winner` ahead of `runnerUp`, in words.
    static func decidingRule(_ winner: IntentMatch, over runnerUp: IntentMatch, priorityFirst: Bool = false) -> String {
        if winner.isExpected != runnerUp.isExpected { return "expected by the current state" }
        if priorityFirst && winner.priority != runnerUp.priority {
            return "higher priority, ranked first (\(winner.priority) against \(runnerUp.priority))"
        }
        if winner.isCourtesy != runnerUp.isCourtesy { return "\(runnerUp.intent) is a courtesy: the request decides" }
        if winner.tier.rank != runnerUp.tier.rank {
            return "\(winner.tier) match beats \(runnerUp.tier) match"
        }
        if winner.specificity != runnerUp.specificity {
            return "more specific (\(winner.specificity) literal characters against \(runnerUp.specificity))"
        }
        if winner.priority != runnerUp.priority {
            return "higher priority (\(winner.priority) against \(runnerUp.priority))"
        }
        if winner.intent != runnerUp.intent { return "tie broken by name" }
        return "tie broken by pattern position"
    }

    /// A score that follows the ranking: the tier sets the band, specificity moves within it.
    static func score(tier: MatchTier, specificity: Int) -> Double {
        let band = 1.0 - Double(tier.rank) * 0.1
        return band - 0.05 + min(0.05, Double(specificity) / 2_000)
    }
}
