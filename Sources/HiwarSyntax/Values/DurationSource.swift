/// A duration written in a bot: an ISO 8601 duration, or `{slot}` for the value a slot holds when it is used
/// (`"remind": {"after": "{duration}"}`).
package enum DurationSource: Sendable, Hashable, CustomStringConvertible {
    /// A fixed duration.
    case duration(ISODuration)
    /// The named slot's value, read when the duration is used.
    case slot(String)

    /// Reads `{name}` as a slot, anything else as an ISO 8601 duration; `nil` when it is neither.
    package init?(_ text: String) {
        if let slot = Self.slotName(in: text) {
            self = .slot(slot)
        } else if let duration = ISODuration(text) {
            self = .duration(duration)
        } else {
            return nil
        }
    }

    /// As a bot author writes it.
    package var description: String {
        switch self {
        case .duration(let duration): duration.description
        case .slot(let name): "{\(name)}"
        }
    }

    /// The slot a value written `{name}` refers to, or `nil` for anything else: the one reading of `{slot}` in a
    /// flow (`set` values and reminder delays).
    package static func slotName(in text: String) -> String? {
        guard text.hasPrefix("{") && text.hasSuffix("}") && text.count > 2 else { return nil }
        return String(text.dropFirst().dropLast())
    }
}
