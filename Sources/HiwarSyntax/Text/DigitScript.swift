/// The digits a reply uses.
package enum DigitScript: String, Sendable, Hashable, Codable, CaseIterable {
    /// 0123456789.
    case latin
    /// Arabic-Indic: ٠١٢٣٤٥٦٧٨٩.
    case arabic
    /// Extended Arabic-Indic (Persian): ۰۱۲۳۴۵۶۷۸۹.
    case persian

    /// `text` with its digits (in any of the three scripts) written in this script.
    package func apply(to text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let digit: UInt32? =
                (0x30...0x39).contains(value)
                ? value - 0x30
                : (0x660...0x669).contains(value)
                    ? value - 0x660 : (0x6F0...0x6F9).contains(value) ? value - 0x6F0 : nil
            guard let digit else {
                scalars.append(scalar)
                continue
            }
            let base: UInt32 = self == .latin ? 0x30 : self == .arabic ? 0x660 : 0x6F0
            scalars.append(Unicode.Scalar(base + digit) ?? scalar)
        }
        return String(scalars)
    }
}
