public import Foundation
internal import HiwarSyntax

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
        /// The notice names a language the bot does not speak.
        case unknownLanguage = "unknown-language"
    }

    /// The code.
    public let code: Code
    /// What is wrong, for a person.
    public let message: String
    /// The field concerned, if any.
    public let field: String?

    public var description: String { "\(code.rawValue): \(message)" }
}

extension DeliveryError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` says what is wrong.
    public var errorDescription: String? { description }
}

/// Checks notice payloads against their declared event types.
enum EventPayload {
    /// Validates `data` for `event`.
    ///
    /// - Throws: ``DeliveryError`` for an unknown event, a missing required field, an undeclared
    ///   field, or a value of the wrong type; the first problem in field order.
    static func validate(
        _ data: [String: String],
        for event: EventSchema?,
        named name: String
    ) throws(DeliveryError) {
        guard let event else {
            throw DeliveryError(code: .unknownEvent, message: "the bot declares no event \"\(name)\"", field: nil)
        }
        let declared = Set(event.fields.map(\.name))
        for key in data.keys.sorted() where !declared.contains(key) {
            let known = event.fields.map(\.name).joined(separator: ", ")
            throw DeliveryError(
                code: .unknownField,
                message: "\(name) has no field \"\(key)\" (its fields: \(known))",
                field: key
            )
        }
        for field in event.fields {
            guard let value = data[field.name] else {
                if field.required {
                    throw DeliveryError(
                        code: .missingField,
                        message: "\(name) needs the field \"\(field.name)\" (\(field.type.rawValue))",
                        field: field.name
                    )
                }
                continue
            }
            // A card's last four digits are four digits (spec §7): anything else is a mistake to refuse,
            // not a value to show the customer.
            if field.isCardLast4,
                !(DigitScript.latin.apply(to: value).utf8.count == 4
                    && DigitScript.latin.apply(to: value).utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
            {
                throw DeliveryError(
                    code: .invalidField,
                    message: CardNumbers.redacted(
                        "\(name).\(field.name): the last four digits of a card, such as 4821, not \"\(value)\""
                    ),
                    field: field.name
                )
            }
            if CardNumbers.contains(value) {
                throw DeliveryError(
                    code: .invalidField,
                    message: "\(name).\(field.name): holds a full card number; send the last four digits only",
                    field: field.name
                )
            }
            if let problem = ValueCheck.problem(value, as: field.type) {
                throw DeliveryError(
                    code: .invalidField,
                    message: CardNumbers.redacted("\(name).\(field.name): \(problem)"),
                    field: field.name
                )
            }
        }
    }
}
