/// Corrects misspelled words of a message to words the bot's patterns use, through a symmetric deletion index: every
/// vocabulary word is stored under each string obtained by deleting up to *k* of its letters, and a message word looks
/// up its own deletions — so finding candidates costs O(length^k) per message word, independent of the vocabulary's
/// size.
///
/// Candidates are confirmed with the Damerau-Levenshtein (optimal string alignment) distance.
struct TypoIndex: Sendable {
    let policy: TypoPolicy
    /// Hashes of every literal word of every pattern: these are never corrected.
    private let known: HashTable
    /// Correctable vocabulary words.
    private let words: [[Unicode.Scalar]]
    private let wordTexts: [String]
    /// Hash of a deletion variant → vocabulary word indices.
    ///
    /// Hashes, not strings: lookups allocate nothing, and every candidate is confirmed by its edit distance, so a
    /// collision costs one comparison and can never produce a wrong correction.
    private let deletions: HashTable

    /// Builds the index.
    ///
    /// - Parameters:
    ///   - vocabulary: Words typos may be corrected to (match form).
    ///   - known: Every literal word the patterns use, corrected or not.
    ///   - policy: The distance thresholds.
    init(vocabulary: Set<String>, known: Set<String>, policy: TypoPolicy) {
        self.policy = policy
        self.known = HashTable(
            Dictionary(
                known.map { (Self.hash(Array($0.unicodeScalars), skipping: -1, -1), [Int32(0)]) },
                uniquingKeysWith: { first, _ in first }
            )
        )
        var words: [[Unicode.Scalar]] = []
        var texts: [String] = []
        var deletions: [UInt64: [Int32]] = [:]
        for word in vocabulary.sorted() {
            let scalars = Array(word.unicodeScalars)
            let distance = policy.maximumDistance(forLength: scalars.count)
            guard distance > 0, scalars.allSatisfy({ $0.properties.isAlphabetic }) else { continue }
            let id = Int32(words.count)
            words.append(scalars)
            texts.append(word)
            Self.forEachDeletionHash(scalars, upTo: distance) { hash in
                if deletions[hash]?.last != id { deletions[hash, default: []].append(id) }
            }
        }
        self.words = words
        self.wordTexts = texts
        self.deletions = HashTable(deletions)
    }

    /// Whether the index holds any correctable word.
    var isEmpty: Bool { words.isEmpty }

    /// FNV-1a over scalar values, leaving out the scalars at `first` and `second`.
    @inline(__always)
    static func hash(_ scalars: [Unicode.Scalar], skipping first: Int, _ second: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in scalars.indices where index != first && index != second {
            hash = (hash ^ UInt64(scalars[index].value)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Calls `body` with the hash of the word and of every variant with up to `distance` (1 or 2)
    /// scalars deleted.
    static func forEachDeletionHash(_ scalars: [Unicode.Scalar], upTo distance: Int, _ body: (UInt64) -> Void) {
        body(hash(scalars, skipping: -1, -1))
        guard distance >= 1 else { return }
        for first in scalars.indices {
            body(hash(scalars, skipping: first, -1))
            guard distance >= 2 else { continue }
            for second in (first + 1)..<scalars.count {
                body(hash(scalars, skipping: first, second))
            }
        }
    }

    /// Every string made by deleting up to `distance` scalars, the word itself included (for tests).
    static func deletionVariants(_ scalars: [Unicode.Scalar], upTo distance: Int) -> Set<String> {
        var result: Set<String> = [String(String.UnicodeScalarView(scalars))]
        var frontier: [[Unicode.Scalar]] = [scalars]
        for _ in 0..<distance {
            var next: [[Unicode.Scalar]] = []
            for word in frontier where word.count > 1 {
                for index in word.indices {
                    var shorter = word
                    shorter.remove(at: index)
                    if result.insert(String(String.UnicodeScalarView(shorter))).inserted { next.append(shorter) }
                }
            }
            frontier = next
        }
        return result
    }

    /// The vocabulary word `token` is a misspelling of, or `nil`.
    ///
    /// A token the patterns use as is, one with digits, or one shorter than four letters is never
    /// corrected, and a correction keeps the token's first letter. Among candidates, the smallest
    /// distance wins, then the alphabetically first, so corrections are deterministic.
    ///
    /// - Complexity: O(*n*³) hashing for a token of *n* scalars (two deletions), independent of
    ///   the vocabulary's size.
    func correction(for token: Substring) -> (word: String, distance: Int)? {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count >= 4, scalars.allSatisfy({ $0.properties.isAlphabetic }) else { return nil }
        guard !known.contains(Self.hash(scalars, skipping: -1, -1)) else { return nil }
        let reach = min(2, policy.maximumDistance(forLength: scalars.count + 2))
        guard reach > 0 else { return nil }
        var best: (id: Int32, distance: Int)?
        Self.forEachDeletionHash(scalars, upTo: reach) { hash in
            deletions.forEach(hash) { id in
                let word = words[Int(id)]
                // Misspellings keep their first letter far more often than not; requiring it keeps
                // "border" from becoming "order".
                guard word.first == scalars.first else { return }
                let allowed = policy.maximumDistance(forLength: word.count)
                guard abs(word.count - scalars.count) <= allowed else { return }
                if let current = best, current.id == id { return }
                let distance = Spelling.editDistance(scalars, word)
                guard distance > 0, distance <= allowed else { return }
                if let current = best {
                    let better =
                        distance < current.distance
                        || (distance == current.distance && wordTexts[Int(id)] < wordTexts[Int(current.id)])
                    if !better { return }
                }
                best = (id, distance)
            }
        }
        return best.map { (wordTexts[Int($0.id)], $0.distance) }
    }
}
