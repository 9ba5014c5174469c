/// A slot's value found in a message: canonical, with the text the customer typed and where.
public struct SlotValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The slot's name.
    public let slot: String
    /// The canonical value (spec §7): `558120`, `EK203`, `2026-11-24`, `P1W`.
    public let value: String
    /// The text as the customer typed it.
    public let text: String
    /// Where in the message it was typed, as a UTF-8 range of the original text.
    public let span: Range<Int>
    /// For dates: the calendar they were written in (`gregorian` or `persian`).
    public let calendar: String?
    /// Whether the slot is sensitive: its value is redacted wherever it is printed.
    public let isSensitive: Bool

    /// Creates a slot value.
    public init(
        slot: String,
        value: String,
        text: String,
        span: Range<Int>,
        calendar: String? = nil,
        isSensitive: Bool = false
    ) {
        self.slot = slot
        self.value = value
        self.text = text
        self.span = span
        self.calendar = calendar
        self.isSensitive = isSensitive
    }

    /// The value, or a mask when the slot is sensitive: what logs and tools may print.
    public var displayValue: String {
        isSensitive ? Redaction.mask(value) : value
    }

    /// `slot=value`, redacted when sensitive.
    public var description: String { "\(slot)=\(displayValue)" }
}

/// How sensitive values are shown.
package enum Redaction {
    /// A mask of the same shape that gives nothing away: `••••`.
    public static func mask(_ value: String) -> String {
        String(repeating: "•", count: min(max(value.count, 4), 8))
    }
}
