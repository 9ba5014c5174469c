/// The code point tables of the normalization spec (§3), as small pure functions over scalar values.
///
/// Everything here is a switch over ranges: no allocation, no Foundation, no property lookups on
/// the common path.
package enum UnicodeTables {
    /// N1: C0/C1 controls, U+2028 and U+2029 become a space.
    @inline(__always)
    package static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x2028 || v == 0x2029
    }

    /// N2: deleted invisibles: every General_Category=Cf scalar except ZWNJ, plus CGJ and the
    /// variation selectors.
    package static func isDeletedInvisible(_ v: UInt32) -> Bool {
        if v < 0xAD { return false }
        if v == 0x200C { return false }
        if v == 0x034F || (v >= 0xFE00 && v <= 0xFE0F) || (v >= 0xE0100 && v <= 0xE01EF) { return true }
        // The Arabic block's only Cf scalars; skips a property lookup for every Arabic letter.
        if v >= 0x0606 && v <= 0x06FF { return v == 0x061C || v == 0x06DD }
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.generalCategory == .format
    }

    /// N4: Arabic combining marks and tatweel, deleted.
    @inline(__always)
    package static func isDeletedArabicMark(_ v: UInt32) -> Bool {
        (v >= 0x0610 && v <= 0x061A) || (v >= 0x064B && v <= 0x065F) || v == 0x0670
            || (v >= 0x06D6 && v <= 0x06ED) || (v >= 0x08D3 && v <= 0x08FF) || v == 0x0640
    }

    /// Applies N4–N7 to one scalar that has already been through NFKC and case folding.
    ///
    /// - Returns: The replacement scalar value, or `nil` when the scalar is deleted.
    package static func fold(_ v: UInt32, _ options: NormalizationOptions) -> UInt32? {
        if v < 0x80 { return v }
        if isDeletedArabicMark(v) { return nil }
        switch v {
        // N5: digits.
        case 0x0660...0x0669: return v - 0x0660 + 0x30
        case 0x06F0...0x06F9: return v - 0x06F0 + 0x30
        // N6: punctuation (§3.4).
        case 0x060C, 0x066C: return 0x2C  // ,
        case 0x061B: return 0x3B  // ;
        case 0x061F: return 0x3F  // ?
        case 0x066A: return 0x25  // %
        case 0x066B, 0x06D4: return 0x2E  // .
        case 0x066D: return 0x2A  // *
        case 0x00AB, 0x00BB, 0x201C...0x201F, 0x2033: return 0x22  // "
        case 0x2018...0x201B, 0x2032: return 0x27  // '
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63: return 0x2D  // -
        // N7, class A: pure encoding variants (§3.5).
        case 0x06CC: return 0x064A  // ی → ي
        case 0x06A9, 0x06AA: return 0x0643  // ک ڪ → ك
        case 0x06C0, 0x06C1, 0x06C2, 0x06D5, 0x06BE: return 0x0647  // ۀ ہ ۂ ە ھ → ه
        // N7, class B: lossy folds (§3.6).
        case 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: return options.foldAlef ? 0x0627 : v
        case 0x0622: return options.foldAlefMadda ? 0x0627 : v
        case 0x0649: return options.foldAlefMaksura ? 0x064A : v
        case 0x0629: return options.foldTehMarbuta ? 0x0647 : v
        case 0x0624: return options.foldHamzaCarriers ? 0x0648 : v
        case 0x0626: return options.foldHamzaCarriers ? 0x064A : v
        default: return v
        }
    }

    /// Scalars whose NFKC, case fold and NFKC again are themselves, and that never compose with a neighbour; a segment
    /// made only of these skips Foundation entirely.
    ///
    /// Uppercase ASCII is included: its folding is a table lookup done in place. `NormalizerTests` checks every entry
    /// against Foundation.
    @inline(__always)
    package static func isFast(_ v: UInt32) -> Bool {
        switch v {
        case 0x20...0x7E, 0x200C: return true
        // Arabic letters, digits, punctuation and marks. U+0653–U+0655 compose with the letter
        // before them and U+0675–U+0678 have compatibility decompositions: those take the slow path.
        case 0x060C, 0x0610...0x061B, 0x061F, 0x0621...0x0652, 0x0656...0x0674, 0x0679...0x06D5,
            0x06D6...0x06DC, 0x06DE...0x06ED, 0x06F0...0x06F9:
            return true
        case 0x00AB, 0x00BB, 0x2010, 0x2012...0x2015, 0x2018...0x201F, 0x2032, 0x2212: return true
        default: return false
        }
    }

    /// Whether a scalar continues the segment before it: canonical combining class other than 0, Grapheme_Extend (which
    /// includes ZWNJ and the starters that compose canonically with the scalar before them), or a Hangul vowel or
    /// trailing jamo.
    ///
    /// Segments are therefore closed under canonical composition, so normalizing them one by one equals normalizing the
    /// whole string.
    package static func continuesSegment(_ v: UInt32) -> Bool {
        if v < 0x300 { return false }
        if v >= 0x0621 && v <= 0x06FF {
            switch v {
            case 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7, 0x06E8, 0x06EA...0x06ED: return true
            default: return false
            }
        }
        if v == 0x200C || v == 0x200D { return true }
        if (v >= 0x1160 && v <= 0x11FF) || (v >= 0xD7B0 && v <= 0xD7FF) { return true }
        guard let scalar = Unicode.Scalar(v) else { return false }
        let properties = scalar.properties
        return properties.canonicalCombiningClass.rawValue != 0 || properties.isGraphemeExtend
    }

    /// "Arabic-script letter": a letter (L*) in U+0600–U+06FF, U+0750–U+077F or U+08A0–U+08FF.
    package static func isArabicScriptLetter(_ v: UInt32) -> Bool {
        guard (v >= 0x0600 && v <= 0x06FF) || (v >= 0x0750 && v <= 0x077F) || (v >= 0x08A0 && v <= 0x08FF) else {
            return false
        }
        return arabicLetterBits[Int(v - 0x0600)]
    }

    /// Whether each scalar from U+0600 to U+08FF is a letter, computed once.
    private static let arabicLetterBits: [Bool] = (0x0600...0x08FF).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return false }
        return scalar.properties.isLetterCategory
    }

    /// N10: General_Category=Zs.
    @inline(__always)
    package static func isSpaceSeparator(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x202F || v == 0x205F
            || v == 0x3000
    }

    /// N11: a letter (L*).
    @inline(__always)
    package static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v >= 0x0600 && v <= 0x08FF { return arabicLetterBits[Int(v - 0x0600)] }
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isLetterCategory
    }
}

extension Unicode.Scalar.Properties {
    /// Whether the General_Category is one of Lu, Ll, Lt, Lm, Lo.
    package var isLetterCategory: Bool {
        switch generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }
}
