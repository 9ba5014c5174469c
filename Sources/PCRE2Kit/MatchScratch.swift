internal import CPCRE2

/// Per-task match data for ``Pattern``: the buffer PCRE2 writes group offsets into.
///
/// One scratch serves every pattern (it grows to the largest group count it meets), so a
/// conversation or a worker can keep one and match without allocating. It is deliberately not
/// `Sendable`: two tasks must never match with the same scratch at the same time.
///
/// The corresponding C type is `pcre2_match_data`.
public final class MatchScratch {
    private(set) var matchData: OpaquePointer?
    private var capacity: Int

    /// Creates a scratch able to hold `groups` capture groups (plus group 0).
    public init(groups: Int = 16) {
        capacity = max(groups, 0) + 1
        matchData = pcre2_match_data_create_8(UInt32(capacity), nil)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
    }

    func ensureCapacity(groups: Int) {
        guard groups + 1 > capacity || matchData == nil else { return }
        pcre2_match_data_free_8(matchData)
        capacity = max(groups + 1, capacity * 2)
        matchData = pcre2_match_data_create_8(UInt32(capacity), nil)
    }

    /// The UTF-8 byte range of group `index` of the last successful match, or `nil` when the group
    /// did not take part (or `index` is out of range).
    ///
    /// The corresponding C function is `pcre2_get_ovector_pointer`.
    public func groupRange(_ index: Int) -> Range<Int>? {
        guard let matchData, index >= 0, index < Int(pcre2_get_ovector_count_8(matchData)) else { return nil }
        guard let ovector = pcre2_get_ovector_pointer_8(matchData) else { return nil }
        let start = ovector[2 * index]
        let end = ovector[2 * index + 1]
        let unset = hiwar_pcre2_unset()
        guard start != unset, end != unset, start <= end else { return nil }
        return start..<end
    }
}

@available(*, unavailable, message: "a MatchScratch belongs to one task; create one per task")
extension MatchScratch: Sendable {}
