internal import HiwarSyntax

/// A word every match of a pattern contains verbatim (in match form), and what the pattern
/// guarantees on either side of it.
///
/// The literal prefilter looks for these. A guaranteed boundary lets it skip occurrences the
/// pattern cannot be matching: `track [my] order` needs "order" as a word of its own, so
/// "border" or "orders" never make it run; `track [my] <order>` allows a suffix, so "orders"
/// does. A boundary is what the compiled pattern's lookarounds and separators demand: no letter,
/// digit or underscore on that side, or the end of the text.
struct RequiredWord: Hashable, Sendable {
    /// The word, in match form.
    var text: String
    /// Every match has no letter, digit or underscore right before the word (or the text starts there).
    var boundedBefore: Bool
    /// Every match has no letter, digit or underscore right after the word (or the text ends there).
    var boundedAfter: Bool

    /// A required word; by default nothing is known about its surroundings.
    init(_ text: String, boundedBefore: Bool = false, boundedAfter: Bool = false) {
        self.text = text
        self.boundedBefore = boundedBefore
        self.boundedAfter = boundedAfter
    }

    /// A word that must stand on its own: bounded on both sides.
    static func whole(_ text: String) -> RequiredWord {
        RequiredWord(text, boundedBefore: true, boundedAfter: true)
    }

    /// Whether it must stand on its own.
    var isWhole: Bool { boundedBefore && boundedAfter }
}

/// Word boundaries in match-form UTF-8, as the prefilter may rely on them.
///
/// The compiled patterns use PCRE2's `[\p{L}\p{N}_]` with PCRE2's Unicode tables, whose version may
/// differ from Swift's. The prefilter drops a candidate only when a neighbour is *certainly* in
/// that class under any Unicode version: ASCII letters, digits and `_`, Latin-1 and Latin
/// Extended-A letters, and the Arabic block's letters and digits (Persian letters included).
/// Anything else counts as a possible boundary, which can only keep a candidate, never lose a match.
enum WordBoundary {
    /// Whether `bytes[start..<end]` has a possible boundary before it (when `before`) and after it
    /// (when `after`).
    @inline(__always)
    static func holds(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ start: Int,
        _ end: Int,
        before: Bool,
        after: Bool
    ) -> Bool {
        if before && start > 0 {
            var lead = start - 1
            while lead > 0 && bytes[lead] & 0xC0 == 0x80 && start - lead < 4 { lead -= 1 }
            if isCertainlyWordScalar(bytes, at: lead) { return false }
        }
        if after && end < bytes.count && isCertainlyWordScalar(bytes, at: end) { return false }
        return true
    }

    /// Whether the scalar starting at `index` is certainly a letter, a digit or `_`.
    @inline(__always)
    static func isCertainlyWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 {
            return (lead | 0x20 >= 0x61 && lead | 0x20 <= 0x7A) || (lead >= 0x30 && lead <= 0x39) || lead == 0x5F
        }
        // Two-byte sequences cover U+0080–U+07FF: Latin-1, Latin Extended-A and Arabic.
        guard lead & 0xE0 == 0xC0, index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 else { return false }
        let value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        switch value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x17F: return true  // Latin-1 and Extended-A letters
        case 0x0620...0x064A, 0x0660...0x0669, 0x066E...0x066F, 0x0671...0x06D3, 0x06D5, 0x06F0...0x06FC:
            return true  // Arabic letters and digits (marks such as 064B–065F are not word characters)
        default: return false
        }
    }
}
