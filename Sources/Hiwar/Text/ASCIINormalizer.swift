/// The normalization pipeline for input that is entirely ASCII, in one pass over bytes.
///
/// On ASCII, NFKC, the Arabic steps and NFC change nothing, and case folding is lowercasing, so
/// the pipeline reduces to N0, N1, case folding, N10 and N11. The result is byte-for-byte what the
/// general pipeline gives (the property tests compare them).
enum ASCIINormalizer {
    /// Normalizes `bytes`, which must all be below 0x80.
    ///
    /// - Parameters:
    ///   - bytes: The input's UTF-8, all ASCII.
    ///   - cap: N0's scalar cap, or `nil` for literals.
    ///   - squeeze: Whether N11 runs.
    ///   - record: Whether to fill `offsets`.
    ///   - offsets: Receives, for each output byte, the original byte range it came from.
    /// - Returns: The match form and whether the cap cut the input.
    static func normalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        cap: Int?,
        squeeze: Bool,
        record: Bool,
        offsets: inout [ScalarOrigin]
    ) -> (String, Bool) {
        let truncated = cap.map { bytes.count > $0 } ?? false
        let count = cap.map { min($0, bytes.count) } ?? bytes.count
        var out = [UInt8]()
        out.reserveCapacity(count)
        var tokenStart = 0
        var tokenHasDigit = false
        var pendingSpace = -1  // original offset of a space waiting to be written

        func endToken() {
            if squeeze && !tokenHasDigit { squeezeRuns(&out, from: tokenStart, record: record, offsets: &offsets) }
            tokenHasDigit = false
        }

        for index in 0..<count {
            var byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { byte = 0x20 }
            if byte == 0x20 {
                if pendingSpace < 0 && !out.isEmpty {
                    endToken()
                    pendingSpace = index
                }
                continue
            }
            if pendingSpace >= 0 {
                out.append(0x20)
                if record {
                    offsets.append(
                        ScalarOrigin(
                            normalizedStart: Int32(out.count - 1),
                            originalStart: Int32(pendingSpace),
                            originalEnd: Int32(pendingSpace + 1)
                        )
                    )
                }
                pendingSpace = -1
                tokenStart = out.count
            }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if byte >= 0x30 && byte <= 0x39 { tokenHasDigit = true }
            if record {
                offsets.append(
                    ScalarOrigin(
                        normalizedStart: Int32(out.count),
                        originalStart: Int32(index),
                        originalEnd: Int32(index + 1)
                    )
                )
            }
            out.append(byte)
        }
        if pendingSpace < 0 { endToken() }  // a trailing space already ended the last token
        return (String(decoding: out, as: UTF8.self), truncated)
    }

    /// N11 on the token `out[from...]`: a run of three or more identical letters becomes one.
    private static func squeezeRuns(
        _ out: inout [UInt8],
        from start: Int,
        record: Bool,
        offsets: inout [ScalarOrigin]
    ) {
        var read = start
        var write = start
        let end = out.count
        var changed = false
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
                changed = true
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
        if changed {
            out.removeSubrange(write..<end)
            if record { offsets.removeSubrange(write..<end) }
        }
    }
}
