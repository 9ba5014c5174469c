internal import Foundation

/// Why a notice was refused.
///
/// Nothing about the conversation changes when one is thrown.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The bot declares no such event.
        case unknownEvent = "unknown-event"
        /// A required field is missing.
        case missingField = "missing-field"
        /// A field the event does not declare.
        case unknownField = "unknown-field"
        /// A field's value does not have the declared type.
        case invalidField = "invalid-field"
    }

    /// The code.
    public let code: Code
    /// What is wrong, for a person.
    public let message: String
    /// The field concerned, if any.
    public let field: String?

    public var description: String { "\(code.rawValue): \(message)" }
}

/// Checks notice payloads against their declared event types.
enum EventPayload {
    /// Validates `data` for `event`.
    ///
    /// - Throws: ``DeliveryError`` for an unknown event, a missing required field, an undeclared
    ///   field, or a value of the wrong type; the first problem in field order.
    static func validate(
        _ data: [String: String],
        for event: EventDefinition?,
        named name: String
    ) throws(DeliveryError) {
        guard let event else {
            throw DeliveryError(code: .unknownEvent, message: "the bot declares no event \"\(name)\"", field: nil)
        }
        let declared = Set(event.fields.map(\.name.value))
        for key in data.keys.sorted() where !declared.contains(key) {
            let known = event.fields.map(\.name.value).joined(separator: ", ")
            throw DeliveryError(
                code: .unknownField,
                message: "\(name) has no field \"\(key)\" (its fields: \(known))",
                field: key
            )
        }
        for field in event.fields {
            guard let value = data[field.name.value] else {
                if field.required {
                    throw DeliveryError(
                        code: .missingField,
                        message: "\(name) needs the field \"\(field.name.value)\" (\(field.type.value.rawValue))",
                        field: field.name.value
                    )
                }
                continue
            }
            if let problem = ValueCheck.problem(value, as: field.type.value) {
                throw DeliveryError(
                    code: .invalidField,
                    message: "\(name).\(field.name.value): \(problem)",
                    field: field.name.value
                )
            }
        }
    }
}

/// Checks a value's text against a ``ValueType``.
enum ValueCheck {
    /// What is wrong with `value` as a `type`, or `nil` when it is fine.
    static func problem(_ value: String, as type: ValueType) -> String? {
        switch type {
        case .string, .enum, .list:
            return value.isEmpty ? "the value is empty" : nil
        case .number:
            return Double(value).map { $0.isFinite } == true ? nil : "\"\(value)\" is not a number"
        case .boolean:
            return value == "true" || value == "false" ? nil : "\"\(value)\" is not true or false"
        case .date:
            return date(value) != nil ? nil : "\"\(value)\" is not a date (YYYY-MM-DD)"
        case .datetime:
            return dateTime(value) != nil ? nil : "\"\(value)\" is not an ISO 8601 date-time with an offset"
        case .duration:
            return ISODuration(value) != nil ? nil : "\"\(value)\" is not an ISO 8601 duration (P3D)"
        case .url:
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
                scheme == "https" || scheme == "http", url.host?.isEmpty == false
            else { return "\"\(value)\" is not an http(s) URL" }
            return nil
        case .month:
            let parts = value.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let month = Int(parts[1]),
                Int(parts[0]) != nil, (1...12).contains(month)
            else { return "\"\(value)\" is not a month (YYYY-MM)" }
            return nil
        }
    }

    /// A `YYYY-MM-DD` date at midnight UTC, when valid.
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else { return nil }
        return date
    }

    /// An ISO 8601 date-time with an offset (`2026-11-23T14:30:00+04:00`, `…Z`) and its offset.
    static func dateTime(_ text: String) -> (date: Date, offset: TimeZone)? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { return nil }
        var offsetSeconds = 0
        if !text.hasSuffix("Z") && !text.hasSuffix("z") {
            let tail = text.suffix(6)
            guard let sign = tail.first, sign == "+" || sign == "-" else { return nil }
            let hm = tail.dropFirst().split(separator: ":")
            guard hm.count == 2, let hours = Int(hm[0]), let minutes = Int(hm[1]) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        return (date, TimeZone(secondsFromGMT: offsetSeconds) ?? .current)
    }
}
