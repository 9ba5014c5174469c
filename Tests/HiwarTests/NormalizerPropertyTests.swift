import Foundation
import Testing

@testable import Hiwar

/// The spec's pipeline written the plain way, on the whole string at once, for comparison with the segmenting, table-
/// driven normalizer.
///
/// Letter tests use Unicode properties, not the tables.
func referenceNormalize(_ text: String, _ options: NormalizationOptions = .default, cap: Int? = 4_096) -> String {
    func isFormat(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .format }
    func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }
    func isArabicLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return ((0x0600...0x06FF).contains(v) || (0x0750...0x077F).contains(v) || (0x08A0...0x08FF).contains(v))
            && isLetter(s)
    }
    var scalars = Array(text.unicodeScalars)
    if let cap, scalars.count > cap { scalars = Array(scalars.prefix(cap)) }
    // N1, N2
    scalars = scalars.compactMap { s in
        let v = s.value
        if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 { return " " }
        if v == 0x200C { return s }
        if isFormat(s) || v == 0x034F || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) {
            return nil
        }
        return s
    }
    // N3
    let n3 = String(String.UnicodeScalarView(scalars)).precomposedStringWithCompatibilityMapping
        .folding(options: .caseInsensitive, locale: nil).precomposedStringWithCompatibilityMapping
    // N4–N7
    scalars = n3.unicodeScalars.compactMap { s in UnicodeTables.fold(s.value, options).flatMap(Unicode.Scalar.init) }
    // N8
    var n8: [Unicode.Scalar] = []
    var i = 0
    while i < scalars.count {
        if scalars[i].value != 0x200C {
            n8.append(scalars[i])
            i += 1
            continue
        }
        var j = i
        while j < scalars.count && scalars[j].value == 0x200C { j += 1 }
        if i > 0 && j < scalars.count && isArabicLetter(scalars[i - 1]) && isArabicLetter(scalars[j]) { n8.append(" ") }
        i = j
    }
    // N9
    let n9 = String(String.UnicodeScalarView(n8)).precomposedStringWithCanonicalMapping
    // N10
    let spaced = n9.unicodeScalars.map { $0.properties.generalCategory == .spaceSeparator ? " " : $0 }
    let tokens = spaced.split(separator: " ").map { String(String.UnicodeScalarView($0)) }
    // N11
    let squeezed = tokens.map { token -> String in
        guard options.squeezeRepeats, !token.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) else {
            return String(token)
        }
        var out = String.UnicodeScalarView()
        let t = Array(token.unicodeScalars)
        var k = 0
        while k < t.count {
            var run = k + 1
            while run < t.count && t[run] == t[k] { run += 1 }
            if run - k >= 3 && isLetter(t[k]) { out.append(t[k]) } else { out.append(contentsOf: t[k..<run]) }
            k = run
        }
        return String(out)
    }
    return squeezed.joined(separator: " ")
}

/// An alphabet that exercises every step and every path.
///
/// It holds ASCII, Arabic and Persian letters, marks that compose and marks that don't, digits of three scripts, invisibles,
/// presentation forms, compatibility characters, Hangul and Indic canonical compositions, and repeats.
let stressAlphabet: [Unicode.Scalar] = {
    let values: [UInt32] = [
        0x61, 0x41, 0x62, 0x65, 0x45, 0x73, 0x53, 0x6B, 0x30, 0x35, 0x20, 0x20, 0x23, 0x2D, 0x3F, 0x27, 0x00, 0x09,
        0x0A,
        0x7F, 0x85,
        0x0627, 0x0644, 0x0628, 0x064A, 0x0643, 0x0647, 0x0629, 0x0649, 0x0648, 0x0623, 0x0625, 0x0622, 0x0624, 0x0626,
        0x0621, 0x0671, 0x06CC, 0x06A9, 0x06AA, 0x067E, 0x0686, 0x0698, 0x06AF, 0x06C0, 0x06C1, 0x06D5, 0x06D2, 0x06BE,
        0x0675, 0x0672, 0x064B, 0x064E, 0x0651, 0x0652, 0x0653, 0x0654, 0x0655, 0x0670, 0x0612, 0x06E5, 0x06DE, 0x0640,
        0x0661, 0x0665, 0x06F4, 0x06F5, 0x060C, 0x061F, 0x066B, 0x066C, 0x06D4, 0x200C, 0x200C, 0x200D, 0x200B, 0x200E,
        0x200F, 0x202E, 0x2067, 0x2069, 0x061C, 0xFEFF, 0x00AD, 0x034F, 0xFE0F, 0x0301, 0x0308, 0x00E9, 0x00C9, 0x00DF,
        0x0130, 0x212A, 0x03A3, 0x03C2, 0xFB01, 0x2074, 0xFF25, 0xFF08, 0xFEFB, 0xFEF7, 0xFB90, 0xFBFD, 0xFE70, 0xFE71,
        0xFDF2, 0xFDFA, 0xFDFC, 0x2019, 0x201C, 0x00AB, 0x2013, 0x2011, 0x2212, 0x2033, 0x00A0, 0x2009, 0x1680, 0x3000,
        0x2028, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x0B47, 0x0B3E, 0x09C7, 0x09BE, 0x0915, 0x094D, 0x2764, 0x1F44D,
        0x1F3FD,
        0x01F0, 0x1E96, 0x0345, 0x0399, 0x0E01, 0x0E33, 0x0FB2, 0x0F81,
    ]
    return values.compactMap(Unicode.Scalar.init)
}()

func randomString(length: Int, using generator: inout SeededGenerator) -> String {
    var view = String.UnicodeScalarView()
    for _ in 0..<length {
        let scalar = stressAlphabet[Int(generator.next() % UInt64(stressAlphabet.count))]
        let repeats = generator.next() % 8 == 0 ? 3 : 1
        for _ in 0..<repeats { view.append(scalar) }
    }
    return String(view)
}

@Suite("Normalizer properties")
struct NormalizerPropertyTests {
    @Test(
        "the segmenting normalizer equals the whole-string reference on random text, with defaults and with every fold off"
    )
    func matchesReference() {
        var generator = SeededGenerator(seed: 0x4869_7761_72)
        let optionSets = [
            NormalizationOptions(),
            NormalizationOptions(
                foldAlef: false,
                foldAlefMadda: false,
                foldAlefMaksura: false,
                foldTehMarbuta: false,
                foldHamzaCarriers: false,
                squeezeRepeats: false
            ),
        ]
        for round in 0..<3_000 {
            let text = randomString(length: Int(generator.next() % 24), using: &generator)
            let options = optionSets[round % 2]
            let normalizer = TextNormalizer(options: options)
            let actual = normalizer.normalize(message: text)
            let expected = referenceNormalize(text, options)
            #expect(
                Array(actual.unicodeScalars) == Array(expected.unicodeScalars),
                "input \(text.unicodeScalars.map { String($0.value, radix: 16) })"
            )
            if actual != expected { return }
        }
    }

    /// Fewer than `limit` scalars drawn from `alphabet`; about one in `runEvery` is repeated
    /// `runLength` times, so squeezing and runs of marks or spaces are exercised.
    func randomText(
        from alphabet: [Unicode.Scalar],
        upTo limit: UInt64,
        runEvery: UInt64,
        runLength: Int,
        _ generator: inout SeededGenerator
    ) -> String {
        var view = String.UnicodeScalarView()
        for _ in 0..<Int(generator.next() % limit) {
            let scalar = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            for _ in 0..<(generator.next() % runEvery == 0 ? runLength : 1) { view.append(scalar) }
        }
        return String(view)
    }

    @Test("the ASCII fast path equals the reference, offsets included")
    func asciiFastPath() {
        var generator = SeededGenerator(seed: 99)
        let alphabet = Array("aAbBsSkK019 #-?!'\u{0}\t\n\u{7F}".unicodeScalars)
        for round in 0..<3_000 {
            let text = randomText(from: alphabet, upTo: 30, runEvery: 4, runLength: 4, &generator)
            let options = NormalizationOptions(squeezeRepeats: round % 3 != 0)
            let normalizer = TextNormalizer(options: options)
            #expect(
                normalizer.normalize(message: text) == referenceNormalize(text, options),
                "\(text.unicodeScalars.map { $0.value })"
            )
            let mapped = normalizer.normalizeWithOffsets(message: text)
            #expect(mapped.text == normalizer.normalize(message: text))
            var offset = 0
            for byte in mapped.text.utf8 {
                let original = mapped.originalSubstring(of: offset..<(offset + 1))
                #expect(original.lowercased().contains(Character(Unicode.Scalar(byte))) || byte == 0x20)
                offset += 1
            }
        }
        let capped = TextNormalizer(options: NormalizationOptions(maxInputScalars: 5)).normalizeWithOffsets(
            message: "abcdefgh"
        )
        #expect(capped.text == "abcde" && capped.wasTruncated)
    }

    @Test("the one-pass Arabic-script path equals the general pipeline, offsets included")
    func onePassPath() {
        var generator = SeededGenerator(seed: 0x6F6E_6570)
        // What the one-pass path takes: ASCII, Arabic letters, marks (deleted and kept), digits and
        // punctuation, typographic quotes and dashes, ZWNJ, controls and deleted invisibles.
        let values: [UInt32] = [
            0x61, 0x41, 0x62, 0x73, 0x30, 0x37, 0x20, 0x20, 0x2D, 0x3F, 0x09, 0x0A, 0x7F,
            0x0627, 0x0644, 0x0628, 0x064A, 0x0643, 0x0647, 0x0629, 0x0649, 0x0648, 0x0623, 0x0625, 0x0622, 0x0624,
            0x0626, 0x0621, 0x0671, 0x06CC, 0x06A9, 0x067E, 0x0686, 0x06AF, 0x06C0, 0x06C1, 0x06D5, 0x06BE, 0x064B,
            0x064E, 0x0651, 0x0652, 0x0670, 0x0612, 0x06E5, 0x06DE, 0x0640, 0x0661, 0x06F5, 0x060C, 0x061F, 0x066B,
            0x06D4, 0x200C, 0x200C, 0x200D, 0x200B, 0x200E, 0x200F, 0x202E, 0x2067, 0x061C, 0xFEFF, 0x00AD, 0xFE0F,
            0x2019, 0x201C, 0x00AB, 0x2013, 0x2212,
        ]
        let alphabet = values.compactMap(Unicode.Scalar.init)
        for round in 0..<3_000 {
            let text = randomText(from: alphabet, upTo: 24, runEvery: 6, runLength: 3, &generator)
            let options = NormalizationOptions(
                foldAlef: round % 2 == 0,
                foldTehMarbuta: round % 3 != 0,
                squeezeRepeats: round % 4 != 0,
                maxInputScalars: round % 5 == 0 ? 9 : 4_096
            )
            let normalizer = TextNormalizer(options: options)
            let fast = normalizer.normalizeWithOffsets(message: text, fastPaths: true)
            let general = normalizer.normalizeWithOffsets(message: text, fastPaths: false)
            let input = text.unicodeScalars.map { String($0.value, radix: 16) }
            #expect(fast == general, "input \(input)")
            #expect(fast.text == normalizer.normalize(message: text))
            if fast != general { return }
        }
    }

    @Test("N(N(x)) == N(x) and the output holds none of the characters N removes (spec §8)")
    func idempotentAndClean() {
        var generator = SeededGenerator(seed: 42)
        let normalizer = TextNormalizer()
        for _ in 0..<3_000 {
            let text = randomString(length: Int(generator.next() % 40), using: &generator)
            let once = normalizer.normalize(message: text)
            #expect(normalizer.normalize(message: once) == once, "not idempotent: \(text.debugDescription)")
            let scalars = Array(once.unicodeScalars)
            for scalar in scalars {
                let v = scalar.value
                #expect(scalar.properties.generalCategory != .format, "Cf U+\(String(v, radix: 16)) left in output")
                #expect(!(v < 0x20 || (0x7F...0x9F).contains(v)), "control left in output")
                #expect(![0x0640, 0x06CC, 0x06A9].contains(v) && !(0x064B...0x065F).contains(v))
                #expect(!(0x0660...0x0669).contains(v) && !(0x06F0...0x06F9).contains(v))
            }
            #expect(scalars.first != " " && scalars.last != " " && !once.contains("  "))
        }
    }

    @Test("every scalar on the fast path is left unchanged by NFKC, case folding and NFKC, as the fast path assumes")
    func fastTableAgreesWithFoundation() {
        for value in UInt32(0x20)...0x2212 where UnicodeTables.isFast(value) {
            guard let scalar = Unicode.Scalar(value), !(0x41...0x5A).contains(value) else { continue }
            let text = String(scalar)
            let round = text.precomposedStringWithCompatibilityMapping.folding(options: .caseInsensitive, locale: nil)
                .precomposedStringWithCompatibilityMapping
            #expect(Array(round.unicodeScalars) == [scalar], "U+\(String(value, radix: 16)) is not NFKC/fold-stable")
        }
    }

    @Test("bad input never crashes and stays within the input cap")
    func badInput() {
        let normalizer = TextNormalizer()
        #expect(normalizer.normalize(message: "") == "")
        #expect(normalizer.normalize(message: "\u{0}\u{0}\u{0}") == "")
        #expect(normalizer.normalize(message: "a\u{0}b") == "a b")
        let marks = "a" + String(repeating: "\u{0301}", count: 10_000)
        let result = normalizer.normalizeWithOffsets(message: marks)
        #expect(result.wasTruncated)
        #expect(result.text.unicodeScalars.count <= 4_096)
        let megabyte = String(repeating: "where is my order ", count: 60_000)
        let big = normalizer.normalizeWithOffsets(message: megabyte)
        #expect(big.wasTruncated && big.text.unicodeScalars.count <= 4_096)
        #expect(normalizer.normalize(message: "\u{202E}\u{202D}\u{2066}order\u{2069}\u{202C}") == "order")
        #expect(normalizer.normalize(message: "\u{200C}\u{200C}") == "")
        #expect(normalizer.normalize(message: "سلام\u{200C}") == "سلام")
        let literal = String(repeating: "x", count: 5_000)
        #expect(normalizer.normalize(literal: literal).count == 1, "literals are squeezed but never cut")
        #expect(normalizer.normalize(literal: String(repeating: "ab", count: 5_000)).count == 10_000)
    }
}
