public import Foundation
public import HiwarSyntax
internal import PCRE2Kit

/// A bot compiled from its definition files: immutable, `Sendable`, shared by every conversation.
///
/// Create one with ``BotCompiler`` (which reports every problem) or ``init(paths:)`` (which throws
/// them). Matching needs no locks: per-call state lives on the caller's stack.
public struct CompiledBot: Sendable {
    /// Everything a bot holds, behind one reference: a bot is copied on every turn (into the
    /// engine's runner), and copying it should retain one object, not dozens.
    private final class Storage: Sendable {
        let definition: BotDefinition
        let normalizer: TextNormalizer
        let matcher: Matcher
        let identifier: LanguageIdentifier
        let slotExtractor: SlotExtractor
        let timeZone: TimeZone
        let dialogue: DialogueProgram

        init(
            definition: BotDefinition,
            normalizer: TextNormalizer,
            matcher: Matcher,
            slotExtractor: SlotExtractor,
            dialogue: DialogueProgram
        ) {
            self.definition = definition
            self.normalizer = normalizer
            self.matcher = matcher
            self.identifier = LanguageIdentifier()
            self.slotExtractor = slotExtractor
            self.timeZone =
                definition.settings?.timeZone.flatMap { TimeZone(identifier: $0.value) } ?? TimeZone(identifier: "UTC")
                ?? .current
            self.dialogue = dialogue
        }
    }

    private let storage: Storage

    /// The languages the bot speaks, as declared (`en` when undeclared).
    public var languages: [LanguageCode] { storage.dialogue.languages }
    /// The language used when a message's cannot be identified.
    public var defaultLanguage: LanguageCode { storage.dialogue.defaultLanguage }
    /// Intent names, sorted.
    public var intentNames: [String] { matcher.intentNames }
    /// The definition the bot was compiled from.
    package var definition: BotDefinition { storage.definition }
    /// The bot's time zone (settings.timeZone), UTC when undeclared.
    public var timeZone: TimeZone { storage.timeZone }

    package var normalizer: TextNormalizer { storage.normalizer }
    var matcher: Matcher { storage.matcher }
    var identifier: LanguageIdentifier { storage.identifier }
    var slotExtractor: SlotExtractor { storage.slotExtractor }
    /// Flows, responses and events, resolved for the dialogue engine.
    var dialogue: DialogueProgram { storage.dialogue }

    init(
        definition: BotDefinition,
        normalizer: TextNormalizer,
        matcher: Matcher,
        slotExtractor: SlotExtractor,
        dialogue: DialogueProgram
    ) {
        storage = Storage(
            definition: definition,
            normalizer: normalizer,
            matcher: matcher,
            slotExtractor: slotExtractor,
            dialogue: dialogue
        )
    }

    /// Recognizes the intent of a message and the slots in it.
    ///
    /// - Parameters:
    ///   - message: What the customer wrote.
    ///   - expected: Intents the conversation's state expects; they win ties.
    ///   - now: The time relative dates ("tomorrow") are resolved against.
    /// - Returns: The normalized message, its language, every intent that matched (best first) and
    ///   every slot found; no slots when nothing matched.
    public func match(_ message: String, expected: Set<String> = [], now: Date = Date()) -> MatchResult {
        match(
            message,
            context: MatchContext(expected: expected, now: now, timeZone: timeZone),
            scratch: MatcherScratch()
        )
    }

    /// Recognizes a message with an explicit context and a reusable scratch (the hot path).
    package func match(_ message: String, context: MatchContext, scratch: MatcherScratch) -> MatchResult {
        let normalized = normalizer.normalizeWithOffsets(message: message)
        let (language, strong) = identifier.languageAndStrength(of: message, normalized: normalized.text)
        var trace: Matcher.Trace? = nil
        let matches = matcher.match(
            normalized,
            expected: context.expected,
            language: strong || language == .english ? language : nil,
            scratch: scratch,
            trace: &trace
        )
        let (found, cardNumberDetected) = slotExtractor.extract(
            normalized,
            captures: matches.first?.captures ?? [],
            context: context,
            scratch: scratch.pcre2
        )
        return MatchResult(
            message: message,
            normalized: normalized.text,
            language: language,
            matches: matches,
            slots: matches.isEmpty ? [] : found,
            foundSlots: found,
            cardNumberDetected: cardNumberDetected || CardNumbers.contains(message)
        )
    }
}

/// What the matcher made of one message.
public struct MatchResult: Sendable, Hashable {
    /// The message as written.
    public let message: String
    /// Its match form.
    public let normalized: String
    /// The language identified, or `nil` when unsure.
    public let language: LanguageCode?
    /// Every intent that matched, best first.
    public let matches: [IntentMatch]
    /// Every slot found, in canonical form, by position; empty when nothing matched.
    public let slots: [SlotValue]
    /// Slot values found even when no intent matched, for answering a question the bot asked.
    let foundSlots: [SlotValue]
    /// Whether the message holds a full card number (which is never stored in a slot).
    public let cardNumberDetected: Bool

    /// The winning intent's name, or `nil` when nothing matched (a turn then takes the flows' `fallback`
    /// transitions).
    public var intent: String? { matches.first?.intent }
}

/// A bot that did not compile: every diagnostic, errors and warnings.
public struct CompilationError: Error, Sendable, CustomStringConvertible {
    /// Everything reported, sorted by location.
    public let diagnostics: [Diagnostic]

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension CompilationError: LocalizedError {
    /// The same text as ``description`` (every diagnostic), so `localizedDescription` says what is wrong.
    public var errorDescription: String? { description }
}

extension CompiledBot {
    /// The PCRE2 source of every pattern, keyword sets written as lookaheads: what a naive implementation would loop
    /// over.
    ///
    /// For benchmarks.
    package var patternSources: [String] {
        matcher.patterns.map { pattern in
            if let regex = pattern.regex {
                // An evidence rule's exclusions, as the negative lookaheads a regex-only bot would write.
                return regex.source + pattern.exclusions.map { "(?!.*?" + matcher.exclusions[$0].source + ")" }.joined()
            }
            return "^"
                + pattern.keywords.map { words in
                    "(?=.*?" + LiteralRegex.wordStart
                        + LiteralRegex.escape(words.joined(separator: " "), joinableSpaces: false)
                        + LiteralRegex.wordEnd + ")"
                }.joined()
        }
    }

    /// ``patternSources`` grouped by intent, intents in the order a priority-ordered engine tries them
    /// (declared priority, highest first, then name): the loop a developer writes stops at the first
    /// intent with a matching pattern.
    ///
    /// For benchmarks.
    package var patternSourcesByPriority: [[String]] {
        let sources = patternSources
        var groups = Array(repeating: [String](), count: matcher.intentNames.count)
        for (index, pattern) in matcher.patterns.enumerated() { groups[pattern.intentIndex].append(sources[index]) }
        let order = matcher.intentNames.indices.sorted {
            let (a, b) = (matcher.priorities[$0], matcher.priorities[$1])
            return a != b ? a > b : matcher.intentNames[$0] < matcher.intentNames[$1]
        }
        return order.map { groups[$0] }.filter { !$0.isEmpty }
    }

    /// How many patterns there are, how many the prefilter always runs, and how many keys it searches for.
    package var prefilterStatistics: (patterns: Int, alwaysRun: Int, keys: Int) {
        (
            matcher.patterns.count, matcher.prefilter.alwaysRun.filter { Int($0) < matcher.patterns.count }.count,
            matcher.prefilter.keyCount
        )
    }
}

extension CompiledBot {
    /// Every state as `flow.state`, sorted.
    public var stateNames: [String] { dialogue.states.keys.map(\.description).sorted() }
    /// Every event type, sorted.
    public var eventNames: [String] { dialogue.events.keys.sorted() }
    /// Every slot, built-in ones included, sorted.
    public var slotNames: [String] { dialogue.slots.keys.sorted() }
    /// Where conversations start (`settings.start`, or the first flow's start state).
    public var startState: StateKey { dialogue.home }
    /// Whether a slot is sensitive (masked wherever it is printed).
    public func isSensitive(slot: String) -> Bool { dialogue.slots[slot]?.sensitive == true }
    /// The intents a state expects (they rank first while the conversation is in it).
    public func expectedIntents(in state: StateKey) -> Set<String> { dialogue.expectedIntents[state] ?? [] }
}
