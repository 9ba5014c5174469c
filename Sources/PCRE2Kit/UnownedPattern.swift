internal import CPCRE2

/// A ``Pattern``'s compiled code and match context, without ownership.
///
/// A matcher that runs a few of many thousand patterns per message keeps these in one contiguous
/// array: running one then reads the array and PCRE2's own objects, not the `Pattern` object, and
/// retains nothing. At ten thousand intents each of those objects is a cache miss.
///
/// ## Validity
/// It does not keep its pattern alive: it is valid only while the ``Pattern`` it came from (through
/// ``Pattern/unowned``) is alive, so whoever stores one stores that pattern beside it, immutably.
///
/// ## Why `@unchecked Sendable` is sound
/// It holds the same two C objects as its ``Pattern``, which are never changed after the pattern's
/// `init` (see ``Pattern``'s own justification), so reading them from several threads is safe;
/// all per-match state is in the caller's ``MatchScratch``.
package struct UnownedPattern: @unchecked Sendable {
    private let code: OpaquePointer
    private let matchContext: OpaquePointer
    private let captureCount: Int

    init(code: OpaquePointer, matchContext: OpaquePointer, captureCount: Int) {
        self.code = code
        self.matchContext = matchContext
        self.captureCount = captureCount
    }

    /// Whether the pattern matches anywhere in `subject` (valid UTF-8), like ``Pattern/run(_:from:using:)``;
    /// the groups are in `scratch`.
    package func run(_ subject: UnsafeBufferPointer<UInt8>, using scratch: MatchScratch) -> MatchStatus {
        scratch.ensureCapacity(groups: captureCount)
        // An empty buffer may have a nil base address; PCRE2 accepts any pointer with length 0.
        let base = subject.baseAddress ?? UnsafePointer(bitPattern: 1)
        let rc = pcre2_match_8(code, base, subject.count, 0, PCRE2_NO_UTF_CHECK, scratch.matchData, matchContext)
        return Pattern.status(rc, scratch: scratch)
    }
}
