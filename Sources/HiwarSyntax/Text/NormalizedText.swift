internal import PCRE2Kit

/// A message in match form, with a map from every part of it back to the text the customer typed.
///
/// The match form is internal: patterns run against ``text``, and anything shown to a person
/// (a slot's original spelling, an explanation's highlighted span) is read from ``original``
/// through ``originalRange(of:)``.
package struct NormalizedText: Sendable, Hashable {
    /// The match form: the result of the normalization pipeline.
    package let text: String

    /// The text as it was given.
    package let original: String

    /// Whether step N0 cut the input at the scalar cap.
    package let wasTruncated: Bool

    /// For each scalar of ``text``, in order: its UTF-8 offset in ``text`` and the UTF-8 range in
    /// ``original`` it came from.
    private let origins: [ScalarOrigin]

    package init(text: String, original: String, wasTruncated: Bool, origins: [ScalarOrigin]) {
        self.text = text
        self.original = original
        self.wasTruncated = wasTruncated
        self.origins = origins
    }

    /// Maps a UTF-8 byte range of ``text`` (a PCRE2 match or group) to the UTF-8 byte range of
    /// ``original`` that produced it.
    ///
    /// The result covers every original scalar that contributed to the range: a folded letter maps
    /// to the letter as typed, with its diacritics; a squeezed run maps to the whole run; a digit
    /// maps to the Arabic-Indic or Persian digit typed. An empty range maps to an empty range at
    /// the corresponding position.
    ///
    /// - Complexity: O(log *n*) in the number of scalars of ``text``.
    package func originalRange(of normalizedRange: Range<Int>) -> Range<Int> {
        guard !origins.isEmpty else { return 0..<0 }
        let first = scalarIndex(containing: normalizedRange.lowerBound)
        if normalizedRange.isEmpty {
            let position =
                normalizedRange.lowerBound >= text.utf8.count
                ? Int(origins[origins.count - 1].originalEnd) : Int(origins[first].originalStart)
            return position..<position
        }
        let last = scalarIndex(containing: normalizedRange.upperBound - 1)
        let start = Int(origins[first].originalStart)
        let end = max(start, Int(origins[last].originalEnd))
        return start..<end
    }

    /// The part of ``original`` that produced a byte range of ``text``.
    package func originalSubstring(of normalizedRange: Range<Int>) -> Substring {
        original.utf8Slice(originalRange(of: normalizedRange))
    }

    /// The index of the normalized scalar whose UTF-8 bytes contain `offset`.
    private func scalarIndex(containing offset: Int) -> Int {
        var low = 0
        var high = origins.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(origins[middle].normalizedStart) <= offset {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    /// A copy with some byte ranges of ``text`` replaced (typo corrections), whose offset map still
    /// leads back to ``original``: every scalar of a replacement maps to what the replaced text
    /// came from.
    ///
    /// - Parameter replacements: Non-overlapping UTF-8 ranges of ``text``, in order, and their new text.
    /// - Returns: The new text with a composed offset map.
    package func replacing(_ replacements: [(range: Range<Int>, with: String)]) -> NormalizedText {
        var bytes: [UInt8] = []
        var origins: [ScalarOrigin] = []
        let source = Array(text.utf8)
        var position = 0
        func copy(upTo end: Int) {
            var offset = position
            while offset < end {
                var next = offset + 1
                while next < end && source[next] & 0xC0 == 0x80 { next += 1 }
                let range = originalRange(of: offset..<next)
                origins.append(ScalarOrigin(bytes.count, range))
                bytes.append(contentsOf: source[offset..<next])
                offset = next
            }
            position = end
        }
        for (range, replacement) in replacements {
            copy(upTo: range.lowerBound)
            let mapped = originalRange(of: range)
            for scalar in replacement.unicodeScalars {
                origins.append(ScalarOrigin(bytes.count, mapped))
                UTF8.encode(scalar) { bytes.append($0) }
            }
            position = range.upperBound
        }
        copy(upTo: source.count)
        return NormalizedText(
            text: String(decoding: bytes, as: UTF8.self),
            original: original,
            wasTruncated: wasTruncated,
            origins: origins
        )
    }
}

/// Where one scalar of a match form is, and where it came from.
package struct ScalarOrigin: Sendable, Hashable {
    /// Its UTF-8 offset in the match form.
    package var normalizedStart: Int32
    /// The UTF-8 range of the original text it came from.
    package var originalStart: Int32
    package var originalEnd: Int32

    package init(normalizedStart: Int32, originalStart: Int32, originalEnd: Int32) {
        self.normalizedStart = normalizedStart
        self.originalStart = originalStart
        self.originalEnd = originalEnd
    }

    package init(_ normalizedStart: Int, _ original: Range<Int>) {
        self.init(
            normalizedStart: Int32(normalizedStart),
            originalStart: Int32(original.lowerBound),
            originalEnd: Int32(original.upperBound)
        )
    }
}
