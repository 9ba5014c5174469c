internal import HiwarSyntax

/// Picks the patterns worth running for a message: a substring search for the one literal each
/// pattern requires, so the work per message depends on the message's length and the patterns it
/// could match — not on how many patterns the bot has.
///
/// Soundness: a pattern is keyed by a word that every match of it contains verbatim in the match
/// form, and candidates are found by substring search, so a joined Arabic or Persian spelling
/// ("لوسمحت" for "لو سمحت") still finds its pattern. Patterns without such a word are always run.
/// A pattern's other required choices are searched for in the same scan, and a candidate missing
/// one is dropped: it cannot match. Where the pattern guarantees a word boundary beside a word
/// (``RequiredWord``), an occurrence with a letter or digit on that side does not count: "border"
/// does not select `track [my] order`.
///
/// The search is anchored on q-grams: each key is filed under one window of itself — 8 bytes for
/// a key of 8 or more, 4 for 4 to 7, a shorter key whole — the window fewest other keys share. A
/// message is scanned once; at each position its windows of the lengths in use are looked up in a
/// bitmap small enough to stay in the processor's cache, and only on a hit in a table, whose keys
/// are then compared where they would start. An automaton over the same keys visits a state per byte spread over hundreds of
/// kilobytes, and each visit was a cache miss; this touches a few kilobytes.
///
/// The tables are laid out for the cache: at ten thousand intents they are megabytes, and every
/// structure a found key leads to is a cache miss. An anchor's slot is one 16-byte record; its
/// keys are 32-byte records holding everything the comparison needs; and what a found key selects
/// (its patterns, and the other choices each needs) is one contiguous *program*, so a found key
/// costs about one miss.
///
/// A class: it is immutable and shared, and a search reads many of its tables.
final class LiteralPrefilter: Sendable {
    /// An anchor in the open-addressing table.
    struct Slot {
        /// The anchor's bytes, little-endian.
        var code: UInt64 = 0
        /// Its first entry in ``entries``.
        var entryStart: Int32 = 0
        /// The anchor's length (low 4 bits) and its number of entries (the rest); 0 for an empty slot.
        var lengthAndCount: UInt32 = 0
    }

    /// A key filed under an anchor.
    struct Entry {
        /// The key's first and last eight bytes (little-endian; zero-padded when shorter), so that
        /// a key of up to 16 bytes is compared in two steps.
        var prefix: UInt64
        var suffix: UInt64
        var key: Int32
        /// Where the key's program starts in ``programs``.
        var program: Int32
        /// Where the anchor sits in the key.
        var offset: Int32
        /// The key's length in bytes (from bit 2) and the boundaries it needs: bit 0 before, bit 1 after.
        var lengthAndBounds: UInt32
    }

    /// The keys' bytes, one after the other; key *k* is `keyBytes[keyStarts[k]..<keyStarts[k + 1]]`.
    private let keyBytes: [UInt8]
    private let keyStarts: [Int32]
    /// One bit per hash of an anchor: clear means no anchor has that hash.
    private let bitmap: [UInt64]
    /// log₂ of the number of bits in ``bitmap``.
    private let bitmapShift: UInt64
    private let slots: [Slot]
    private let entries: [Entry]
    /// For each key, what it selects: the number of patterns, then for each pattern its index,
    /// its number of other required choices, and each choice as a count followed by word ids.
    private let programs: [Int32]
    /// Bit *n* set when some anchor is *n* bytes long (1 to 4, or 8).
    private let anchorLengths: UInt16
    /// The number of distinct keys (for memory reports).
    let keyCount: Int
    /// For each pattern, its required choices other than its key's: word ids, one of each choice occurring in every
    /// match.
    ///
    /// A candidate is dropped when a choice has none.
    private let otherGroups: [[[Int32]]]
    /// For each key, the patterns it selects (empty for words only checked, never selecting).
    let patternsByKey: [[Int32]]
    /// Patterns with no key: run for every message.
    let alwaysRun: [Int32]
    /// Each pattern's key, for explanations (`nil` for always-run patterns).
    let keys: [String?]
    /// Every key word with its boundaries, by id (for explanations).
    private let keyWords: [RequiredWord]

    /// Builds the prefilter (``LiteralPrefilterBuilder`` chooses the keys and lays out the tables).
    ///
    /// - Parameter requiredLiterals: For each pattern, what every match contains: choices of
    ///   words, one word of each choice occurring verbatim (match form) with the boundaries it
    ///   carries.
    convenience init(requiredLiterals: [[[RequiredWord]]]) {
        self.init(LiteralPrefilterBuilder(requiredLiterals: requiredLiterals).build())
    }

    /// The frozen prefilter from the builder's tables.
    private init(_ tables: LiteralPrefilterBuilder.Tables) {
        keyBytes = tables.keyBytes
        keyStarts = tables.keyStarts
        bitmap = tables.bitmap
        bitmapShift = tables.bitmapShift
        slots = tables.slots
        entries = tables.entries
        programs = tables.programs
        anchorLengths = tables.anchorLengths
        keyCount = tables.keyWords.count
        otherGroups = tables.otherGroups
        patternsByKey = tables.patternsByKey
        alwaysRun = tables.alwaysRun
        keys = tables.keys
        keyWords = tables.keyWords
    }

    /// The bytes `bytes[offset..<offset + length]` (1 to 8), little-endian.
    @inline(__always)
    static func code(_ bytes: [UInt8], _ offset: Int, _ length: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<length { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    /// A well-mixed hash of an anchor's bytes and length.
    @inline(__always)
    static func hash(_ code: UInt64, _ length: Int) -> UInt64 {
        (code ^ UInt64(length) << 59 &+ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    static func bit(_ hash: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> (64 - shift))
    }

    @inline(__always)
    static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: hash >> 20) & mask
    }

    /// Calls `body` with the key of every occurrence of a key in `bytes`, in the order of their
    /// anchors (a key found twice is reported twice).
    ///
    /// - Complexity: O(*n*) bitmap reads for *n* bytes, plus a comparison per anchor hit; no
    ///   allocation.
    @inline(__always)
    func forEachKey(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        forEachEntry(in: bytes) { body($0.key) }
    }

    /// Calls `body` with the entry of every occurrence of a key in `bytes`.
    @inline(__always)
    private func forEachEntry(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Entry) -> Void) {
        guard !bytes.isEmpty, keyCount > 0 else { return }
        let lengths = anchorLengths
        let shift = bitmapShift
        bitmap.withUnsafeBufferPointer { bitmap in
            var window: UInt64 = 0  // the last eight bytes, the latest in the high byte
            for end in 0..<bytes.count {
                window = window >> 8 | UInt64(bytes[end]) << 56
                // Windows ending at `end`, of each anchor length present (the set bits of `lengths`).
                var remaining = lengths
                while remaining != 0 {
                    let length = remaining.trailingZeroBitCount
                    remaining &= remaining - 1
                    guard end + 1 >= length else { break }
                    let code = window >> (8 * UInt64(8 - length))
                    let hash = Self.hash(code, length)
                    let bit = Self.bit(hash, shift)
                    guard bitmap[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                    lookUp(code, length, hash, at: end + 1 - length, in: bytes, body)
                }
            }
        }
    }

    /// Reports the entry of every key whose anchor is `code`, found at `position`, that occurs in
    /// full there.
    private func lookUp(
        _ code: UInt64,
        _ length: Int,
        _ hash: UInt64,
        at position: Int,
        in bytes: UnsafeBufferPointer<UInt8>,
        _ body: (Entry) -> Void
    ) {
        let mask = slots.count - 1
        var index = Self.slot(hash, mask)
        var slot: Slot
        while true {
            slot = slots[index]
            if slot.lengthAndCount == 0 { return }
            if slot.lengthAndCount & 15 == length && slot.code == code { break }
            index = (index + 1) & mask
        }
        let first = Int(slot.entryStart)
        for index in first..<(first + Int(slot.lengthAndCount >> 4)) {
            let entry = entries[index]
            let start = position - Int(entry.offset)
            let length = Int(entry.lengthAndBounds >> 2)
            guard start >= 0, start + length <= bytes.count else { continue }
            // The first and the last eight bytes at once, then any middle.
            let head = min(8, length)
            guard Self.load(bytes, at: start, count: head) == entry.prefix else { continue }
            if length > 8 {
                guard Self.load(bytes, at: start + length - 8, count: 8) == entry.suffix else { continue }
            }
            if length > 16 {
                let keyStart = Int(keyStarts[Int(entry.key)])
                var equal = true
                keyBytes.withUnsafeBufferPointer { keyBytes in
                    for index in 8..<(length - 8) where bytes[start + index] != keyBytes[keyStart + index] {
                        equal = false
                        break
                    }
                }
                guard equal else { continue }
            }
            let bounds = entry.lengthAndBounds & 3
            if bounds != 0
                && !WordBoundary.holds(bytes, start, start + length, before: bounds & 1 != 0, after: bounds & 2 != 0)
            {
                continue
            }
            body(entry)
        }
    }

    /// `count` (1 to 8) bytes from `start`, little-endian, zero-padded.
    @inline(__always)
    private static func load(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> UInt64 {
        if start + 8 <= bytes.count, let base = bytes.baseAddress {
            let value = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self).littleEndian
            return count == 8 ? value : value & ((1 << (8 * UInt64(count))) - 1)
        }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
        return value
    }

    /// Appends to `candidates` every pattern whose key occurs in `text`, and the always-run
    /// patterns; sorted, without duplicates.
    ///
    /// - Complexity: O(*n* + *m*) for *n* bytes of text and *m* keys found.
    func candidates(in text: String, into candidates: inout [Int32]) {
        var keys: [UInt64] = []
        self.candidates(in: text, into: &candidates, keys: &keys)
    }

    /// The same, with a reusable buffer for the keys found.
    func candidates(in text: String, into candidates: inout [Int32], keys found: inout [UInt64]) {
        candidates.removeAll(keepingCapacity: true)
        candidates.append(contentsOf: alwaysRun)
        found.removeAll(keepingCapacity: true)
        var utf8 = text
        // Each key found as its id (high half) and its program (low half).
        utf8.withUTF8 { bytes in
            forEachEntry(in: bytes) { found.append(UInt64($0.key) << 32 | UInt64($0.program)) }
        }
        guard !found.isEmpty else { return }
        found.sort()
        var write = 0
        for index in found.indices where index == 0 || found[index] != found[index - 1] {
            found[write] = found[index]
            write += 1
        }
        found.removeSubrange(write...)
        programs.withUnsafeBufferPointer { programs in
            for key in found {
                var position = Int(UInt32(truncatingIfNeeded: key))
                let patternCount = Int(programs[position])
                position += 1
                for _ in 0..<patternCount {
                    let pattern = programs[position]
                    let groupCount = Int(programs[position + 1])
                    position += 2
                    var selected = true
                    for _ in 0..<groupCount {
                        let size = Int(programs[position])
                        position += 1
                        if selected {
                            selected = false
                            for word in position..<(position + size) where Self.contains(found, programs[word]) {
                                selected = true
                                break
                            }
                        }
                        position += size
                    }
                    if selected { candidates.append(pattern) }
                }
            }
        }
        candidates.sort()
        write = 0
        for index in candidates.indices where index == 0 || candidates[index] != candidates[index - 1] {
            candidates[write] = candidates[index]
            write += 1
        }
        candidates.removeSubrange(write...)
    }

    /// Whether the key `id` is among `found` (sorted, key ids in the high halves).
    @inline(__always)
    private static func contains(_ found: [UInt64], _ id: Int32) -> Bool {
        var low = 0
        var high = found.count - 1
        let wanted = UInt64(UInt32(bitPattern: id))
        while low <= high {
            let middle = (low + high) >> 1
            let value = found[middle] >> 32
            if value == wanted { return true }
            if value < wanted { low = middle + 1 } else { high = middle - 1 }
        }
        return false
    }

    /// The first of the pattern's required choices none of whose words occurs in `text` (where the
    /// pattern needs it: as a word of its own when it is bounded), joined by `|`, and whether its
    /// words must stand alone; `nil` when every one occurs (for explanations).
    func missingChoice(of pattern: Int, in text: String) -> (words: String, standsAlone: Bool)? {
        guard let key = keys[pattern] else { return nil }
        var found: [UInt64] = []
        var utf8 = text
        utf8.withUTF8 { bytes in forEachKey(in: bytes) { found.append(UInt64($0) << 32) } }
        found.sort()
        let choice = patternsByKey.indices.filter { patternsByKey[$0].contains(Int32(pattern)) }.map { Int32($0) }
        if !choice.contains(where: { Self.contains(found, $0) }) {
            return (key, choice.allSatisfy { keyWords[Int($0)].isWhole })
        }
        for group in otherGroups[pattern] where !group.contains(where: { Self.contains(found, $0) }) {
            return (
                group.map { keyWords[Int($0)].text }.joined(separator: "|"),
                group.allSatisfy { keyWords[Int($0)].isWhole }
            )
        }
        return nil
    }
}
