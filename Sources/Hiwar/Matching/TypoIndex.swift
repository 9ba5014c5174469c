internal import HiwarSyntax

/// Corrects misspelled words of a message to words the bot's patterns use, through a symmetric deletion index: every
/// vocabulary word is stored under each string obtained by deleting up to *k* of its letters, and a message word looks
/// up its own deletions — so finding candidates costs O(length^k) per message word, independent of the vocabulary's
/// size.
///
/// Candidates are confirmed with the Damerau-Levenshtein (optimal string alignment) distance.
///
/// The variants are never built as strings: a word's deletion variants are hashed with a polynomial hash computed from
/// the word's prefix hashes, O(1) per variant, and looked up in a ``HashTable`` whose bit filter answers most misses
/// from the processor's cache. Lookups allocate nothing. Words longer than ``maximumWordLength`` scalars are neither
/// indexed nor corrected.
///
/// A class: it is immutable, and lookups capture it in closures, which would otherwise copy every
/// table's reference.
final class TypoIndex: Sendable {
    let policy: TypoPolicy
    /// Hashes of every literal word of every pattern: these are never corrected.
    private let known: HashTable
    /// Whether ``known`` holds any word (a stretched word can be undoubled to one).
    private let hasKnownWords: Bool
    /// Correctable vocabulary words, as scalar values, one after the other.
    private let wordScalars: [UInt32]
    /// Where each word starts in ``wordScalars``; one more entry than there are words.
    private let wordStarts: [Int32]
    private let wordTexts: [String]
    /// Hash of a deletion variant → vocabulary word indices.
    ///
    /// Hashes, not strings: lookups allocate nothing, and every candidate is confirmed by its edit distance, so a
    /// collision costs one comparison and can never produce a wrong correction.
    private let deletions: HashTable

    /// The longest word, in scalars, that is indexed or corrected.
    static let maximumWordLength = 48

    /// Builds the index.
    ///
    /// - Parameters:
    ///   - vocabulary: Words typos may be corrected to (match form).
    ///   - known: Every literal word the patterns use, corrected or not.
    ///   - policy: The distance thresholds.
    init(vocabulary: Set<String>, known: Set<String>, policy: TypoPolicy) {
        self.policy = policy
        var knownHashes: [UInt64: [Int32]] = [:]
        for word in known {
            let scalars = word.unicodeScalars.map(\.value)
            guard scalars.count <= Self.maximumWordLength else { continue }
            knownHashes[scalars.withUnsafeBufferPointer { DeletionHash.whole($0) }] = [0]
        }
        self.known = HashTable(knownHashes)
        self.hasKnownWords = !knownHashes.isEmpty
        var wordScalars: [UInt32] = []
        var wordStarts: [Int32] = [0]
        var texts: [String] = []
        var deletions: [UInt64: [Int32]] = [:]
        for word in vocabulary.sorted() {
            let scalars = word.unicodeScalars.map(\.value)
            let distance = policy.maximumDistance(forLength: scalars.count)
            guard distance > 0, scalars.count <= Self.maximumWordLength, scalars.allSatisfy(Self.isLetter) else {
                continue
            }
            let id = Int32(texts.count)
            wordScalars.append(contentsOf: scalars)
            wordStarts.append(Int32(wordScalars.count))
            texts.append(word)
            let salt = Self.salt(scalars[0])
            scalars.withUnsafeBufferPointer { buffer in
                DeletionHash.forEachVariant(of: buffer, upTo: distance) { variant in
                    let hash = variant ^ salt
                    if deletions[hash]?.last != id { deletions[hash, default: []].append(id) }
                }
            }
        }
        self.wordScalars = wordScalars
        self.wordStarts = wordStarts
        self.wordTexts = texts
        self.deletions = HashTable(deletions)
    }

    /// What a deletion variant's hash is combined with: the word's first letter.
    ///
    /// A correction keeps the typed word's first letter, so words are filed under their first
    /// letter and variant together: a typed word meets only candidates that can be accepted, and
    /// the others never cost a lookup in the table.
    @inline(__always)
    private static func salt(_ first: UInt32) -> UInt64 {
        UInt64(first) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Whether the index can correct nothing: no correctable word, and no known word a stretched one could be.
    var isEmpty: Bool { wordTexts.isEmpty && !hasKnownWords }

    /// The vocabulary word with index `id` (from ``correction(scalars:)``).
    func word(_ id: Int32) -> String { wordTexts[Int(id)] }

    /// Whether a scalar counts as a letter for typo correction (words with digits or symbols are never corrected).
    @inline(__always)
    static func isLetter(_ value: UInt32) -> Bool {
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        // Arabic letters, without a property lookup: the block's letters are 0621–064A, 066E–06D3 and a few more.
        if value >= 0x0600 && value <= 0x06FF {
            return (value >= 0x0620 && value <= 0x064A) || (value >= 0x066E && value <= 0x06D3) || value == 0x06D5
                || (value >= 0x06EE && value <= 0x06EF) || (value >= 0x06FA && value <= 0x06FC) || value == 0x06FF
                || (value >= 0x064B && value <= 0x0657) || value == 0x0659 || value == 0x065A || value == 0x065B
                || value == 0x065C || value == 0x065D || value == 0x065E || value == 0x065F || value == 0x0670
                || (value >= 0x06D6 && value <= 0x06DC) || (value >= 0x06E1 && value <= 0x06E4)
                || (value >= 0x06E7 && value <= 0x06E8) || value == 0x06ED
        }
        return Unicode.Scalar(value)?.properties.isAlphabetic ?? false
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

    /// The vocabulary word `token` is a misspelling of, or `nil` (the form for tests and explanations).
    func correction(for token: Substring) -> (word: String, distance: Int)? {
        let scalars = token.unicodeScalars.map(\.value)
        return scalars.withUnsafeBufferPointer { buffer in
            correction(scalars: buffer).map { (wordTexts[Int($0.id)], $0.distance) }
        }
    }

    /// A word typed with its last letter doubled ("heyy", "okk", "byee", "مرسیی"): the word without the repeat, when
    /// the patterns use that and not the doubled form; else `nil`.
    ///
    /// Normalization squeezes runs of three or more letters (spec §3.6) but leaves two, which English spells ("see",
    /// "off"); a pair at the end of a word the patterns do not know, whose single form they do, is a stretched word.
    ///
    /// - Complexity: O(*n*) for a token of *n* scalars; no allocation unless it answers.
    func undoubled(scalars: UnsafeBufferPointer<UInt32>) -> String? {
        let count = scalars.count
        guard count >= 3, count <= Self.maximumWordLength, scalars[count - 1] == scalars[count - 2] else { return nil }
        for value in scalars where !Self.isLetter(value) { return nil }
        guard !known.contains(DeletionHash.whole(scalars)) else { return nil }
        let shorter = UnsafeBufferPointer(rebasing: scalars[..<(count - 1)])
        guard known.contains(DeletionHash.whole(shorter)) else { return nil }
        return String(String.UnicodeScalarView(shorter.compactMap(Unicode.Scalar.init)))
    }

    /// The vocabulary word (by index) a token of these scalars is a misspelling of, or `nil`.
    ///
    /// A token the patterns use as is, one with digits, or one shorter than four letters is never
    /// corrected, and a correction keeps the token's first letter. Among candidates, the smallest
    /// distance wins, then the alphabetically first, so corrections are deterministic.
    ///
    /// - Complexity: O(*n*²) hash lookups for a token of *n* scalars (two deletions), independent of
    ///   the vocabulary's size; no allocation unless two candidates tie.
    func correction(scalars: UnsafeBufferPointer<UInt32>) -> (id: Int32, distance: Int)? {
        let count = scalars.count
        guard count >= 4, count <= Self.maximumWordLength else { return nil }
        for value in scalars where !Self.isLetter(value) { return nil }
        guard !known.contains(DeletionHash.whole(scalars)) else { return nil }
        guard let reach = Self.reach(typedLength: count, policy: policy) else { return nil }
        var best: (id: Int32, distance: Int)?
        let first = scalars[0]
        let salt = Self.salt(first)
        wordScalars.withUnsafeBufferPointer { vocabulary in
            // Every word one edit away is found with at most one deletion from the typed word, so
            // the variants with two deletions (most of the lookups) are needed only while no word
            // that close has turned up.
            func consider(_ variant: UInt64) {
                deletions.forEach(variant ^ salt) { id in
                    if let current = best, current.id == id { return }
                    let start = Int(wordStarts[Int(id)])
                    let word = UnsafeBufferPointer(rebasing: vocabulary[start..<Int(wordStarts[Int(id) + 1])])
                    // Misspellings keep their first letter far more often than not; requiring it keeps
                    // "border" from becoming "order". (The salt already ensures it but for collisions.)
                    guard word[0] == first else { return }
                    let allowed = policy.maximumDistance(forLength: word.count)
                    guard abs(word.count - count) <= allowed else { return }
                    let distance = Spelling.editDistance(scalars, word, limit: allowed)
                    guard distance > 0, distance <= allowed else { return }
                    if let current = best {
                        let better: Bool
                        if distance != current.distance {
                            better = distance < current.distance
                        } else {
                            // A tie: letters swapped ("stauts" → "status") beat a letter changed ("starts"),
                            // then the alphabetically first word.
                            let currentStart = Int(wordStarts[Int(current.id)])
                            let currentWord = UnsafeBufferPointer(
                                rebasing: vocabulary[currentStart..<Int(wordStarts[Int(current.id) + 1])]
                            )
                            let (mine, theirs) = (
                                Self.sameLetters(scalars, word), Self.sameLetters(scalars, currentWord)
                            )
                            better =
                                mine != theirs ? mine : wordTexts[Int(id)] < wordTexts[Int(current.id)]
                        }
                        if !better { return }
                    }
                    best = (id, distance)
                }
            }
            DeletionHash.forEachVariant(of: scalars, deleting: 0...min(reach, 1), consider)
            if reach == 2 && best?.distance != 1 {
                DeletionHash.forEachVariant(of: scalars, deleting: 2...2, consider)
            }
        }
        return best
    }

    /// Whether two words are made of the same letters (a transposition apart, at a distance of one).
    ///
    /// Only ties between candidates ask it; words are at most ``maximumWordLength`` scalars.
    static func sameLetters(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Bool {
        guard a.count == b.count else { return false }
        return a.sorted() == b.sorted()
    }

    /// How many scalars to delete from a typed word of `length` scalars so that its variants meet
    /// those of every vocabulary word within that word's allowed distance, or `nil` when no
    /// vocabulary word can be close enough.
    ///
    /// If the optimal string alignment distance between a typed word of *n* scalars and a
    /// vocabulary word of *m* is *d*, made of *x* insertions, *y* deletions, *s* substitutions and
    /// *r* transpositions, deleting *y* + *s* + *r* scalars from the typed word and *x* + *s* + *r*
    /// from the vocabulary word (one of each transposed pair) leaves the same string. So the typed
    /// word needs *d* − *x* ≤ allowed(*m*) − max(0, *m* − *n*) deletions, while the index holds
    /// every vocabulary word's variants up to its allowed distance. The largest need comes from
    /// *m* = *n*, *n* + 1 or *n* + 2: a 7- or 8-letter word, under the default policy, needs one
    /// deletion, not two (9 lookups instead of 37).
    static func reach(typedLength n: Int, policy: TypoPolicy) -> Int? {
        let need =
            [
                policy.maximumDistance(forLength: n),
                policy.maximumDistance(forLength: n + 1) - 1,
                policy.maximumDistance(forLength: n + 2) - 2,
            ]
            .max() ?? -1
        // A need of 0 is met by looking up the word itself, which finds longer vocabulary words;
        // only those within reach (allowed at least one edit) count.
        let longerReachable =
            policy.maximumDistance(forLength: n + 1) >= 1 || policy.maximumDistance(forLength: n + 2) >= 2
        guard need >= 1 || (need == 0 && longerReachable) else { return nil }
        return min(need, 2)
    }
}

/// The hashes of a word and of its deletion variants, shared by the index and its lookups.
///
/// A polynomial hash, H(s) = Σ sᵢ·Bⁿ⁻¹⁻ⁱ (wrapping), lets the hash of the word without one or two
/// scalars be computed from its prefix hashes in constant time; the result is then mixed with the
/// length (murmur3's finalizer) so that it can be used as a table position.
enum DeletionHash {
    private static let base: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// B⁰ … B^maximumWordLength.
    private static let powers: [UInt64] = {
        var result: [UInt64] = [1]
        for _ in 0..<TypoIndex.maximumWordLength { result.append(result[result.count - 1] &* base) }
        return result
    }()

    @inline(__always)
    private static func finish(_ hash: UInt64, length: Int) -> UInt64 {
        var mixed = hash ^ (UInt64(truncatingIfNeeded: length) &* 0xFF51_AFD7_ED55_8CCD)
        mixed ^= mixed >> 33
        mixed = mixed &* 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed = mixed &* 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }

    /// The hash of the whole word.
    static func whole(_ scalars: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var hash: UInt64 = 0
        for value in scalars { hash = hash &* base &+ UInt64(value) }
        return finish(hash, length: scalars.count)
    }

    /// Calls `body` with the hash of the word and of every variant with up to `distance` (1 or 2) scalars deleted.
    ///
    /// The word must have at most ``TypoIndex/maximumWordLength`` scalars.
    static func forEachVariant(
        of scalars: UnsafeBufferPointer<UInt32>,
        upTo distance: Int,
        _ body: (UInt64) -> Void
    ) {
        forEachVariant(of: scalars, deleting: 0...distance, body)
    }

    /// Calls `body` with the hash of every variant with a number of scalars deleted in `deletions`
    /// (within 0...2; 0 is the word itself).
    ///
    /// The word must have at most ``TypoIndex/maximumWordLength`` scalars.
    static func forEachVariant(
        of scalars: UnsafeBufferPointer<UInt32>,
        deleting deletions: ClosedRange<Int>,
        _ body: (UInt64) -> Void
    ) {
        let count = scalars.count
        powers.withUnsafeBufferPointer { power in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count + 1) { prefix in
                // prefix[i]: the hash of the first i scalars.
                prefix[0] = 0
                for index in 0..<count { prefix[index + 1] = prefix[index] &* base &+ UInt64(scalars[index]) }
                let whole = prefix[count]
                if deletions.contains(0) { body(finish(whole, length: count)) }
                guard deletions.upperBound >= 1 else { return }
                for first in 0..<count {
                    // Without scalar `first`: the prefix before it, shifted, plus the suffix after it.
                    let shift = power[count - 1 - first]
                    if deletions.contains(1) {
                        let suffix = whole &- prefix[first + 1] &* shift
                        body(finish(prefix[first] &* shift &+ suffix, length: count - 1))
                    }
                    guard deletions.upperBound >= 2 else { continue }
                    for second in (first + 1)..<count {
                        let tail = power[count - 1 - second]
                        let middle = prefix[second] &- prefix[first + 1] &* power[second - 1 - first]
                        let after = whole &- prefix[second + 1] &* tail
                        body(
                            finish(
                                prefix[first] &* power[count - 2 - first] &+ middle &* tail &+ after,
                                length: count - 2
                            )
                        )
                    }
                }
            }
        }
    }
}
