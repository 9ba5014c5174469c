internal import PCRE2Kit

/// Runs a bot's compiled patterns against a normalized message and ranks what matched.
///
/// Immutable and `Sendable`; per-message state (a ``MatchScratch``) belongs to the caller.
struct Matcher: Sendable {
    /// Every pattern of every intent.
    let patterns: [CompiledPattern]
    /// Intent names, sorted; ``CompiledPattern/intentIndex`` points into it.
    let intentNames: [String]
    /// Declared priorities, by intent index.
    let priorities: [Int]

    /// What happened to one pattern for one message.
    enum Attempt: Sendable, Hashable {
        case matched
        case noMatch
        case limitExceeded(String)
        case failed(String)
    }

    /// Matches `message` and returns the best match of each intent that matched, best first.
    ///
    /// - Parameters:
    ///   - message: The message, normalized with the bot's options.
    ///   - expected: Intents the current state expects; they rank first.
    ///   - scratch: Match data for this task.
    /// - Returns: One match per intent that matched, ranked.
    func match(_ message: NormalizedText, expected: Set<String> = [], scratch: MatchScratch) -> [IntentMatch] {
        var trace: [(Int, Attempt)]? = nil
        return match(message, expected: expected, scratch: scratch, trace: &trace)
    }

    /// Matches `message` like ``match(_:expected:scratch:)``, recording every pattern tried.
    ///
    /// - Parameters:
    ///   - message: The message, normalized with the bot's options.
    ///   - expected: Intents the current state expects; they rank first.
    ///   - scratch: Match data for this task.
    ///   - trace: When non-`nil`, receives each pattern's index and outcome, in order.
    /// - Returns: One match per intent that matched, ranked.
    func match(
        _ message: NormalizedText,
        expected: Set<String>,
        scratch: MatchScratch,
        trace: inout [(Int, Attempt)]?
    ) -> [IntentMatch] {
        let text = message.text
        let tokens = Self.tokens(of: text)
        var best: [Int: IntentMatch] = [:]
        for (index, pattern) in patterns.enumerated() {
            let found: IntentMatch?
            if let regex = pattern.regex {
                switch regex.run(text, using: scratch) {
                case .matched:
                    found = makeMatch(pattern, regex: regex, message: message, scratch: scratch, expected: expected)
                    trace?.append((index, .matched))
                case .noMatch:
                    found = nil
                    trace?.append((index, .noMatch))
                case .limitExceeded(let kind):
                    found = nil
                    trace?.append((index, .limitExceeded(kind.description)))
                case .failed(let error):
                    found = nil
                    trace?.append((index, .failed(error.description)))
                }
            } else if let span = Self.keywordSpan(pattern.keywords, tokens: tokens, in: text) {
                found = IntentMatch(
                    intent: intentNames[pattern.intentIndex],
                    score: Ranking.score(tier: .keywords, specificity: pattern.literalLength),
                    tier: .keywords,
                    specificity: pattern.literalLength,
                    priority: priorities[pattern.intentIndex],
                    isExpected: expected.contains(intentNames[pattern.intentIndex]),
                    pattern: pattern.reference,
                    span: message.originalRange(of: span),
                    captures: []
                )
                trace?.append((index, .matched))
            } else {
                found = nil
                trace?.append((index, .noMatch))
            }
            guard let found else { continue }
            if let current = best[pattern.intentIndex], !Ranking.precedes(found, current) { continue }
            best[pattern.intentIndex] = found
        }
        return best.values.sorted(by: Ranking.precedes)
    }

    private func makeMatch(
        _ pattern: CompiledPattern,
        regex: Pattern,
        message: NormalizedText,
        scratch: MatchScratch,
        expected: Set<String>
    ) -> IntentMatch {
        let range = scratch.groupRange(0) ?? 0..<0
        let text = message.text
        var tier: MatchTier = pattern.reference.kind == .regex ? .regex : .template
        if tier == .template && Self.coversWholeMessage(range, in: text) { tier = .exact }
        var captures: [SlotCapture] = []
        for slot in pattern.slots {
            guard let number = regex.groupNumber(named: slot), let groupRange = scratch.groupRange(number) else {
                continue
            }
            captures.append(
                SlotCapture(
                    slot: slot,
                    text: String(text.utf8Slice(groupRange)),
                    span: message.originalRange(of: groupRange)
                )
            )
        }
        let name = intentNames[pattern.intentIndex]
        let variable = pattern.variableGroups.compactMap { scratch.groupRange($0) }
        let specificity = Self.literalScalars(in: range, of: text, excluding: variable)
        return IntentMatch(
            intent: name,
            score: Ranking.score(tier: tier, specificity: specificity),
            tier: tier,
            specificity: specificity,
            priority: priorities[pattern.intentIndex],
            isExpected: expected.contains(name),
            pattern: pattern.reference,
            span: message.originalRange(of: range),
            captures: captures
        )
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

    /// The words of a normalized message: split at spaces, punctuation trimmed from each end.
    static func tokens(of text: String) -> Set<Substring> {
        var result = Set<Substring>()
        for word in text.split(separator: " ") {
            let trimmed = word.trimmingPunctuation()
            if !trimmed.isEmpty { result.insert(trimmed) }
        }
        return result
    }

    /// The UTF-8 range from the first to the last keyword found, when every keyword is present.
    static func keywordSpan(_ keywords: [[String]], tokens: Set<Substring>, in text: String) -> Range<Int>? {
        guard !keywords.isEmpty else { return nil }
        var lower = Int.max
        var upper = 0
        for keyword in keywords {
            if keyword.count == 1 {
                guard tokens.contains(Substring(keyword[0])) else { return nil }
            }
            guard let range = PhraseSearch.firstRange(of: keyword, in: text) else { return nil }
            lower = min(lower, range.lowerBound)
            upper = max(upper, range.upperBound)
        }
        return lower..<upper
    }
}

/// Finding a phrase of whole words in normalized text.
enum PhraseSearch {
    /// The UTF-8 range of the first occurrence of `words` (joined by single spaces) that starts
    /// and ends at word boundaries.
    static func firstRange(of words: [String], in text: String) -> Range<Int>? {
        let needle = Array(words.joined(separator: " ").utf8)
        let haystack = Array(text.utf8)
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == needle[0], Array(haystack[start..<(start + needle.count)]) == needle,
                isBoundary(haystack, before: start), isBoundary(haystack, after: start + needle.count)
            {
                return start..<(start + needle.count)
            }
            start += 1
        }
        return nil
    }

    private static func isBoundary(_ bytes: [UInt8], before index: Int) -> Bool {
        guard index > 0 else { return true }
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return !isWordScalar(bytes, at: start)
    }

    private static func isBoundary(_ bytes: [UInt8], after index: Int) -> Bool {
        index >= bytes.count || !isWordScalar(bytes, at: index)
    }

    private static func isWordScalar(_ bytes: [UInt8], at index: Int) -> Bool {
        var end = index + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        guard let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first else {
            return false
        }
        return scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}

extension Substring {
    /// The word without punctuation at either end (`order?` → `order`, `#558120` stays).
    func trimmingPunctuation() -> Substring {
        var start = startIndex
        var end = endIndex
        let trimmable: Set<Character> = ["?", "!", ".", ",", ";", ":", "\"", "'", "(", ")", "[", "]", "«", "»"]
        while start < end, trimmable.contains(self[start]) { start = index(after: start) }
        while end > start, trimmable.contains(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}
