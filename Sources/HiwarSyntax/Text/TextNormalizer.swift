internal import Foundation

/// Turns text into its match form, exactly as the project's normalization spec says.
///
/// One pure function serves both sides of every match: it is applied, with the same options, to
/// every literal of a definition when the bot is compiled, and to every message before any
/// pattern runs. It is idempotent (`N(N(x)) == N(x)`), never fails, and works on Unicode scalars,
/// never on `Character`s, so a grapheme with 10,000 combining marks costs what its scalars cost.
///
/// The pipeline, in the spec's order:
/// - N0 (messages only): keep the first ``NormalizationOptions/maxInputScalars`` scalars;
/// - N1: controls and line/paragraph separators → space; N2: delete invisible format characters
///   (bidi marks and overrides, ZWSP, ZWJ, BOM, soft hyphen, CGJ, variation selectors), keeping ZWNJ;
/// - N3: NFKC, full case folding, NFKC; N4: delete Arabic diacritics and tatweel;
/// - N5: Arabic-Indic and Persian digits → ASCII; N6: Arabic and typographic punctuation → ASCII;
/// - N7: Arabic/Persian letter variants → one letter (ی→ي, ک→ك, ۀ→ه, and the optional folds);
/// - N8: ZWNJ between Arabic-script letters → space, otherwise deleted; N9: NFC;
/// - N10: spaces collapsed and trimmed; N11 (optional): runs of ≥ 3 identical letters squeezed.
///
/// ASCII input takes a byte-level fast path; Arabic and Persian letters, digits and punctuation
/// are mapped by table; only segments holding other scripts' compatibility characters go through
/// Foundation's NFKC.
package struct TextNormalizer: Sendable, Hashable {
    /// The options applied by this normalizer.
    package let options: NormalizationOptions

    /// Creates a normalizer with the given options (the defaults serve English, Arabic and Persian).
    package init(options: NormalizationOptions = .default) {
        self.options = options
    }

    /// The match form of a customer message: cut to the input cap (N0), then normalized.
    ///
    /// - Complexity: O(*n*) in the scalars kept.
    package func normalize(message: String) -> String {
        var pipeline = Pipeline(options: options, recordOffsets: false)
        return pipeline.run(message, cap: options.maxInputScalars).text
    }

    /// The match form of a customer message with a map back to the original text.
    package func normalizeWithOffsets(message: String) -> NormalizedText {
        normalizeWithOffsets(message: message, fastPaths: true)
    }

    /// The same, optionally without the ASCII and one-pass paths (tests compare the two).
    package func normalizeWithOffsets(message: String, fastPaths: Bool) -> NormalizedText {
        var pipeline = Pipeline(options: options, recordOffsets: true, fastPaths: fastPaths)
        let result = pipeline.run(message, cap: options.maxInputScalars)
        return NormalizedText(
            text: result.text,
            original: message,
            wasTruncated: result.truncated,
            origins: result.origins
        )
    }

    /// The match form of a literal word or phrase from a definition.
    ///
    /// Literals are never cut (N0 applies to messages only).
    package func normalize(literal: String) -> String {
        var pipeline = Pipeline(options: options, recordOffsets: false)
        return pipeline.run(literal, cap: nil).text
    }
}

/// The spec's one function: the match form of `text` with `options`, as for a message.
///
/// - Parameters:
///   - text: Any string.
///   - options: Normalization options; the defaults serve every language.
/// - Returns: The match form, cut to the input cap.
package func normalizeForMatching(_ text: String, _ options: NormalizationOptions = .default) -> String {
    TextNormalizer(options: options).normalize(message: text)
}

/// One scalar on its way through the pipeline, with where it came from in the original text.
private typealias Unit = NormalizationUnit

/// The mutable state of one normalization run.
///
/// A fresh one per call: the normalizer itself holds no mutable state.
private struct Pipeline {
    package let options: NormalizationOptions
    package let recordOffsets: Bool
    /// Whether the ASCII and one-pass paths may be taken.
    package var fastPaths = true

    package struct Output {
        package var text: String
        package var truncated: Bool
        package var origins: [ScalarOrigin] = []
    }

    package mutating func run(_ input: String, cap: Int?) -> Output {
        if fastPaths, let output = runASCII(input, cap: cap) ?? runOnePass(input, cap: cap) { return output }
        var (units, truncated) = cleaned(input, cap: cap)
        if !units.isEmpty {
            units = folded(units)
            units = joinedOrSplitAtZWNJ(units)
            units = recomposed(units)
            units = spacesCollapsed(units)
            if options.squeezeRepeats { units = repeatsSqueezed(units) }
        }
        return output(units, truncated: truncated)
    }

    /// The one-pass path for all-ASCII input, or `nil` when the input has any other scalar.
    private func runASCII(_ input: String, cap: Int?) -> Output? {
        input.utf8.withContiguousStorageIfAvailable { bytes -> Output? in
            for byte in bytes where byte >= 0x80 { return nil }
            var origins: [ScalarOrigin] = []
            if recordOffsets { origins.reserveCapacity(min(bytes.count, cap ?? Int.max)) }
            let (text, truncated) = ASCIINormalizer.normalize(
                bytes,
                cap: cap,
                squeeze: options.squeezeRepeats,
                record: recordOffsets,
                offsets: &origins
            )
            return Output(text: text, truncated: truncated, origins: origins)
        } ?? nil
    }

    /// The one-pass path for Arabic-script text, or `nil` when the input needs the general pipeline.
    private func runOnePass(_ input: String, cap: Int?) -> Output? {
        input.utf8.withContiguousStorageIfAvailable { bytes -> Output? in
            OnePassNormalizer.normalize(bytes, cap: cap, options: options, record: recordOffsets).map {
                Output(text: $0.text, truncated: $0.truncated, origins: $0.origins)
            }
        } ?? nil
    }

    // MARK: N0–N2

    /// N0 (cap), N1 (controls → space) and N2 (invisibles deleted), scalar by scalar.
    private func cleaned(_ input: String, cap: Int?) -> ([Unit], Bool) {
        var units: [Unit] = []
        units.reserveCapacity(min(input.utf8.count, cap ?? Int.max))
        var offset: Int32 = 0
        var count = 0
        var truncated = false
        for scalar in input.unicodeScalars {
            if let cap, count >= cap {
                truncated = true
                break
            }
            count += 1
            let width = Int32(UTF8.width(scalar))
            defer { offset += width }
            let v = scalar.value
            if UnicodeTables.isControl(v) {
                units.append(Unit(value: 0x20, start: offset, end: offset + width))
            } else if !UnicodeTables.isDeletedInvisible(v) {
                units.append(Unit(value: v, start: offset, end: offset + width))
            }
        }
        return (units, truncated)
    }

    // MARK: N3–N7

    /// Splits the scalars into segments closed under canonical composition; a segment of fast
    /// scalars is mapped by table, any other goes through NFKC, case folding and NFKC, and then
    /// every resulting scalar through the N4–N7 tables.
    private func folded(_ units: [Unit]) -> [Unit] {
        var result: [Unit] = []
        result.reserveCapacity(units.count)
        var segmentStart = 0
        var segmentIsFast = true

        func flush(upTo end: Int) {
            guard end > segmentStart else { return }
            if segmentIsFast {
                let firstOutput = result.count
                for unit in units[segmentStart..<end] {
                    var value = unit.value
                    if value >= 0x41 && value <= 0x5A { value += 0x20 }
                    if let mapped = UnicodeTables.fold(value, options) {
                        result.append(Unit(value: mapped, start: unit.start, end: unit.end))
                    } else if result.count > firstOutput {
                        // A deleted diacritic belongs to the letter it sits on: شكراً maps back whole.
                        result[result.count - 1].end = unit.end
                    }
                }
            } else {
                let start = units[segmentStart].start
                let finish = units[end - 1].end
                var scalars = String.UnicodeScalarView()
                for unit in units[segmentStart..<end] {
                    if let scalar = Unicode.Scalar(unit.value) { scalars.append(scalar) }
                }
                let compatible = String(scalars).precomposedStringWithCompatibilityMapping
                let caseFolded = compatible.folding(options: .caseInsensitive, locale: nil)
                for scalar in caseFolded.precomposedStringWithCompatibilityMapping.unicodeScalars {
                    if let mapped = UnicodeTables.fold(scalar.value, options) {
                        result.append(Unit(value: mapped, start: start, end: finish))
                    }
                }
            }
        }

        for (index, unit) in units.enumerated() {
            if index > 0 && !UnicodeTables.continuesSegment(unit.value) {
                flush(upTo: index)
                segmentStart = index
                segmentIsFast = true
            }
            if segmentIsFast && !UnicodeTables.isFast(unit.value) { segmentIsFast = false }
        }
        flush(upTo: units.count)
        return result
    }

    // MARK: N8

    /// A run of ZWNJ with an Arabic-script letter on both sides becomes one space; any other ZWNJ
    /// is deleted.
    private func joinedOrSplitAtZWNJ(_ units: [Unit]) -> [Unit] {
        guard units.contains(where: { $0.value == 0x200C }) else { return units }
        var result: [Unit] = []
        result.reserveCapacity(units.count)
        var index = 0
        while index < units.count {
            let unit = units[index]
            guard unit.value == 0x200C else {
                result.append(unit)
                index += 1
                continue
            }
            var runEnd = index
            while runEnd < units.count && units[runEnd].value == 0x200C { runEnd += 1 }
            let letterBefore = index > 0 && UnicodeTables.isArabicScriptLetter(units[index - 1].value)
            let letterAfter = runEnd < units.count && UnicodeTables.isArabicScriptLetter(units[runEnd].value)
            if letterBefore && letterAfter {
                result.append(Unit(value: 0x20, start: unit.start, end: units[runEnd - 1].end))
            }
            index = runEnd
        }
        return result
    }

    // MARK: N9

    /// NFC, recomposing what the deletions of N4 and N8 unblocked (`cafe\u{0612}\u{0301}` → `café`).
    ///
    /// Deleting a starter (tatweel, ۞, ۥ) or a ZWNJ joins what was apart, so segments are found again here. A segment
    /// of fast scalars only is left alone: NFC does not change it.
    private func recomposed(_ units: [Unit]) -> [Unit] {
        guard units.contains(where: { !UnicodeTables.isFast($0.value) }) else { return units }
        var result: [Unit] = []
        result.reserveCapacity(units.count)
        var start = 0
        while start < units.count {
            var end = start + 1
            var needsNFC = !UnicodeTables.isFast(units[start].value)
            while end < units.count && UnicodeTables.continuesSegment(units[end].value) {
                needsNFC = needsNFC || !UnicodeTables.isFast(units[end].value)
                end += 1
            }
            guard needsNFC && end - start > 1 else {
                result.append(contentsOf: units[start..<end])
                start = end
                continue
            }
            var scalars = String.UnicodeScalarView()
            for unit in units[start..<end] {
                if let scalar = Unicode.Scalar(unit.value) { scalars.append(scalar) }
            }
            let composed = String(scalars).precomposedStringWithCanonicalMapping.unicodeScalars
            if composed.count == end - start {
                for (unit, scalar) in zip(units[start..<end], composed) {
                    result.append(Unit(value: scalar.value, start: unit.start, end: unit.end))
                }
            } else {
                let first = units[start].start
                let last = units[end - 1].end
                for scalar in composed { result.append(Unit(value: scalar.value, start: first, end: last)) }
            }
            start = end
        }
        return result
    }

    // MARK: N10

    /// Every Zs scalar becomes a space; runs of spaces collapse to one; both ends are trimmed.
    private func spacesCollapsed(_ units: [Unit]) -> [Unit] {
        var result: [Unit] = []
        result.reserveCapacity(units.count)
        var pendingSpace: Unit?
        for var unit in units {
            if UnicodeTables.isSpaceSeparator(unit.value) {
                if pendingSpace == nil && !result.isEmpty {
                    unit.value = 0x20
                    pendingSpace = unit
                }
                continue
            }
            if let space = pendingSpace {
                result.append(space)
                pendingSpace = nil
            }
            result.append(unit)
        }
        return result
    }

    // MARK: N11

    /// N11, shared with the one-pass path.
    private func repeatsSqueezed(_ units: [Unit]) -> [Unit] {
        var units = units
        let count = units.withUnsafeMutableBufferPointer { OnePassNormalizer.squeezeRepeats($0, count: $0.count) }
        units.removeSubrange(count...)
        return units
    }

    // MARK: Output

    private func output(_ units: [Unit], truncated: Bool) -> Output {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count * 2)
        var result = Output(text: "", truncated: truncated)
        if recordOffsets { result.origins.reserveCapacity(units.count) }
        for unit in units {
            guard let scalar = Unicode.Scalar(unit.value) else { continue }
            if recordOffsets {
                result.origins.append(
                    ScalarOrigin(normalizedStart: Int32(bytes.count), originalStart: unit.start, originalEnd: unit.end)
                )
            }
            UTF8.encode(scalar) { bytes.append($0) }
        }
        result.text = String(decoding: bytes, as: UTF8.self)
        return result
    }
}
