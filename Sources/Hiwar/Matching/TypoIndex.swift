/// Corrects misspelled words of a message to words the bot's patterns use, through a symmetric deletion index: every
/// vocabulary word is stored under each string obtained by deleting up to *k* of its letters, and a message word looks
/// up its own deletions — so finding candidates costs O(length^k) per message word, independent of the vocabulary's
/// size.
///
/// Candidates are confirmed with the Damerau-Levenshtein (optimal string alignment) distance.
struct TypoIndex: Sendable {
    let policy: TypoPolicy
    /// Every literal word of every pattern: these are never corrected.
    private let known: Set<String>
    /// Correctable vocabulary words.
    private let words: [[Unicode.Scalar]]
    private let wordTexts: [String]
    /// Deletion variant → vocabulary word indices.
    private let deletions: [String: [Int32]]

    /// Builds the index.
    ///
    /// - Parameters:
    ///   - vocabulary: Words typos may be corrected to (match form).
    ///   - known: Every literal word the patterns use, corrected or not.
    ///   - policy: The distance thresholds.
    init(vocabulary: Set<String>, known: Set<String>, policy: TypoPolicy) {
        self.policy = policy
        self.known = known
        var words: [[Unicode.Scalar]] = []
        var texts: [String] = []
        var deletions: [String: [Int32]] = [:]
        for word in vocabulary.sorted() {
            let scalars = Array(word.unicodeScalars)
            let distance = policy.maximumDistance(forLength: scalars.count)
            guard distance > 0, scalars.allSatisfy({ $0.properties.isAlphabetic }) else { continue }
            let id = Int32(words.count)
            words.append(scalars)
            texts.append(word)
            for variant in Self.deletionVariants(scalars, upTo: distance) {
                deletions[variant, default: []].append(id)
            }
        }
        self.words = words
        self.wordTexts = texts
        self.deletions = deletions
    }

    /// Whether the index holds any correctable word.
    var isEmpty: Bool { words.isEmpty }

    /// Every string made by deleting up to `distance` scalars, the word itself included.
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
    /// corrected, and a correction keeps the token's first letter. Among candidates, the smallest distance wins, then the alphabetically first, so
    /// corrections are deterministic.
    func correction(for token: Substring) -> (word: String, distance: Int)? {
        let text = String(token)
        guard !known.contains(text) else { return nil }
        let scalars = Array(token.unicodeScalars)
        guard scalars.count >= 4, scalars.allSatisfy({ $0.properties.isAlphabetic }) else { return nil }
        let reach = min(2, policy.maximumDistance(forLength: scalars.count + 2))
        guard reach > 0 else { return nil }
        var best: (word: String, distance: Int)?
        for variant in Self.deletionVariants(scalars, upTo: reach) {
            for id in deletions[variant] ?? [] {
                let word = words[Int(id)]
                let allowed = policy.maximumDistance(forLength: word.count)
                guard abs(word.count - scalars.count) <= allowed else { continue }
                // Misspellings keep their first letter far more often than not; requiring it keeps
                // "border" from becoming "order".
                guard word.first == scalars.first else { continue }
                let distance = Spelling.editDistance(scalars, word)
                guard distance > 0, distance <= allowed else { continue }
                let text = wordTexts[Int(id)]
                if best.map({ distance < $0.distance || (distance == $0.distance && text < $0.word) }) ?? true {
                    best = (text, distance)
                }
            }
        }
        return best
    }
}
