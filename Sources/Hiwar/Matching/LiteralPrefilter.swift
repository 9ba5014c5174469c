/// Picks the patterns worth running for a message: an Aho-Corasick automaton over the one
/// literal each pattern requires, so the work per message depends on the message's length and the
/// patterns it could match — not on how many patterns the bot has.
///
/// Soundness: a pattern is keyed by a word that every match of it contains verbatim in the match
/// form, and candidates are found by substring search, so a joined Arabic or Persian spelling
/// ("لوسمحت" for "لو سمحت") still finds its pattern. Patterns without such a word are always run.
///
/// The automaton is flattened into arrays once at compile time: a dense 256-entry table for the
/// root, sorted byte edges for every other state, failure links and output links.
struct LiteralPrefilter: Sendable {
    /// One automaton state, packed so that a step reads one entry (16 bytes) and its edges.
    struct State: Sendable {
        /// The range of the state's edges in ``edges``.
        var edgeStart: Int32
        var edgeEnd: Int32
        /// Where to go when no edge fits.
        var failure: Int32
        /// The first state on this state's failure chain (itself included) that ends a key, or -1.
        var output: Int32
    }

    private let states: [State]
    /// Edges sorted by byte within each state: their bytes, and where they go.
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    /// Where the root goes on each byte (0 when it stays).
    private let rootTable: [Int32]
    /// The key that ends at each state, or -1.
    private let keyAtState: [Int32]
    /// The next state after this one on the failure chain that ends a key, or -1.
    private let nextOutput: [Int32]
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
        // Flatten.
        var states: [State] = []
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        states.reserveCapacity(children.count)
        for (state, table) in children.enumerated() {
            let start = Int32(edgeBytes.count)
            for (byte, target) in table.sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
            states.append(
                State(
                    edgeStart: start,
                    edgeEnd: Int32(edgeBytes.count),
                    failure: failure[state],
                    output: keyAt[state] >= 0 ? Int32(state) : output[state]
                )
            )
        }
        var root = [Int32](repeating: 0, count: 256)
        for (byte, target) in children[0] { root[Int(byte)] = target }
        self.states = states
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.rootTable = root
        self.keyAtState = keyAt
        self.nextOutput = output
    }

    /// The number of automaton states (for memory reports).
    var stateCount: Int { states.count }

    /// Calls `body` with the key of every occurrence of a key in `bytes`, in the order they end
    /// (a key found twice is reported twice).
    ///
    /// - Complexity: O(*n* + *m*) for *n* bytes and *m* occurrences; no allocation.
    @inline(__always)
    func forEachKey(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        guard !bytes.isEmpty, states.count > 1 else { return }
        states.withUnsafeBufferPointer { states in
            edgeBytes.withUnsafeBufferPointer { edgeBytes in
                edgeTargets.withUnsafeBufferPointer { edgeTargets in
                    rootTable.withUnsafeBufferPointer { root in
                        keyAtState.withUnsafeBufferPointer { keyAt in
                            nextOutput.withUnsafeBufferPointer { nextOutput in
                                var state: Int32 = 0
                                for byte in bytes {
                                    while true {
                                        if state == 0 {
                                            state = root[Int(byte)]
                                            break
                                        }
                                        let entry = states[Int(state)]
                                        if let edge = Self.edge(byte, in: edgeBytes, entry.edgeStart, entry.edgeEnd) {
                                            state = edgeTargets[edge]
                                            break
                                        }
                                        state = entry.failure
                                    }
                                    var hit = states[Int(state)].output
                                    while hit >= 0 {
                                        body(keyAt[Int(hit)])
                                        hit = nextOutput[Int(hit)]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The index of the edge on `byte` among `bytes[start..<end]`, by binary search.
    @inline(__always)
    private static func edge(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ start: Int32, _ end: Int32) -> Int?
    {
        var low = Int(start)
        var high = Int(end) - 1
        while low <= high {
            let middle = (low + high) >> 1
            let value = bytes[middle]
            if value == byte { return middle }
            if value < byte { low = middle + 1 } else { high = middle - 1 }
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
