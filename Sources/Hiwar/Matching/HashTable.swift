/// An immutable open-addressing table from 64-bit hashes to lists of 32-bit values.
///
/// Keys are already well-mixed hashes, so the table uses them directly as positions (no second
/// hashing) and probes linearly; values live in one flat array. Lookups allocate nothing.
struct HashTable: Sendable {
    private let keys: [UInt64]
    private let starts: [Int32]
    private let counts: [Int32]
    private let values: [Int32]
    private let mask: Int

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
        for (key, list) in entries.sorted(by: { $0.key < $1.key }) {
            let stored = key == 0 ? 1 : key  // 0 marks an empty slot
            var slot = Int(truncatingIfNeeded: stored) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = stored
            starts[slot] = Int32(values.count)
            counts[slot] = Int32(list.count)
            values.append(contentsOf: list)
        }
        self.keys = keys
        self.starts = starts
        self.counts = counts
        self.values = values
        self.mask = mask
    }

    /// Calls `body` with each value stored under `key`.
    @inline(__always)
    func forEach(_ key: UInt64, _ body: (Int32) -> Void) {
        let wanted = key == 0 ? 1 : key
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
        var slot = Int(truncatingIfNeeded: wanted) & mask
        while true {
            let stored = keys[slot]
            if stored == 0 { return false }
            if stored == wanted { return true }
            slot = (slot + 1) & mask
        }
    }
}
