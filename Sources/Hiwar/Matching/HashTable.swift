internal import HiwarSyntax

/// An immutable open-addressing table from 64-bit hashes to lists of 32-bit values.
///
/// Keys are already well-mixed hashes, so the table uses them directly as positions (no second
/// hashing) and probes linearly; values live in one flat array. Lookups allocate nothing.
///
/// Most lookups of the typo index miss, and a miss in a table of megabytes is a cache miss, so a
/// bit filter sits in front of the slots: a few bits per key, small enough to stay in the
/// processor's cache, answering "certainly absent" for most absent keys before the table is read.
struct HashTable: Sendable {
    private let keys: [UInt64]
    private let starts: [Int32]
    private let counts: [Int32]
    private let values: [Int32]
    private let mask: Int
    /// Two bits per key, in one 64-bit word chosen by the key's high bits (the slot uses the low
    /// bits): one memory read per lookup.
    private let filter: [UInt64]
    private let filterMask: UInt64

    /// Builds the table from key → values.
    init(_ entries: [UInt64: [Int32]]) {
        var capacity = 8
        while capacity < entries.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var starts = [Int32](repeating: 0, count: capacity)
        var counts = [Int32](repeating: 0, count: capacity)
        var values: [Int32] = []
        values.reserveCapacity(entries.values.reduce(0) { $0 + $1.count })
        let mask = capacity - 1
        // Eight to sixteen filter bits per key: about 5% of absent keys get past it.
        var filterWords: UInt64 = 1
        while filterWords * 64 < UInt64(entries.count) * 8 { filterWords <<= 1 }
        var filter = [UInt64](repeating: 0, count: Int(filterWords))
        let filterMask = filterWords - 1
        for (key, list) in entries.sorted(by: { $0.key < $1.key }) {
            let stored = key == 0 ? 1 : key  // 0 marks an empty slot
            var slot = Int(truncatingIfNeeded: stored) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = stored
            starts[slot] = Int32(values.count)
            counts[slot] = Int32(list.count)
            values.append(contentsOf: list)
            let (word, bits) = Self.filterBits(stored, filterMask)
            filter[word] |= bits
        }
        self.keys = keys
        self.starts = starts
        self.counts = counts
        self.values = values
        self.mask = mask
        self.filter = filter
        self.filterMask = filterMask
    }

    /// The filter word of `key` and the two bits it sets there.
    @inline(__always)
    private static func filterBits(_ key: UInt64, _ mask: UInt64) -> (Int, UInt64) {
        (Int(truncatingIfNeeded: (key >> 32) & mask), 1 << ((key >> 20) & 63) | 1 << ((key >> 26) & 63))
    }

    /// Whether `key` may be present: `false` means certainly absent.
    @inline(__always)
    private func mayContain(_ key: UInt64) -> Bool {
        let (word, bits) = Self.filterBits(key, filterMask)
        return filter.withUnsafeBufferPointer { $0[word] & bits == bits }
    }

    /// Calls `body` with each value stored under `key`.
    @inline(__always)
    func forEach(_ key: UInt64, _ body: (Int32) -> Void) {
        let wanted = key == 0 ? 1 : key
        guard mayContain(wanted) else { return }
        var slot = Int(truncatingIfNeeded: wanted) & mask
        while true {
            let stored = keys[slot]
            if stored == 0 { return }
            if stored == wanted {
                let start = Int(starts[slot])
                for index in start..<(start + Int(counts[slot])) { body(values[index]) }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `key` is present.
    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        let wanted = key == 0 ? 1 : key
        guard mayContain(wanted) else { return false }
        var slot = Int(truncatingIfNeeded: wanted) & mask
        while true {
            let stored = keys[slot]
            if stored == 0 { return false }
            if stored == wanted { return true }
            slot = (slot + 1) & mask
        }
    }
}
