/// A JSON value read from a definition file, with the byte range of every value and key.
///
/// Objects keep their members in file order. Numbers keep their lexeme, so large or precise
/// numbers are never silently rounded.
package indirect enum JSONValue: Sendable, Hashable {
    /// An object: members in file order.
    case object([JSONMember])
    /// An array.
    case array([JSONNode])
    /// A string: its decoded value.
    case string(String)
    /// A number: its lexeme as written, and its value as a `Double` (infinite when too large).
    case number(lexeme: String, value: Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The JSON type's name, as error messages say it ("object", "string").
    package var typeName: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }
}

/// A JSON value and the bytes it was written in (for strings, the quotes included).
package struct JSONNode: Sendable, Hashable {
    /// The value.
    package let value: JSONValue
    /// Where it was written.
    package let range: SourceRange

    /// Where the value starts.
    package var location: SourceLocation { range.location }

    /// The string value, or `nil` for other types.
    package var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The members of an object, or `nil` for other types.
    package var members: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// The elements of an array, or `nil` for other types.
    package var elements: [JSONNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The location of the scalar at `scalarOffset` of this string's decoded value.
    ///
    /// Escapes are accounted for: in `"a\u0041b"`, scalar 2 (`b`) is 8 bytes after the opening
    /// quote. This is how a PCRE2 error at offset 17 of a pattern is reported at the line and
    /// column of that character in the file.
    ///
    /// - Parameter scalarOffset: A count of decoded Unicode scalars from the start of the value.
    /// - Returns: The location, or the node's own location when it is not a string.
    package func location(ofScalar scalarOffset: Int) -> SourceLocation {
        guard case .string = value else { return location }
        let bytes = range.file.bytes
        var index = range.start + 1
        var decoded = 0
        while index < range.end - 1 && decoded < scalarOffset {
            if bytes[index] == UInt8(ascii: "\\") {
                let isUnicodeEscape = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "u")
                index += isUnicodeEscape ? 6 : 2
                // A surrogate pair is two escapes for one scalar.
                if isUnicodeEscape, index + 1 < range.end, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u"), Self.isHighSurrogateEscape(bytes, at: index - 6)
                {
                    index += 6
                }
            } else {
                index += 1
                while index < range.end && bytes[index] & 0xC0 == 0x80 { index += 1 }
            }
            decoded += 1
        }
        return range.file.location(at: min(index, range.end))
    }

    private static func isHighSurrogateEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 5 < bytes.count else { return false }
        let hex = String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self)
        guard let value = UInt32(hex, radix: 16) else { return false }
        return (0xD800...0xDBFF).contains(value)
    }
}

/// One `"key": value` member of a JSON object.
package struct JSONMember: Sendable, Hashable {
    /// The key.
    package let key: String
    /// Where the key was written (quotes included).
    package let keyRange: SourceRange
    /// The value.
    package let value: JSONNode

    /// Where the key starts.
    package var keyLocation: SourceLocation { keyRange.location }
}
