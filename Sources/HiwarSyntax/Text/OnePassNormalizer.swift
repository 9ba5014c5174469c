/// The normalization pipeline for the text customers actually send in Arabic and Persian: every
/// scalar is ASCII, an Arabic-block letter, digit, mark or punctuation mark, a typographic quote or
/// dash, ZWNJ, a control or a deleted invisible (bidi marks, ZWJ, BOM…).
///
/// On such text NFKC, case folding and NFC change nothing but ASCII case (the scalars are exactly
/// ``UnicodeTables/isFast(_:)``'s), so the spec's steps reduce to table lookups, done in one pass
/// over the UTF-8 into one buffer, then compacted in place; no Foundation call and three
/// allocations (the buffer, the text, the offset map). Anything else returns `nil` and takes the
/// general pipeline. The result is scalar-for-scalar and offset-for-offset what the general
/// pipeline gives (`NormalizerPropertyTests` compares them on random text).
package enum OnePassNormalizer {
    private typealias Unit = NormalizationUnit

    /// Normalizes valid UTF-8, or returns `nil` when a scalar needs the general pipeline.
    ///
    /// - Parameters:
    ///   - bytes: The input's UTF-8.
    ///   - cap: N0's scalar cap, or `nil` for literals.
    ///   - options: The normalization options.
    ///   - record: Whether to build the offset map.
    /// - Returns: The match form, whether the cap cut the input, and the offset map (empty unless
    ///   `record`).
    package static func normalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        cap: Int?,
        options: NormalizationOptions,
        record: Bool
    ) -> (text: String, truncated: Bool, origins: [ScalarOrigin])? {
        var units: [Unit] = []
        units.reserveCapacity(bytes.count)
        var truncated = false
        // N0–N7, scalar by scalar.
        var index = 0
        var scalars = 0
        var segmentFirstOutput = 0
        var isFirst = true
        while index < bytes.count {
            if let cap, scalars >= cap {
                truncated = true
                break
            }
            scalars += 1
            let (decoded, width) = UTF8Scalars.decode(bytes, at: index)
            let start = Int32(index)
            index += width
            let end = Int32(index)
            var value = decoded
            if UnicodeTables.isControl(value) {
                value = 0x20
            } else if UnicodeTables.isDeletedInvisible(value) {
                continue
            } else if !UnicodeTables.isFast(value) {
                return nil
            }
            // Segments are closed under composition; a deleted mark belongs to the scalar it sits
            // on only within its segment.
            if !isFirst && !UnicodeTables.continuesSegment(value) { segmentFirstOutput = units.count }
            isFirst = false
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            if let mapped = UnicodeTables.fold(value, options) {
                units.append(Unit(value: mapped, start: start, end: end))
            } else if units.count > segmentFirstOutput {
                units[units.count - 1].end = end
            }
        }
        let count = units.withUnsafeMutableBufferPointer { buffer -> Int in
            var count = splitOrJoinAtZWNJ(buffer, count: buffer.count)
            count = collapseSpaces(buffer, count: count)
            if options.squeezeRepeats { count = squeezeRepeats(buffer, count: count) }
            return count
        }
        return output(units, count: count, truncated: truncated, record: record)
    }

    /// N8 in place: a run of ZWNJ with an Arabic-script letter on both sides becomes one space; any other ZWNJ is
    /// deleted.
    ///
    /// Returns the new count.
    private static func splitOrJoinAtZWNJ(_ units: UnsafeMutableBufferPointer<Unit>, count: Int) -> Int {
        var read = 0
        var write = 0
        while read < count {
            let unit = units[read]
            guard unit.value == 0x200C else {
                units[write] = unit
                write += 1
                read += 1
                continue
            }
            var runEnd = read
            while runEnd < count && units[runEnd].value == 0x200C { runEnd += 1 }
            // units[read - 1] is the folded unit, or (when nothing was removed before it) the same
            // unit written back; a ZWNJ run is maximal, so it was not a ZWNJ turned into a space.
            let letterBefore = read > 0 && UnicodeTables.isArabicScriptLetter(units[read - 1].value)
            let letterAfter = runEnd < count && UnicodeTables.isArabicScriptLetter(units[runEnd].value)
            if letterBefore && letterAfter {
                units[write] = Unit(value: 0x20, start: unit.start, end: units[runEnd - 1].end)
                write += 1
            }
            read = runEnd
        }
        return write
    }

    /// N10 in place: runs of spaces collapse to one; both ends are trimmed.
    ///
    /// (On this path the only space separator is U+0020.) Returns the new count.
    private static func collapseSpaces(_ units: UnsafeMutableBufferPointer<Unit>, count: Int) -> Int {
        var write = 0
        var pendingSpace: Unit?
        for read in 0..<count {
            let unit = units[read]
            if unit.value == 0x20 {
                if pendingSpace == nil && write > 0 { pendingSpace = unit }
                continue
            }
            if let space = pendingSpace {
                units[write] = space
                write += 1
                pendingSpace = nil
            }
            units[write] = unit
            write += 1
        }
        return write
    }

    /// N11 in place: in a token with no ASCII digit, a run of three or more identical letters becomes one letter that
    /// maps back to the whole run.
    ///
    /// Returns the new count.
    package static func squeezeRepeats(_ units: UnsafeMutableBufferPointer<NormalizationUnit>, count: Int) -> Int {
        var write = 0
        var tokenStart = 0
        while tokenStart < count {
            var tokenEnd = tokenStart
            var hasDigit = false
            while tokenEnd < count && units[tokenEnd].value != 0x20 {
                if units[tokenEnd].value >= 0x30 && units[tokenEnd].value <= 0x39 { hasDigit = true }
                tokenEnd += 1
            }
            var index = tokenStart
            while index < tokenEnd {
                var runEnd = index + 1
                while runEnd < tokenEnd && units[runEnd].value == units[index].value { runEnd += 1 }
                if !hasDigit && runEnd - index >= 3 && UnicodeTables.isLetter(units[index].value) {
                    var kept = units[index]
                    kept.end = units[runEnd - 1].end
                    units[write] = kept
                    write += 1
                } else {
                    for position in index..<runEnd {
                        units[write] = units[position]
                        write += 1
                    }
                }
                index = runEnd
            }
            if tokenEnd < count {
                units[write] = units[tokenEnd]
                write += 1
            }
            tokenStart = tokenEnd + 1
        }
        return write
    }

    /// The UTF-8 text and offset map of the first `count` units.
    private static func output(
        _ units: [Unit],
        count: Int,
        truncated: Bool,
        record: Bool
    ) -> (text: String, truncated: Bool, origins: [ScalarOrigin]) {
        var origins: [ScalarOrigin] = []
        if record { origins.reserveCapacity(count) }
        // Every scalar left is in fact below U+0800 (ZWNJ is gone, typographic marks are folded to
        // ASCII), but three bytes are allowed for.
        let text = String(unsafeUninitializedCapacity: max(1, count * 3)) { buffer in
            var length = 0
            for unit in units[..<count] {
                if record {
                    origins.append(
                        ScalarOrigin(normalizedStart: Int32(length), originalStart: unit.start, originalEnd: unit.end)
                    )
                }
                let value = unit.value
                if value < 0x80 {
                    buffer[length] = UInt8(value)
                    length += 1
                } else if value < 0x800 {
                    buffer[length] = UInt8(0xC0 | (value >> 6))
                    buffer[length + 1] = UInt8(0x80 | (value & 0x3F))
                    length += 2
                } else {
                    buffer[length] = UInt8(0xE0 | (value >> 12))
                    buffer[length + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    buffer[length + 2] = UInt8(0x80 | (value & 0x3F))
                    length += 3
                }
            }
            return length
        }
        return (text, truncated, origins)
    }
}

/// One scalar on its way through normalization, with the UTF-8 range of the original text it came from.
package struct NormalizationUnit {
    package var value: UInt32
    package var start: Int32
    package var end: Int32
}
