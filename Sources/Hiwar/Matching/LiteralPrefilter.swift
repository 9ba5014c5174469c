/// Picks the patterns worth running for a message: an Aho-Corasick automaton over the one
/// literal each pattern requires, so the work per message depends on the message's length and the
/// patterns it could match — not on how many patterns the bot has.
///
/// Soundness: a pattern is keyed by a word that every match of it contains verbatim in the match
/// form, and candidates are found by substring search, so a joined Arabic or Persian spelling
/// ("لوسمحت" for "لو سمحت") still finds its pattern. Patterns without such a word are always run.
///
/// The automaton is flattened once at compile time into one array of 32-bit words, states in
/// breadth-first order (the shallow states, visited most, share cache lines), each state's links
/// and edges side by side so that a step usually reads one cache line: a state at offset *o* is
/// `[failure, key, output, edge count, edge bytes (four per word)…, edge targets…]`, targets and
/// links being offsets of states. The root also has a dense 256-entry table.
///
/// A class: it is immutable and shared, and a search reads many of its tables.
final class LiteralPrefilter: Sendable {
    /// The states, packed as described above; the root is at offset 0.
    private let program: [UInt32]
    /// Where the root goes on each byte (0 when it stays).
    private let rootTable: [UInt32]
    /// The number of states.
    let stateCount: Int
    /// The value of an absent key or output link.
    private static let none = UInt32.max
    /// For each key, the patterns it selects.
    let patternsByKey: [[Int32]]
    /// Patterns with no key: run for every message.
    let alwaysRun: [Int32]
    /// Each pattern's key, for explanations (`nil` for always-run patterns).
    let keys: [String?]

    /// Builds the prefilter.
    ///
    /// - Parameter requiredLiterals: For each pattern, what every match contains: choices of
    ///   words, one word of each choice occurring verbatim (match form).
    init(requiredLiterals: [[[String]]]) {
        var frequency: [String: Int] = [:]
        for groups in requiredLiterals { for word in Set(groups.joined()) { frequency[word, default: 0] += 1 } }
        var keyIDs: [String: Int32] = [:]
        var keyList: [String] = []
        var patternsByKey: [[Int32]] = []
        var alwaysRun: [Int32] = []
        var keys: [String?] = []
        for (index, groups) in requiredLiterals.enumerated() {
            // The choice that selects the pattern for the fewest messages: the rarest words, fewest
            // of them, then the longest.
            let usable = groups.filter { !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }
            let best = usable.min { a, b in
                let (fa, fb) = (a.reduce(0) { $0 + (frequency[$1] ?? 0) }, b.reduce(0) { $0 + (frequency[$1] ?? 0) })
                if fa != fb { return fa < fb }
                if a.count != b.count { return a.count < b.count }
                let (la, lb) = (a.map(\.utf8.count).min() ?? 0, b.map(\.utf8.count).min() ?? 0)
                return la != lb ? la > lb : a.joined() < b.joined()
            }
            guard let choice = best else {
                alwaysRun.append(Int32(index))
                keys.append(nil)
                continue
            }
            keys.append(choice.joined(separator: "|"))
            for key in Set(choice) {
                if let id = keyIDs[key] {
                    patternsByKey[Int(id)].append(Int32(index))
                } else {
                    keyIDs[key] = Int32(keyList.count)
                    keyList.append(key)
                    patternsByKey.append([Int32(index)])
                }
            }
        }
        self.patternsByKey = patternsByKey
        self.alwaysRun = alwaysRun
        self.keys = keys

        // The trie, with dictionary children while building.
        var children: [[UInt8: Int32]] = [[:]]
        var keyAt: [Int32] = [-1]
        for (id, key) in keyList.enumerated() {
            var state: Int32 = 0
            for byte in key.utf8 {
                if let next = children[Int(state)][byte] {
                    state = next
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    keyAt.append(-1)
                    children[Int(state)][byte] = next
                    state = next
                }
            }
            keyAt[Int(state)] = Int32(id)
        }
        // Failure and output links, breadth first.
        var failure = [Int32](repeating: 0, count: children.count)
        var output = [Int32](repeating: -1, count: children.count)
        var queue: [Int32] = []
        for (_, child) in children[0] { queue.append(child) }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, child) in children[Int(state)] {
                var fallback = failure[Int(state)]
                while fallback != 0 && children[Int(fallback)][byte] == nil { fallback = failure[Int(fallback)] }
                let target = children[Int(fallback)][byte] ?? 0
                failure[Int(child)] = target == child ? 0 : target
                let linked = failure[Int(child)]
                output[Int(child)] = keyAt[Int(linked)] >= 0 ? linked : output[Int(linked)]
                queue.append(child)
            }
        }
        // Flatten, breadth first.
        let order = [Int32(0)] + queue
        var offsets = [UInt32](repeating: 0, count: children.count)
        var size = 0
        for state in order {
            offsets[Int(state)] = UInt32(size)
            let edges = children[Int(state)].count
            size += 4 + (edges + 3) / 4 + edges
        }
        var program = [UInt32](repeating: 0, count: size)
        for state in order {
            let base = Int(offsets[Int(state)])
            let edges = children[Int(state)].sorted { $0.key < $1.key }
            let key = keyAt[Int(state)]
            let link = output[Int(state)]
            program[base] = offsets[Int(failure[Int(state)])]
            program[base + 1] = key >= 0 ? UInt32(key) : Self.none
            program[base + 2] = link >= 0 ? offsets[Int(link)] : Self.none
            program[base + 3] = UInt32(edges.count)
            for (position, edge) in edges.enumerated() {
                program[base + 4 + position / 4] |= UInt32(edge.key) << (8 * UInt32(position % 4))
                program[base + 4 + (edges.count + 3) / 4 + position] = offsets[Int(edge.value)]
            }
        }
        var root = [UInt32](repeating: 0, count: 256)
        for (byte, target) in children[0] { root[Int(byte)] = offsets[Int(target)] }
        self.program = program
        self.rootTable = root
        self.stateCount = children.count
    }

    /// Calls `body` with the key of every occurrence of a key in `bytes`, in the order they end
    /// (a key found twice is reported twice).
    ///
    /// - Complexity: O(*n* + *m*) for *n* bytes and *m* occurrences; no allocation.
    @inline(__always)
    func forEachKey(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        guard !bytes.isEmpty, stateCount > 1 else { return }
        program.withUnsafeBufferPointer { program in
            rootTable.withUnsafeBufferPointer { root in
                var state = 0
                for byte in bytes {
                    while true {
                        if state == 0 {
                            state = Int(root[Int(byte)])
                            break
                        }
                        if let target = Self.edge(byte, at: state, in: program) {
                            state = target
                            break
                        }
                        state = Int(program[state])
                    }
                    // The keys ending here: this state's, then along the output links.
                    var hit = program[state + 1] != Self.none ? UInt32(state) : program[state + 2]
                    while hit != Self.none {
                        body(Int32(bitPattern: program[Int(hit) + 1]))
                        hit = program[Int(hit) + 2]
                    }
                }
            }
        }
    }

    /// The state the edge on `byte` from the state at `offset` leads to, if there is one.
    @inline(__always)
    private static func edge(_ byte: UInt8, at offset: Int, in program: UnsafeBufferPointer<UInt32>) -> Int? {
        let count = Int(program[offset + 3])
        guard count > 0 else { return nil }
        let targets = offset + 4 + (count + 3) / 4
        let wanted = UInt32(byte)
        var low = 0
        var high = count - 1
        while low <= high {
            let middle = (low + high) >> 1
            let value = (program[offset + 4 + (middle >> 2)] >> (8 * UInt32(middle & 3))) & 0xFF
            if value == wanted { return Int(program[targets + middle]) }
            if value < wanted { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Appends to `candidates` every pattern whose key occurs in `text`, and the always-run
    /// patterns; sorted, without duplicates.
    ///
    /// - Complexity: O(*n* + *m*) for *n* bytes of text and *m* keys found.
    func candidates(in text: String, into candidates: inout [Int32]) {
        var keys: [Int32] = []
        self.candidates(in: text, into: &candidates, keys: &keys)
    }

    /// The same, with a reusable buffer for the keys found.
    func candidates(in text: String, into candidates: inout [Int32], keys foundKeys: inout [Int32]) {
        candidates.removeAll(keepingCapacity: true)
        candidates.append(contentsOf: alwaysRun)
        foundKeys.removeAll(keepingCapacity: true)
        var utf8 = text
        utf8.withUTF8 { bytes in forEachKey(in: bytes) { foundKeys.append($0) } }
        guard !foundKeys.isEmpty else { return }
        foundKeys.sort()
        var previous: Int32 = -1
        for key in foundKeys where key != previous {
            candidates.append(contentsOf: patternsByKey[Int(key)])
            previous = key
        }
        candidates.sort()
        var write = 0
        for index in candidates.indices where index == 0 || candidates[index] != candidates[index - 1] {
            candidates[write] = candidates[index]
            write += 1
        }
        candidates.removeSubrange(write...)
    }
}
