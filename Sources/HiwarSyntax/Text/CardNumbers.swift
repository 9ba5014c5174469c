/// Full payment card numbers in text as people type them, found and masked in one place.
///
/// Every path that keeps or prints a customer's words — the transcript, the turn record, logs,
/// the REPL's history, `:why` and `:save` — goes through ``redacted(_:)`` first, so a card number
/// is never stored, logged or written to a file.
///
/// A card number is 13 to 19 digits that pass the Luhn checksum and start as the card networks'
/// numbers do (2 to 6: Mastercard, American Express, JCB, Diners, Visa, Discover, UnionPay, Maestro),
/// which spares half the long reference numbers that happen to pass Luhn. The search runs on the text as
/// written, over the whole message (not the part the matcher reads): digits of any script
/// (Arabic-Indic, Persian, fullwidth, superscript…), in groups separated by up to three of any
/// Unicode space, dash, dot, comma, slash, underscore or invisible format character (zero-width
/// spaces and joiners, direction marks, the soft hyphen). Groups are tried in every contiguous
/// stretch, so a card number beside another digit run ("order 12345 4111 1111 1111 1111") is
/// found; a run of digits with no separator is a card number only when it is one as a whole.
/// Luhn-invalid look-alikes (tracking numbers, phone numbers) are left alone.
package enum CardNumbers {
    /// The masking character.
    package static let mask: Character = "•"
    private static let maskScalar: Unicode.Scalar = "•"

    /// Whether `text` holds a full card number.
    package static func contains(_ text: String) -> Bool {
        guard mayContain(text) else { return false }
        return !spans(in: Array(text.unicodeScalars)).isEmpty
    }

    /// `text` with the digits of every full card number masked but the last four ("•••• •••• •••• 1111");
    /// the text itself when it holds none.
    package static func redacted(_ text: String) -> String {
        guard mayContain(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        let found = spans(in: scalars)
        guard !found.isEmpty else { return text }
        var masked = scalars
        for span in found {
            var kept = 0
            for index in span.reversed() where digitValue(scalars[index]) != nil {
                if kept < 4 {
                    kept += 1
                } else {
                    masked[index] = maskScalar
                }
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: masked)
        return String(result)
    }

    /// A cheap first look: a text with fewer than 13 digits holds no card number.
    ///
    /// Letters of other scripts cost one property lookup each; ASCII text none.
    private static func mayContain(_ text: String) -> Bool {
        var digits = 0
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                guard scalar.value >= 0x30 && scalar.value <= 0x39 else { continue }
            } else if digitValue(scalar) == nil {
                continue
            }
            digits += 1
            if digits >= 13 { return true }
        }
        return false
    }

    /// One group of digits: where it starts and ends (scalar indices, end exclusive) and its digits.
    private struct Group {
        package var start: Int
        package var end: Int
        package var digits: [UInt8]
    }

    /// The scalar ranges of the card numbers in `scalars`, first to last.
    package static func spans(in scalars: [Unicode.Scalar]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var groups: [Group] = []
        var separators = 0
        func finishRun() {
            result += cards(in: groups)
            groups.removeAll(keepingCapacity: true)
            separators = 0
        }
        for (index, scalar) in scalars.enumerated() {
            if let digit = digitValue(scalar) {
                if separators == 0, var last = groups.last, last.end == index {
                    last.end = index + 1
                    last.digits.append(digit)
                    groups[groups.count - 1] = last
                } else {
                    groups.append(Group(start: index, end: index + 1, digits: [digit]))
                }
                separators = 0
            } else if !groups.isEmpty && separators < 3 && isSeparator(scalar) {
                separators += 1
            } else {
                finishRun()
            }
        }
        finishRun()
        return result
    }

    /// The card numbers among consecutive groups: every stretch of whole groups with 13–19 digits
    /// that passes Luhn; overlapping finds are merged.
    private static func cards(in groups: [Group]) -> [ClosedRange<Int>] {
        var found: [ClosedRange<Int>] = []
        for first in groups.indices {
            var digits: [UInt8] = []
            for last in first..<groups.count {
                digits += groups[last].digits
                if digits.count > 19 { break }
                if digits.count >= 13 && (2...6).contains(digits[0]) && Luhn.isValid(digits.map(Int.init)) {
                    let span = groups[first].start...(groups[last].end - 1)
                    if let previous = found.last, previous.upperBound >= span.lowerBound {
                        found[found.count - 1] = previous.lowerBound...max(previous.upperBound, span.upperBound)
                    } else {
                        found.append(span)
                    }
                }
            }
        }
        return found
    }

    /// A decimal digit of any script, or a digit form such as a superscript, as its value.
    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value >= 0x30 && scalar.value <= 0x39 { return UInt8(scalar.value - 0x30) }
        guard scalar.value >= 0x80 else { return nil }
        // The Arabic block, most of what Arabic and Persian messages hold, without a property lookup.
        if scalar.value >= 0x600 && scalar.value <= 0x6FF {
            switch scalar.value {
            case 0x660...0x669: return UInt8(scalar.value - 0x660)
            case 0x6F0...0x6F9: return UInt8(scalar.value - 0x6F0)
            default: return nil
            }
        }
        let properties = scalar.properties
        guard properties.numericType == .decimal || properties.numericType == .digit,
            let value = properties.numericValue, value >= 0, value <= 9, value == value.rounded()
        else { return nil }
        return UInt8(value)
    }

    /// What people put between a card number's groups.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2D, 0x2E, 0x2C, 0x2F, 0x5F: return true
        case ..<0x80: return false
        default:
            let properties = scalar.properties
            switch properties.generalCategory {
            case .spaceSeparator, .dashPunctuation, .format, .lineSeparator, .paragraphSeparator: return true
            default:
                return properties.isWhitespace || scalar.value == 0x2212 || scalar.value == 0x066B
                    || scalar.value == 0x066C || scalar.value == 0x060C
            }
        }
    }
}
