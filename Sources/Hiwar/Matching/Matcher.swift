internal import HiwarSyntax
internal import PCRE2Kit

/// Runs a bot's compiled patterns against a normalized message and ranks what matched.
///
/// Immutable and `Sendable`; per-message state (a ``MatchScratch``) belongs to the caller. A class: the bot hands it
/// out per message, and a struct of this many arrays and tables would retain and release each of them every time.
final class Matcher: Sendable {
    /// Every pattern of every intent.
    let patterns: [CompiledPattern]
    /// What running each pattern needs, in one contiguous array: the PCRE2 code (kept alive by ``patterns``), `nil` for
    /// keyword sets.
    ///
    /// A candidate that does not match touches nothing else.
    private let codes: [UnownedPattern?]
    /// Whether each pattern counts only while its intent is expected (``CompiledPattern/contextual``).
    private let contextual: [Bool]
    /// Each pattern's script family: 1 for Arabic, 2 for Persian, 0 otherwise.
    ///
    /// A message identified as Arabic skips
    /// Persian patterns and the other way round, since the two share a script and many false friends (وصل, تمام).
    private let scriptFamilies: [UInt8]
    /// Whether each pattern is a rule for short replies that requires no word at all (a slot alone, `{date}`): such a
    /// rule runs only on messages of its own language, whose exclusions it knows, or of no identified language.
    private let wordless: [Bool]
    /// Intents whose matches yield to every other intent's: greetings, thanks, yes, no (``IntentDefinition/courtesy``).
    let courtesy: [Bool]
    /// Slots filled by the `flight_number` entity, whose captures must be plausible flight numbers.
    let flightNumberSlots: Set<String>
    /// The excluded parts of evidence rules, each distinct one once (``CompiledPattern/exclusions`` index it).
    let exclusions: [Pattern]
    private let exclusionCodes: [UnownedPattern]
    /// Intent names, sorted; ``CompiledPattern/intentIndex`` points into it.
    let intentNames: [String]
    /// Declared priorities, by intent index.
    let priorities: [Int]
    /// Whether declared priority ranks before everything but the state's expectation.
    let priorityFirst: Bool
    /// Selects the patterns worth running for a message.
    let prefilter: LiteralPrefilter
    /// Raw regexes of one mould, which share a search where their differences are absent.
    let families: RegexFamilies
    /// Corrects misspelled words; `nil` when typo tolerance is off for the whole bot.
    let typoIndex: TypoIndex?
    /// Whether each intent (by index) accepts typo-tolerant matches.
    let typoIntents: [Bool]

    init(
        patterns: [CompiledPattern],
        intentNames: [String],
        priorities: [Int],
        typoIndex: TypoIndex? = nil,
        typoIntents: [Bool]? = nil,
        courtesy: [Bool]? = nil,
        flightNumberSlots: Set<String> = [],
        exclusions: [Pattern] = [],
        exclusionLiterals: [[[RequiredWord]]]? = nil,
        shapes: [Int: RegexShape] = [:],
        priorityFirst: Bool = false
    ) {
        self.priorityFirst = priorityFirst
        self.patterns = patterns
        self.codes = patterns.map { $0.regex?.unowned }
        self.contextual = patterns.map(\.contextual)
        self.scriptFamilies = patterns.map { Self.scriptFamily($0.reference.language) }
        self.wordless = patterns.map { $0.contextual && $0.requiredLiterals.isEmpty }
        self.courtesy = courtesy ?? Array(repeating: false, count: intentNames.count)
        self.flightNumberSlots = flightNumberSlots
        self.exclusions = exclusions
        self.exclusionCodes = exclusions.map(\.unowned)
        self.intentNames = intentNames
        self.priorities = priorities
        let families = RegexFamilies(patternCount: patterns.count, shapes: shapes)
        self.families = families
        // Exclusions are indexed after the patterns, and the families' variable parts after them: a candidate past
        // the last pattern is an exclusion or a part whose words are in the message.
        self.prefilter = LiteralPrefilter(
            requiredLiterals: patterns.map(\.requiredLiterals)
                + (exclusionLiterals ?? Array(repeating: [], count: exclusions.count))
                + families.partLiterals
        )
        self.typoIndex = typoIndex.flatMap { $0.isEmpty ? nil : $0 }
        self.typoIntents = typoIntents ?? Array(repeating: true, count: intentNames.count)
    }

    /// What happened to one pattern for one message.
    enum Attempt: Sendable, Hashable {
        case matched
        case noMatch
        case limitExceeded(String)
        case failed(String)
    }

    /// A record of one message's matching, for explanations.
    struct Trace: Sendable {
        /// The patterns the prefilter chose (first pass).
        var candidates: [Int32] = []
        /// Every pattern tried, its outcome, and whether it ran on the typo-corrected text.
        var attempts: [(pattern: Int, attempt: Attempt, corrected: Bool)] = []
        /// Words corrected for the typo-tolerant pass.
        var corrections: [(typed: String, corrected: String)] = []
    }

    /// Matches `message` and returns the best match of each intent that matched, best first.
    ///
    /// - Parameters:
    ///   - message: The message, normalized with the bot's options.
    ///   - expected: Intents the current state expects; they rank first.
    ///   - language: The message's language when identified on strong evidence: an Arabic message skips Persian
    ///     patterns and the other way round.
    ///   - scratch: Match data for this task.
    /// - Returns: One match per intent that matched, ranked.
    func match(
        _ message: NormalizedText,
        expected: Set<String> = [],
        language: LanguageCode? = nil,
        scratch: MatcherScratch
    ) -> [IntentMatch] {
        var trace: Trace? = nil
        return match(message, expected: expected, language: language, scratch: scratch, trace: &trace)
    }

    /// Matches `message` like ``match(_:expected:language:scratch:)``, recording what was tried.
    ///
    /// Two passes: the message as written; then, when some of its words are misspellings of words
    /// the patterns use, the corrected message, whose matches rank as typos (below every other
    /// tier) and only for intents that were not matched already. The second pass runs only when it
    /// can change the winner: nothing matched, or the state expects intents and none matched.
    ///
    /// - Parameters:
    ///   - message: The message, normalized with the bot's options.
    ///   - expected: Intents the current state expects; they rank first.
    ///   - language: The message's language when identified on strong evidence (see above).
    ///   - scratch: Match data for this task.
    ///   - trace: When non-`nil`, receives the candidates, attempts and corrections.
    ///   - allPatterns: Run every pattern instead of the prefilter's candidates (for tests and
    ///     baselines: the results must be the same).
    /// - Returns: One match per intent that matched, ranked.
    func match(
        _ message: NormalizedText,
        expected: Set<String>,
        language: LanguageCode? = nil,
        scratch: MatcherScratch,
        trace: inout Trace?,
        allPatterns: Bool = false
    ) -> [IntentMatch] {
        // Arabic and Persian patterns apply to messages of their own language (or of no identified language), and not
        // to English ones: their Latin loanwords ("الorder", "پروازم delay داره") would otherwise meet English text
        // without the exclusions English rules carry ("cancel my hotel booking").
        let family = language.map(Self.scriptFamily) ?? 0
        let skipped: UInt8 =
            switch family {
            case 1: 1 << 2
            case 2: 1 << 1
            case 3: 1 << 1 | 1 << 2
            default: 0
            }
        // Each intent's best match so far; a few entries, so a list beats a dictionary.
        var best: [(intent: Int, match: IntentMatch)] = []
        runPass(
            message,
            expected: expected,
            skipping: skipped,
            language: family,
            scratch: scratch,
            into: &best,
            trace: &trace,
            corrected: false,
            allPatterns: allPatterns
        )
        // Typo matches rank below every other tier, so they can change the winner only when the
        // first pass found nothing, or when the state expects intents none of its matches are.
        let typosCanMatter = best.isEmpty || (!expected.isEmpty && !best.contains { $0.match.isExpected })
        if let typoIndex, typosCanMatter {
            let replacements = corrections(in: message.text, index: typoIndex)
            if !replacements.isEmpty {
                trace?.corrections = replacements.map { (String(message.text.utf8Slice($0.range)), $0.with) }
                var typoBest: [(intent: Int, match: IntentMatch)] = []
                runPass(
                    message.replacing(replacements),
                    expected: expected,
                    skipping: skipped,
                    language: family,
                    scratch: scratch,
                    into: &typoBest,
                    trace: &trace,
                    corrected: true,
                    allPatterns: allPatterns
                )
                for (intent, found) in typoBest
                where typoIntents[intent] && !best.contains(where: { $0.intent == intent }) {
                    best.append((intent, found.retiered(.typo)))
                }
            }
        }
        return best.map(\.match).sorted { Ranking.precedes($0, $1, priorityFirst: priorityFirst) }
    }

    /// The misspelled words of `text` and their corrections, in order.
    ///
    /// Words are the space-separated runs of the match form without the punctuation at either end
    /// (`ordr?` → `ordr`), decoded into a stack buffer: no allocation unless a word is corrected.
    private func corrections(in text: String, index: TypoIndex) -> [(range: Range<Int>, with: String)] {
        var result: [(range: Range<Int>, with: String)] = []
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: TypoIndex.maximumWordLength) { scalars in
                var start = 0
                while start < bytes.count {
                    var end = start
                    while end < bytes.count && bytes[end] != 0x20 { end += 1 }
                    defer { start = end + 1 }
                    var lower = start
                    var upper = end
                    while lower < upper && Self.isTrimmable(bytes[lower]) { lower += 1 }
                    while upper > lower && Self.isTrimmable(bytes[upper - 1]) { upper -= 1 }
                    // Three letters (a stretched "hii") take at least three bytes.
                    guard upper - lower >= 3,
                        let count = Self.decode(UnsafeBufferPointer(rebasing: bytes[lower..<upper]), into: scalars)
                    else { continue }
                    let word = UnsafeBufferPointer(rebasing: scalars[..<count])
                    if let correction = index.correction(scalars: word) {
                        result.append((lower..<upper, index.word(correction.id)))
                    } else if let single = index.undoubled(scalars: word) {
                        result.append((lower..<upper, single))
                    }
                }
            }
        }
        return result
    }

    /// Punctuation trimmed from either end of a word before correcting it.
    @inline(__always)
    private static func isTrimmable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "["), UInt8(ascii: "]"):
            true
        default: false
        }
    }

    /// Decodes valid UTF-8 into scalar values; `nil` when there are more scalars than `buffer` holds.
    @inline(__always)
    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt32>
    )
        -> Int?
    {
        var count = 0
        var index = 0
        while index < bytes.count {
            guard count < buffer.count else { return nil }
            guard index + UTF8Scalars.width(ofLead: bytes[index]) <= bytes.count else { return nil }
            let (value, width) = UTF8Scalars.decode(bytes, at: index)
            buffer[count] = value
            count += 1
            index += width
        }
        return count
    }

    private func runPass(
        _ message: NormalizedText,
        expected: Set<String>,
        skipping skippedFamilies: UInt8,
        language family: UInt8,
        scratch: MatcherScratch,
        into best: inout [(intent: Int, match: IntentMatch)],
        trace: inout Trace?,
        corrected: Bool,
        allPatterns: Bool
    ) {
        let text = message.text
        scratch.startMessage(
            exclusions: exclusionCodes.count,
            parts: families.partLiterals.count,
            families: families.count
        )
        // Families share searches only on the prefilter's word: running every pattern runs each on its own.
        let sharing = !allPatterns && families.count > 0
        if allPatterns {
            scratch.candidates = (0..<Int32(patterns.count)).map { $0 }
            for index in exclusionCodes.indices { scratch.exclusionPossible[index] = scratch.generation }
        } else {
            prefilter.candidates(in: text, into: &scratch.candidates, keys: &scratch.keys)
            // Exclusions whose words are in the message may match; the others cannot, and are never searched. The
            // same for the families' variable parts.
            let first = Int32(patterns.count)
            let firstPart = first + Int32(exclusionCodes.count)
            if let last = scratch.candidates.last, last >= first {
                for candidate in scratch.candidates where candidate >= first {
                    if candidate < firstPart {
                        scratch.exclusionPossible[Int(candidate - first)] = scratch.generation
                    } else {
                        scratch.partPresent[Int(candidate - firstPart)] = scratch.generation
                    }
                }
                scratch.candidates.removeAll { $0 >= first }
            }
        }
        // Ranked by priority first, candidates run from the highest (expected intents before the others), and
        // the pass stops below the first level that matched: nothing there can outrank it. The loop a
        // priority-ordered engine runs, with Hiwar's order among equals.
        // (An explanation runs them all, to show what the winner beat.)
        let stopsEarly = priorityFirst && !allPatterns && trace == nil && scratch.candidates.count > 1
        if stopsEarly { sortByPriority(&scratch.candidates, expected: expected) }
        if !corrected { trace?.candidates = scratch.candidates }
        var floor: (expected: Bool, priority: Int)?
        var utf8 = text
        utf8.withUTF8 { bytes in
            for candidate in scratch.candidates {
                let index = Int(candidate)
                if let floor {
                    let intent = patterns[index].intentIndex
                    let isExpected = !expected.isEmpty && expected.contains(intentNames[intent])
                    if isExpected != floor.expected || priorities[intent] < floor.priority { break }
                }
                // A pattern for short replies counts only while the state expects its intent.
                if contextual[index] && !expected.contains(intentNames[patterns[index].intentIndex]) { continue }
                if skippedFamilies & (1 << scriptFamilies[index]) != 0 { continue }
                if family != 0 && wordless[index] && scriptFamilies[index] != family { continue }
                let found: IntentMatch?
                let attempt: Attempt
                if let code = codes[index] {
                    // A regex of a family whose differences are not in the message answers as the family's
                    // first search did; a family member that may match runs on its own, for its captures.
                    let family =
                        sharing
                        ? families.sharedFamily(of: index, present: scratch.partPresent, generation: scratch.generation)
                        : nil
                    let outcome: MatchStatus
                    if let family, scratch.familyStamps[family] == scratch.generation, !scratch.familyMatched[family] {
                        outcome = .noMatch
                    } else {
                        scratch.searches &+= 1
                        outcome = code.run(bytes, using: scratch.pcre2)
                        if let family {
                            switch outcome {
                            case .matched, .noMatch:
                                scratch.familyStamps[family] = scratch.generation
                                scratch.familyMatched[family] = outcome == .matched
                            default: break
                            }
                        }
                    }
                    switch outcome {
                    case .matched:
                        // Read the match before an exclusion's search overwrites the match data.
                        let match = makeMatch(
                            patterns[index],
                            message: message,
                            scratch: scratch.pcre2,
                            expected: expected
                        )
                        found = match != nil && excluded(patterns[index], bytes, scratch) ? nil : match
                        attempt = found == nil ? .noMatch : .matched
                    case .noMatch:
                        found = nil
                        attempt = .noMatch
                    case .limitExceeded(let kind):
                        found = nil
                        attempt = .limitExceeded(kind.description)
                    case .failed(let error):
                        found = nil
                        attempt = .failed(error.description)
                    }
                } else if let span = Self.keywordSpan(patterns[index].keywords, in: text) {
                    let pattern = patterns[index]
                    let name = intentNames[pattern.intentIndex]
                    found = IntentMatch(
                        intent: name,
                        score: Ranking.score(tier: .keywords, specificity: pattern.literalLength),
                        tier: .keywords,
                        specificity: pattern.literalLength,
                        priority: priorities[pattern.intentIndex],
                        isExpected: expected.contains(name),
                        pattern: pattern.reference,
                        span: message.originalRange(of: span),
                        captures: [],
                        isCourtesy: courtesy[pattern.intentIndex]
                    )
                    attempt = .matched
                } else {
                    found = nil
                    attempt = .noMatch
                }
                trace?.attempts.append((index, attempt, corrected))
                guard let found else { continue }
                if stopsEarly && floor == nil { floor = (found.isExpected, found.priority) }
                let intent = patterns[index].intentIndex
                if let slot = best.firstIndex(where: { $0.intent == intent }) {
                    if Ranking.precedes(found, best[slot].match) { best[slot].match = found }
                } else {
                    best.append((intent, found))
                }
            }
        }
    }

    /// Candidates in the order priority-first ranking tries them: expected intents first, then
    /// declared priority, highest first; pattern order among equals.
    private func sortByPriority(_ candidates: inout [Int32], expected: Set<String>) {
        candidates.sort { a, b in
            let (first, second) = (patterns[Int(a)].intentIndex, patterns[Int(b)].intentIndex)
            if !expected.isEmpty {
                let (x, y) = (expected.contains(intentNames[first]), expected.contains(intentNames[second]))
                if x != y { return x }
            }
            if priorities[first] != priorities[second] { return priorities[first] > priorities[second] }
            return a < b
        }
    }

    /// Whether one of an evidence rule's excluded parts is in the message: each distinct exclusion is searched once per
    /// message and remembered, however many rules share it.
    private func excluded(
        _ pattern: CompiledPattern,
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ scratch: MatcherScratch
    )
        -> Bool
    {
        for index in pattern.exclusions where scratch.exclusionPossible[index] == scratch.generation {
            if scratch.exclusionStamps[index] != scratch.generation {
                scratch.exclusionStamps[index] = scratch.generation
                // A search that cannot be decided (a match limit) excludes: never a match on half the evidence.
                if case .noMatch = exclusionCodes[index].run(bytes, using: scratch.pcre2) {
                    scratch.exclusionFound[index] = false
                } else {
                    scratch.exclusionFound[index] = true
                }
            }
            if scratch.exclusionFound[index] { return true }
        }
        return false
    }

    /// 1 for Arabic, 2 for Persian, 3 for English, 0 for any other language.
    private static func scriptFamily(_ language: LanguageCode) -> UInt8 {
        switch language {
        case .arabic: 1
        case .persian: 2
        case .english: 3
        default: 0
        }
    }

    /// The most words a courtesy match (hello, thanks, yes, no) may leave unexplained around it: more, and the
    /// message is about something the bot did not understand ("ok, and the thing I asked you before?").
    static let courtesyContextWords = 3

    private func makeMatch(
        _ pattern: CompiledPattern,
        message: NormalizedText,
        scratch: MatchScratch,
        expected: Set<String>
    ) -> IntentMatch? {
        var range = scratch.groupRange(0) ?? 0..<0
        let text = message.text
        var tier: MatchTier
        switch pattern.reference.kind {
        case .regex: tier = .regex
        case .evidence, .inContext: tier = .evidence
        case .keywords: tier = .keywords
        case .template: tier = .template
        }
        if tier == .template && Self.coversWholeMessage(range, in: text) { tier = .exact }
        // An evidence rule matches at the start with lookaheads: its parts say what it found, and where.
        let parts = pattern.evidenceGroups.compactMap { scratch.groupRange($0) }
        if let first = parts.first {
            range = parts.dropFirst().reduce(first) {
                min($0.lowerBound, $1.lowerBound)..<max($0.upperBound, $1.upperBound)
            }
        }
        var captures: [SlotCapture] = []
        for slot in pattern.slots {
            guard let number = pattern.regex?.groupNumber(named: slot), let groupRange = scratch.groupRange(number)
            else {
                continue
            }
            // "on 14 March" is no flight number: a pattern that needs one did not match.
            if flightNumberSlots.contains(slot),
                !SlotExtractor.isPlausibleFlightNumber(groupRange, in: text, asked: false)
            {
                return nil
            }
            captures.append(
                SlotCapture(
                    slot: slot,
                    text: String(text.utf8Slice(groupRange)),
                    normalizedRange: groupRange,
                    span: message.originalRange(of: groupRange)
                )
            )
        }
        let name = intentNames[pattern.intentIndex]
        let isCourtesy = courtesy[pattern.intentIndex]
        if isCourtesy && tier != .exact
            && Self.wordsOutside(parts.isEmpty ? [range] : parts, in: text) > Self.courtesyContextWords
        {
            return nil
        }
        let variable = pattern.variableGroups.compactMap { scratch.groupRange($0) }
        let specificity =
            parts.isEmpty
            ? Self.literalScalars(in: range, of: text, excluding: variable)
            : parts.reduce(0) { $0 + Self.literalScalars(in: $1, of: text, excluding: variable) }
        return IntentMatch(
            intent: name,
            score: Ranking.score(tier: tier, specificity: specificity),
            tier: tier,
            specificity: specificity,
            priority: priorities[pattern.intentIndex],
            isExpected: expected.contains(name),
            pattern: pattern.reference,
            span: message.originalRange(of: range),
            captures: captures,
            evidence: parts.map { message.originalRange(of: $0) },
            isCourtesy: isCourtesy
        )
    }

    /// How many words of `text` (runs with a letter or digit) lie wholly outside `ranges`.
    static func wordsOutside(_ ranges: [Range<Int>], in text: String) -> Int {
        var count = 0
        var start = 0
        var hasLetter = false
        var offset = 0
        func close(_ end: Int) {
            if hasLetter && !ranges.contains(where: { $0.overlaps(start..<end) }) { count += 1 }
            hasLetter = false
        }
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            if scalar == " " {
                close(offset)
                start = offset + width
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                hasLetter = true
            }
            offset += width
        }
        close(offset)
        return count
    }

    /// The non-space scalars of `range` outside the variable groups: how much literal text matched.
    static func literalScalars(in range: Range<Int>, of text: String, excluding groups: [Range<Int>]) -> Int {
        var count = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            defer { offset += UTF8.width(scalar) }
            guard offset >= range.lowerBound else { continue }
            guard offset < range.upperBound else { break }
            if scalar == " " || groups.contains(where: { $0.contains(offset) }) { continue }
            count += 1
        }
        return count
    }

    /// Whether a match spans the whole message, give or take punctuation at either end.
    static func coversWholeMessage(_ range: Range<Int>, in text: String) -> Bool {
        let bytes = Array(text.utf8)
        func isFiller(_ byte: UInt8) -> Bool {
            byte == 0x20
                || (byte < 0x80 && !(byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) && !(byte >= 0x30 && byte <= 0x39))
        }
        return bytes[..<range.lowerBound].allSatisfy(isFiller) && bytes[range.upperBound...].allSatisfy(isFiller)
    }

    /// The UTF-8 range from the first to the last keyword found, when every keyword is present
    /// as whole words.
    static func keywordSpan(_ keywords: [[String]], in text: String) -> Range<Int>? {
        guard !keywords.isEmpty else { return nil }
        var lower = Int.max
        var upper = 0
        for keyword in keywords {
            guard let range = PhraseSearch.firstRange(of: keyword, in: text) else { return nil }
            lower = min(lower, range.lowerBound)
            upper = max(upper, range.upperBound)
        }
        return lower..<upper
    }
}

/// Per-task state for ``Matcher``: PCRE2 match data and the candidate buffer, reused across messages.
///
/// Not `Sendable`: each task keeps its own.
package final class MatcherScratch {
    let pcre2 = MatchScratch()
    var candidates: [Int32] = []
    /// The prefilter's keys found in a message.
    var keys: [UInt64] = []
    /// PCRE2 searches run for patterns (not exclusions) since the scratch was made: what the
    /// prefilter and the families leave to run.
    package var searches = 0
    /// For each shared exclusion: the pass in which it was last searched, and whether it was found then.
    var exclusionStamps: [UInt32] = []
    var exclusionFound: [Bool] = []
    /// For each shared exclusion: the pass in which the prefilter found its words (it cannot match otherwise).
    var exclusionPossible: [UInt32] = []
    /// For each variable part of a regex family: the pass in which the prefilter found its words.
    var partPresent: [UInt32] = []
    /// For each regex family: the pass in which its shared search ran, and whether it matched then.
    var familyStamps: [UInt32] = []
    var familyMatched: [Bool] = []
    /// The current pass; a stamp equal to it is this message's answer.
    var generation: UInt32 = 0

    /// Starts a pass over a message: the exclusions' and the families' remembered answers expire.
    func startMessage(exclusions count: Int, parts: Int = 0, families: Int = 0) {
        if exclusionStamps.count != count || partPresent.count != parts || familyStamps.count != families {
            exclusionStamps = Array(repeating: 0, count: count)
            exclusionFound = Array(repeating: false, count: count)
            exclusionPossible = Array(repeating: 0, count: count)
            partPresent = Array(repeating: 0, count: parts)
            familyStamps = Array(repeating: 0, count: families)
            familyMatched = Array(repeating: false, count: families)
            generation = 0
        }
        generation &+= 1
        if generation == 0 {
            for index in exclusionStamps.indices {
                exclusionStamps[index] = 0
                exclusionPossible[index] = 0
            }
            for index in partPresent.indices { partPresent[index] = 0 }
            for index in familyStamps.indices { familyStamps[index] = 0 }
            generation = 1
        }
    }

    /// Creates an empty scratch.
    package init() {
        candidates.reserveCapacity(64)
        keys.reserveCapacity(64)
    }
}

@available(*, unavailable, message: "a MatcherScratch belongs to one task")
extension MatcherScratch: Sendable {}

/// Finding a phrase of whole words in normalized text.
enum PhraseSearch {
    /// The UTF-8 range of the first occurrence of `words` (joined by single spaces) that starts
    /// and ends at word boundaries: no letter, digit or underscore on either side.
    static func firstRange(of words: [String], in text: String) -> Range<Int>? {
        firstRange(ofPhrase: words.joined(separator: " "), in: text)
    }

    /// The same for a phrase already joined by single spaces.
    static func firstRange(ofPhrase phrase: String, in text: String) -> Range<Int>? {
        var needle = phrase
        var haystack = text
        return needle.withUTF8 { needle in
            haystack.withUTF8 { haystack -> Range<Int>? in
                guard let first = needle.first, needle.count <= haystack.count else { return nil }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    if haystack[start] == first && matches(needle, haystack, at: start)
                        && isBoundary(haystack, before: start) && isBoundary(haystack, after: start + needle.count)
                    {
                        return start..<(start + needle.count)
                    }
                    start += 1
                }
                return nil
            }
        }
    }

    private static func matches(
        _ needle: UnsafeBufferPointer<UInt8>,
        _ haystack: UnsafeBufferPointer<UInt8>,
        at start: Int
    ) -> Bool {
        for offset in 1..<needle.count where haystack[start + offset] != needle[offset] { return false }
        return true
    }

    private static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        guard index > 0 else { return true }
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return !isWordScalar(bytes, at: start)
    }

    private static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Bool {
        index >= bytes.count || !isWordScalar(bytes, at: index)
    }

    /// Whether the scalar starting at `index` is a letter, a number or `_`: the same set as the
    /// `[\p{L}\p{N}_]` lookarounds of compiled templates.
    private static func isWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 {
            return (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}

extension Substring {
    /// The word without punctuation at either end (`order?` → `order`; `#558120` keeps its `#`).
    func trimmingPunctuation() -> Substring {
        func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar {
            case "?", "!", ".", ",", ";", ":", "\"", "'", "(", ")", "[", "]": true
            default: false
            }
        }
        var scalars = unicodeScalars
        while let first = scalars.first, isTrimmable(first) { scalars.removeFirst() }
        while let last = scalars.last, isTrimmable(last) { scalars.removeLast() }
        return Substring(scalars)
    }
}
