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
    /// Two bits per key, chosen from the key's high bits (the slot uses the low bits).
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
        // Eight filter bits per key: about 5% of absent keys get past it.
        var filterBits: UInt64 = 64
        while filterBits < UInt64(entries.count) * 8 { filterBits <<= 1 }
        var filter = [UInt64](repeating: 0, count: Int(filterBits / 64))
        let filterMask = filterBits - 1
        for (key, list) in entries.sorted(by: { $0.key < $1.key }) {
            let stored = key == 0 ? 1 : key  // 0 marks an empty slot
            var slot = Int(truncatingIfNeeded: stored) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = stored
            starts[slot] = Int32(values.count)
            counts[slot] = Int32(list.count)
            values.append(contentsOf: list)
            let (first, second) = Self.filterBits(stored, filterMask)
            filter[Int(first >> 6)] |= 1 << (first & 63)
            filter[Int(second >> 6)] |= 1 << (second & 63)
        }
        self.keys = keys
        self.starts = starts
        self.counts = counts
        self.values = values
        self.mask = mask
        self.filter = filter
        self.filterMask = filterMask
    }

    @inline(__always)
    private static func filterBits(_ key: UInt64, _ mask: UInt64) -> (UInt64, UInt64) {
        ((key >> 40) & mask, (key >> 20) & mask)
    }

    /// Whether `key` may be present: `false` means certainly absent.
    @inline(__always)
    private func mayContain(_ key: UInt64) -> Bool {
        let (first, second) = Self.filterBits(key, filterMask)
        return filter.withUnsafeBufferPointer { words in
            words[Int(first >> 6)] & (1 << (first & 63)) != 0 && words[Int(second >> 6)] & (1 << (second & 63)) != 0
        }
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
