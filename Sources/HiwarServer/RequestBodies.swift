internal import Foundation
internal import HTTPTypes
internal import Hiwar

/// A request body read as one JSON object, every key known, every value of its type.
///
/// Read with Hiwar's own JSON reader, so an error says the column, and a key the route does not know is refused
/// (a typo such as `"txt"` is an error, not an empty message).
struct JSONObjectBody {
    private let members: [String: JSONNode]

    /// Parses `bytes` (UTF-8) as an object whose keys are among `allowed`.
    init(_ bytes: [UInt8], allowed: Set<String>, source: String = "body") throws(APIError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.badRequest, code: "invalid-utf8", "the \(source) is not UTF-8")
        }
        try self.init(text: text, allowed: allowed, source: source)
    }

    init(text: String, allowed: Set<String>, source: String) throws(APIError) {
        let root: JSONNode
        switch JSONDocument.read(SourceFile(path: source, text: text)) {
        case .success(let node): root = node
        case .failure(let error):
            throw .invalidJSON("the \(source) is not JSON: column \(error.location.column): \(error.message)")
        }
        guard let list = root.members else {
            throw .invalidJSON("the \(source) must be a JSON object, not \(root.value.typeName)")
        }
        var members: [String: JSONNode] = [:]
        for member in list {
            guard allowed.contains(member.key) else {
                throw .invalidField(
                    member.key,
                    "unknown field \"\(member.key)\"; this request takes \(allowed.sorted().joined(separator: ", "))"
                )
            }
            guard members[member.key] == nil else {
                throw .invalidField(member.key, "\"\(member.key)\" appears twice")
            }
            members[member.key] = member.value
        }
        self.members = members
    }

    /// A string field; `nil` when absent (`null` is not a string: refused, as the document says).
    func string(_ key: String, maximumLength: Int = 256) throws(APIError) -> String? {
        guard let node = members[key] else { return nil }
        guard let text = node.string else {
            throw .invalidField(key, "\"\(key)\" must be a string, not \(node.value.typeName)")
        }
        guard text.utf8.count <= maximumLength else {
            throw APIError(
                .badRequest,
                code: "field-too-long",
                "\"\(key)\" is \(text.utf8.count) bytes; the limit is \(maximumLength)",
                field: key
            )
        }
        return text
    }

    /// A string field that must be there.
    func requiredString(_ key: String, maximumLength: Int = 256) throws(APIError) -> String {
        guard let text = try string(key, maximumLength: maximumLength) else {
            throw .invalidField(key, "\"\(key)\" is required")
        }
        return text
    }

    /// An object of scalars (`data`), values as text; empty when absent.
    func scalars(_ key: String) throws(APIError) -> [String: String] {
        guard let node = members[key] else { return [:] }
        do {
            return try node.scalarMembers(named: key)
        } catch {
            throw .invalidField(key, error.message)
        }
    }
}

/// The customer's language as a request gives it: one the bot speaks.
enum LanguageField {
    static func read(_ body: JSONObjectBody, bot: CompiledBot) throws(APIError) -> LanguageCode? {
        guard let lang = try body.string("lang", maximumLength: 16) else { return nil }
        let code = LanguageCode(rawValue: lang)
        guard bot.languages.contains(code) else {
            throw APIError(
                .badRequest,
                code: "unknown-language",
                "the bot does not speak \"\(lang)\"; use \(bot.languages.map(\.rawValue).joined(separator: ", "))",
                field: "lang"
            )
        }
        return code
    }
}

/// Conversation ids as the API accepts them.
///
/// 1–128 bytes of letters, digits and `. _ : @ + -` (phone numbers, e-mail addresses, channel ids), never a
/// full card number: an id is a log key and a database key, so it must be safe as either.
enum ConversationID {
    static let maximumLength = 128

    /// The id from a path segment, percent-decoded (`%2B9715550100` is `+9715550100`), then validated.
    static func fromPath(_ segment: String) throws(APIError) -> String {
        // Most ids have nothing to decode.
        if !segment.utf8.contains(UInt8(ascii: "%")) { return try validate(segment) }
        guard let decoded = segment.removingPercentEncoding else {
            throw APIError(
                .badRequest,
                code: "invalid-conversation-id",
                "the conversation id is not valid percent-encoded UTF-8",
                field: "conversation"
            )
        }
        return try validate(decoded)
    }

    static func validate(_ id: String) throws(APIError) -> String {
        guard !id.isEmpty, id.utf8.count <= maximumLength else {
            throw APIError(
                .badRequest,
                code: "invalid-conversation-id",
                "a conversation id is 1 to \(maximumLength) bytes",
                field: "conversation"
            )
        }
        guard id.utf8.allSatisfy(Self.allowed) else {
            throw APIError(
                .badRequest,
                code: "invalid-conversation-id",
                "a conversation id uses letters, digits and . _ : @ + - only",
                field: "conversation"
            )
        }
        try refuseCardNumber(id, field: "conversation", named: "a conversation id")
        return id
    }

    /// Refuses a value that keys logs and rows (an id, an idempotency key) when it is a card number.
    static func refuseCardNumber(_ value: String, field: String, named what: String) throws(APIError) {
        guard !CardNumbers.contains(value) else {
            throw APIError(.badRequest, code: "card-number-refused", "\(what) must not be a card number", field: field)
        }
    }

    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "+"),
            UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
