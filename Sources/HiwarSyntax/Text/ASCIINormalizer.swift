/// The normalization pipeline for input that is entirely ASCII, in one pass over bytes.
///
/// On ASCII, NFKC, the Arabic steps and NFC change nothing, and case folding is lowercasing, so
/// the pipeline reduces to N0, N1, case folding, N10 and N11. The result is byte-for-byte what the
/// general pipeline gives (the property tests compare them).
package enum ASCIINormalizer {
    /// Normalizes `bytes`, which must all be below 0x80.
    ///
    /// - Parameters:
    ///   - bytes: The input's UTF-8, all ASCII.
    ///   - cap: N0's scalar cap, or `nil` for literals.
    ///   - squeeze: Whether N11 runs.
    ///   - record: Whether to fill `offsets`.
    ///   - offsets: Receives, for each output byte, the original byte range it came from.
    /// - Returns: The match form and whether the cap cut the input.
    package static func normalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        cap: Int?,
        squeeze: Bool,
        record: Bool,
        offsets: inout [ScalarOrigin]
    ) -> (String, Bool) {
        let truncated = cap.map { bytes.count > $0 } ?? false
        let count = cap.map { min($0, bytes.count) } ?? bytes.count
        let text = String(unsafeUninitializedCapacity: max(1, count)) { out in
            var length = 0
            var tokenStart = 0
            var tokenHasDigit = false
            // Whether the token has a run of three identical letters: only then is N11 worth running.
            var tokenHasRun = false
            var runLength = 0
            var pendingSpace = -1  // original offset of a space waiting to be written

            func endToken() {
                if squeeze && tokenHasRun && !tokenHasDigit {
                    length = squeezeRuns(out, from: tokenStart, to: length, record: record, offsets: &offsets)
                }
                tokenHasDigit = false
                tokenHasRun = false
                runLength = 0
            }

            for index in 0..<count {
                var byte = bytes[index]
                if byte < 0x20 || byte == 0x7F { byte = 0x20 }
                if byte == 0x20 {
                    if pendingSpace < 0 && length > 0 {
                        endToken()
                        pendingSpace = index
                    }
                    continue
                }
                if pendingSpace >= 0 {
                    out[length] = 0x20
                    if record { offsets.append(ScalarOrigin(length, pendingSpace..<(pendingSpace + 1))) }
                    length += 1
                    pendingSpace = -1
                    tokenStart = length
                }
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte >= 0x30 && byte <= 0x39 { tokenHasDigit = true }
                runLength = length > tokenStart && out[length - 1] == byte ? runLength + 1 : 1
                if runLength >= 3 && byte >= 0x61 && byte <= 0x7A { tokenHasRun = true }
                if record { offsets.append(ScalarOrigin(length, index..<(index + 1))) }
                out[length] = byte
                length += 1
            }
            if pendingSpace < 0 { endToken() }  // a trailing space already ended the last token
            return length
        }
        return (text, truncated)
    }

    /// N11 on the token `out[start..<end]`: a run of three or more identical letters becomes one.
    ///
    /// - Returns: The new end of the text.
    private static func squeezeRuns(
        _ out: UnsafeMutableBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        record: Bool,
        offsets: inout [ScalarOrigin]
    ) -> Int {
        var read = start
        var write = start
        while read < end {
            let byte = out[read]
            var runEnd = read + 1
            while runEnd < end && out[runEnd] == byte { runEnd += 1 }
            let isLetter = (byte >= 0x61 && byte <= 0x7A)
            if isLetter && runEnd - read >= 3 {
                out[write] = byte
                if record {
                    offsets[write] = ScalarOrigin(
                        normalizedStart: Int32(write),
                        originalStart: offsets[read].originalStart,
                        originalEnd: offsets[runEnd - 1].originalEnd
                    )
                }
                write += 1
            } else {
                for position in read..<runEnd {
                    out[write] = out[position]
                    if record {
                        offsets[write] = offsets[position]
                        offsets[write].normalizedStart = Int32(write)
                    }
                    write += 1
                }
            }
            read = runEnd
        }
        if record && write < end { offsets.removeSubrange(write..<end) }
        return write
    }
}
