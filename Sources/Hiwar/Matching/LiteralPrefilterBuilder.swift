internal import HiwarSyntax

/// Builds a ``LiteralPrefilter``'s tables, in three stages: choose each pattern's key (the rarest choice of words it
/// requires), file each key under an anchor (the q-gram of it fewest other keys share), and lay out the cache-sized
/// tables (the bitmap, the open-addressing slots, the 32-byte entries and the per-key programs).
///
/// The prefilter itself is frozen: it only holds what ``build()`` returns.
struct LiteralPrefilterBuilder {
    /// Everything the frozen prefilter holds.
    struct Tables {
        var keyBytes: [UInt8] = []
        var keyStarts: [Int32] = [0]
        var bitmap: [UInt64] = []
        var bitmapShift: UInt64 = 12
        var slots: [LiteralPrefilter.Slot] = []
        var entries: [LiteralPrefilter.Entry] = []
        var programs: [Int32] = []
        var anchorLengths: UInt16 = 0
        var otherGroups: [[[Int32]]] = []
        var patternsByKey: [[Int32]] = []
        var alwaysRun: [Int32] = []
        var keys: [String?] = []
        var keyWords: [RequiredWord] = []
    }

    /// For each pattern, its choices of required words.
    let requiredLiterals: [[[RequiredWord]]]

    /// The tables.
    func build() -> Tables {
        var tables = Tables()
        chooseKeys(into: &tables)
        let keyUTF8 = tables.keyWords.map { Array($0.text.utf8) }
        let anchors = fileUnderAnchors(keyUTF8, into: &tables)
        let programStarts = writePrograms(into: &tables)
        layOut(anchors, keyUTF8: keyUTF8, programStarts: programStarts, into: &tables)
        return tables
    }

    /// A key's anchor length: 8 bytes for a key of 8 or more, 4 for 4 to 7, a shorter key whole.
    private static func anchorLength(_ count: Int) -> Int { count >= 8 ? 8 : count >= 4 ? 4 : count }

    /// Stage 1: each pattern's key and its other required choices.
    ///
    /// The key is the choice that selects the pattern for the fewest messages (the rarest words, fewest of them, then
    /// the longest); the other choices are searched for too: a candidate missing one cannot match. A pattern with no
    /// usable choice always runs.
    private func chooseKeys(into tables: inout Tables) {
        var frequency: [String: Int] = [:]
        for groups in requiredLiterals {
            for word in Set(groups.joined().map(\.text)) { frequency[word, default: 0] += 1 }
        }
        var keyIDs: [RequiredWord: Int32] = [:]
        for (index, groups) in requiredLiterals.enumerated() {
            let usable = groups.filter { !$0.isEmpty && $0.allSatisfy { !$0.text.isEmpty } }
            let best = usable.min { a, b in
                let (fa, fb) = (
                    a.reduce(0) { $0 + (frequency[$1.text] ?? 0) }, b.reduce(0) { $0 + (frequency[$1.text] ?? 0) }
                )
                if fa != fb { return fa < fb }
                if a.count != b.count { return a.count < b.count }
                let (la, lb) = (a.map(\.text.utf8.count).min() ?? 0, b.map(\.text.utf8.count).min() ?? 0)
                return la != lb ? la > lb : a.map(\.text).joined() < b.map(\.text).joined()
            }
            guard let choice = best else {
                tables.alwaysRun.append(Int32(index))
                tables.keys.append(nil)
                tables.otherGroups.append([])
                continue
            }
            tables.keys.append(choice.map(\.text).joined(separator: "|"))
            func id(of word: RequiredWord) -> Int32 {
                if let id = keyIDs[word] { return id }
                keyIDs[word] = Int32(tables.keyWords.count)
                tables.keyWords.append(word)
                tables.patternsByKey.append([])
                return Int32(tables.keyWords.count - 1)
            }
            for key in Set(choice) { tables.patternsByKey[Int(id(of: key))].append(Int32(index)) }
            var others: [[Int32]] = []
            for group in usable where group != choice { others.append(Set(group).map(id(of:)).sorted()) }
            tables.otherGroups.append(others)
        }
        while tables.otherGroups.count < requiredLiterals.count { tables.otherGroups.append([]) }
    }

    /// Stage 2: each key filed under an anchor, and the keys' bytes.
    ///
    /// The anchor is the key's window fewest keys share; among those, the one fewest keys are filed under yet.
    private func fileUnderAnchors(
        _ keyUTF8: [[UInt8]],
        into tables: inout Tables
    )
        -> [UInt64: [(key: Int32, offset: Int32)]]
    {
        var gramKeys: [UInt64: Int] = [:]
        for bytes in keyUTF8 where bytes.count >= 4 {
            let length = Self.anchorLength(bytes.count)
            var seen = Set<UInt64>()
            for offset in 0...(bytes.count - length) {
                let code = LiteralPrefilter.code(bytes, offset, length)
                if seen.insert(code).inserted { gramKeys[code, default: 0] += 1 }
            }
        }
        var anchors: [UInt64: [(key: Int32, offset: Int32)]] = [:]
        for (id, bytes) in keyUTF8.enumerated() {
            tables.keyBytes.append(contentsOf: bytes)
            tables.keyStarts.append(Int32(tables.keyBytes.count))
            let length = Self.anchorLength(bytes.count)
            var best = 0
            var bestScore = (Int.max, Int.max)
            for offset in 0...(bytes.count - length) {
                let code = LiteralPrefilter.code(bytes, offset, length)
                let score = (gramKeys[code] ?? 0, anchors[code]?.count ?? 0)
                if score < bestScore {
                    best = offset
                    bestScore = score
                }
            }
            anchors[LiteralPrefilter.code(bytes, best, length), default: []].append((Int32(id), Int32(best)))
            tables.anchorLengths |= 1 << length
        }
        return anchors
    }

    /// Stage 3a: what each key selects, in one run of integers; returns where each key's program starts.
    ///
    /// A program is the number of patterns, then for each pattern its index, its number of other required choices,
    /// and each choice as a count followed by word ids.
    private func writePrograms(into tables: inout Tables) -> [Int32] {
        var programStarts: [Int32] = []
        for patterns in tables.patternsByKey {
            programStarts.append(Int32(tables.programs.count))
            tables.programs.append(Int32(patterns.count))
            for pattern in patterns {
                let groups = tables.otherGroups[Int(pattern)]
                tables.programs.append(pattern)
                tables.programs.append(Int32(groups.count))
                for group in groups {
                    tables.programs.append(Int32(group.count))
                    tables.programs.append(contentsOf: group)
                }
            }
        }
        return programStarts
    }

    /// Stage 3b: the bitmap (about 64 bits per anchor, at least 4,096), the open-addressing slots and the entries, in
    /// anchor order.
    private func layOut(
        _ anchors: [UInt64: [(key: Int32, offset: Int32)]],
        keyUTF8: [[UInt8]],
        programStarts: [Int32],
        into tables: inout Tables
    ) {
        var shift: UInt64 = 12
        while (1 << shift) < anchors.count * 64 { shift += 1 }
        var bitmap = [UInt64](repeating: 0, count: 1 << (shift - 6))
        var capacity = 8
        while capacity < anchors.count * 2 { capacity <<= 1 }
        var slots = [LiteralPrefilter.Slot](repeating: LiteralPrefilter.Slot(), count: capacity)
        var entries: [LiteralPrefilter.Entry] = []
        for (code, list) in anchors.sorted(by: { $0.key < $1.key }) {
            let length = Self.anchorLength(keyUTF8[Int(list[0].key)].count)
            let hash = LiteralPrefilter.hash(code, length)
            let bit = LiteralPrefilter.bit(hash, shift)
            bitmap[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = LiteralPrefilter.slot(hash, capacity - 1)
            while slots[slot].lengthAndCount != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = LiteralPrefilter.Slot(
                code: code,
                entryStart: Int32(entries.count),
                lengthAndCount: UInt32(list.count) << 4 | UInt32(length)
            )
            for entry in list {
                let bytes = keyUTF8[Int(entry.key)]
                var prefix: UInt64 = 0
                for (index, byte) in bytes.prefix(8).enumerated() { prefix |= UInt64(byte) << (8 * UInt64(index)) }
                var suffix: UInt64 = 0
                for (index, byte) in bytes.suffix(8).enumerated() { suffix |= UInt64(byte) << (8 * UInt64(index)) }
                let word = tables.keyWords[Int(entry.key)]
                entries.append(
                    LiteralPrefilter.Entry(
                        prefix: prefix,
                        suffix: suffix,
                        key: entry.key,
                        program: programStarts[Int(entry.key)],
                        offset: entry.offset,
                        lengthAndBounds: UInt32(bytes.count) << 2 | (word.boundedBefore ? 1 : 0)
                            | (word.boundedAfter ? 2 : 0)
                    )
                )
            }
        }
        tables.bitmap = bitmap
        tables.bitmapShift = shift
        tables.slots = slots
        tables.entries = entries
    }
}
