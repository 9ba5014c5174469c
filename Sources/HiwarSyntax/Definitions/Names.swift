/// The spelling rules for names in definition files.
package enum Names {
    /// What a name names; each kind has its own rule.
    package enum Kind: String {
        case intent, event, flow, state, response, entity, slot, action, field, concept

        /// The rule, as a hint for authors.
        package var rule: String {
            switch self {
            case .slot, .field, .entity, .concept:
                "use lowercase ASCII letters, digits and _, starting with a letter, at most 32 characters"
            case .state, .action:
                "use ASCII letters, digits and _, starting with a letter"
            case .intent, .event, .flow, .response:
                "use lowercase ASCII words of letters, digits and _, joined by dots (order.track)"
            }
        }
    }

    package static func isValid(_ name: String, _ kind: Kind) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, first.isASCIILetter else { return false }
        switch kind {
        case .slot, .field, .entity, .concept:
            return scalars.count <= 32 && scalars.allSatisfy { $0.isASCIILowercase || $0.isASCIIDigit || $0 == "_" }
        case .state, .action:
            return scalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" }
        case .intent, .event, .flow, .response:
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            return parts.allSatisfy { part in
                guard let head = part.unicodeScalars.first, head.isASCIILowercase else { return false }
                return part.unicodeScalars.allSatisfy { $0.isASCIILowercase || $0.isASCIIDigit || $0 == "_" }
            }
        }
    }

    /// `en`, `ar`, `fa`, `pt-BR`: two or three lowercase letters, optionally a region.
    package static func isLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let language = parts.first, (2...3).contains(language.count),
            language.unicodeScalars.allSatisfy(\.isASCIILowercase)
        else { return false }
        if parts.count == 2 {
            let region = parts[1]
            return (2...3).contains(region.count)
                && region.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
        }
        return true
    }
}

extension Unicode.Scalar {
    package var isASCIILowercase: Bool { value >= 0x61 && value <= 0x7A }
    package var isASCIILetter: Bool { (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
    package var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
}

/// "Did you mean" suggestions.
package enum Spelling {
    /// The candidate closest to `word` by Damerau-Levenshtein distance, if it is close enough to
    /// be a plausible typo (at most 2 edits, and fewer than half the word's length).
    package static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = min(2, max(1, word.count / 2))
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions).
    package static func editDistance(_ a: String, _ b: String) -> Int {
        editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// The optimal-string-alignment distance between two sequences of scalar values, or any value
    /// above `limit` when it is larger than `limit`; no allocation for words of up to 64 scalars.
    package static func editDistance(
        _ a: UnsafeBufferPointer<UInt32>,
        _ b: UnsafeBufferPointer<UInt32>,
        limit: Int
    ) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width * 3) { rows in
            var previousPrevious = UnsafeMutableBufferPointer(rebasing: rows[0..<width])
            var previous = UnsafeMutableBufferPointer(rebasing: rows[width..<(2 * width)])
            var current = UnsafeMutableBufferPointer(rebasing: rows[(2 * width)..<(3 * width)])
            for j in 0..<width {
                previous[j] = j
                previousPrevious[j] = 0
            }
            var previousMinimum = 0
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        value = min(value, previousPrevious[j - 2] + 1)
                    }
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                // A row's minimum is at least the smaller of the previous row's minimum and the one
                // before plus one (a transposition reaches two rows back), so once two rows in a row
                // exceed `limit`, every later row does too.
                if rowMinimum > limit && previousMinimum > limit { return rowMinimum }
                previousMinimum = rowMinimum
                (previousPrevious, previous, current) = (previous, current, previousPrevious)
            }
            return previous[b.count]
        }
    }

    /// The optimal-string-alignment distance between two scalar sequences.
    package static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
