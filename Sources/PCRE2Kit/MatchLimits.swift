/// Resource limits applied to every match of a ``Pattern``.
///
/// A pattern that needs more work than these limits allow returns
/// ``MatchOutcome/limitExceeded(_:)`` instead of running on: this is what keeps a catastrophic
/// pattern such as `(a+)+$` from hanging a conversation. The defaults follow the project's
/// normalization spec §6 and leave ample room for every pattern Hiwar generates (bounded keyword
/// gaps need fewer than 200 units on a 4,096-scalar message).
public struct MatchLimits: Sendable, Hashable {
    /// The maximum number of times PCRE2's internal `match()` may be called (`pcre2_set_match_limit`).
    ///
    /// The JIT honours it too.
    public var matchLimit: UInt32

    /// The maximum backtracking depth (`pcre2_set_depth_limit`).
    ///
    /// Interpreter only.
    public var depthLimit: UInt32

    /// The maximum heap memory for backtracking, in KiB (`pcre2_set_heap_limit`).
    ///
    /// Interpreter only.
    public var heapLimitKiB: UInt32

    /// Creates limits; every argument has the project default.
    public init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000, heapLimitKiB: UInt32 = 8_192) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.heapLimitKiB = heapLimitKiB
    }

    /// The project defaults: 100,000 match calls, depth 10,000, 8 MiB of heap.
    public static let `default` = MatchLimits()
}

/// Which limit stopped a match.
public enum MatchLimitKind: String, Sendable, Hashable, CustomStringConvertible {
    /// `PCRE2_ERROR_MATCHLIMIT`: too many backtracking steps.
    case match
    /// `PCRE2_ERROR_DEPTHLIMIT`: nested backtracking too deep.
    case depth
    /// `PCRE2_ERROR_HEAPLIMIT`: backtracking needed too much memory.
    case heap
    /// `PCRE2_ERROR_JIT_STACKLIMIT`: the JIT ran out of stack.
    case jitStack

    public var description: String {
        switch self {
        case .match: "match limit exceeded"
        case .depth: "depth limit exceeded"
        case .heap: "heap limit exceeded"
        case .jitStack: "JIT stack limit exceeded"
        }
    }
}
