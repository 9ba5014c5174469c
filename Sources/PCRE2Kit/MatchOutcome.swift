/// The result of running a ``Pattern`` against a subject.
public enum MatchOutcome: Sendable, Hashable {
    /// The pattern matched; the value holds the byte ranges of the whole match and every group.
    case match(Match)
    /// The pattern does not match the subject.
    case noMatch
    /// PCRE2 gave up because a ``MatchLimits`` limit was reached. Treat as "did not match", and
    /// report it: the pattern is at risk of catastrophic backtracking.
    case limitExceeded(MatchLimitKind)
    /// Any other match-time error from PCRE2 (for example a bad start offset).
    case failed(PCRE2Error)

    /// The match, if there was one.
    public var match: Match? {
        if case .match(let match) = self { return match }
        return nil
    }
}

/// Where a ``Pattern`` matched: byte ranges into the subject's UTF-8 for the whole match
/// (group 0) and for every capture group.
///
/// Ranges are UTF-8 byte offsets into the subject string. A group that did not take part in the
/// match is `nil`.
public struct Match: Sendable, Hashable {
    /// The byte range of each group; index 0 is the whole match.
    ///
    /// Always `captureCount + 1` long.
    public let groups: [Range<Int>?]

    /// Creates a match from group ranges (group 0 first).
    public init(groups: [Range<Int>?]) {
        self.groups = groups
    }

    /// The byte range of the whole match.
    public var range: Range<Int> {
        groups.first.flatMap { $0 } ?? 0..<0
    }

    /// The text of group `index` in `subject`, or `nil` if the group did not take part.
    ///
    /// - Parameters:
    ///   - index: The group number; 0 is the whole match.
    ///   - subject: The string this match was made on.
    /// - Returns: The group's text, widened to whole scalars.
    public func text(ofGroup index: Int, in subject: String) -> Substring? {
        guard index >= 0, index < groups.count, let range = groups[index] else { return nil }
        return subject.utf8Slice(range)
    }
}

extension String {
    /// The substring at a UTF-8 byte range, snapped outward to Unicode scalar boundaries so a
    /// range that starts or ends inside a multi-byte scalar can never trap.
    package func utf8Slice(_ range: Range<Int>) -> Substring {
        let view = utf8
        let count = view.count
        var lower = Swift.max(0, Swift.min(range.lowerBound, count))
        var upper = Swift.max(lower, Swift.min(range.upperBound, count))
        func isContinuation(_ offset: Int) -> Bool {
            offset < count && view[view.index(view.startIndex, offsetBy: offset)] & 0xC0 == 0x80
        }
        while lower > 0, isContinuation(lower) { lower -= 1 }
        while upper < count, isContinuation(upper) { upper += 1 }
        return self[view.index(view.startIndex, offsetBy: lower)..<view.index(view.startIndex, offsetBy: upper)]
    }
}
