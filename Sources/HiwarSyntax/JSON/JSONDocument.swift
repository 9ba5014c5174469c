/// Reads any JSON file with positions, for tools built on Hiwar (conversation tests, action
/// fixtures): the same strict reader as bot files, with located errors.
package enum JSONDocument {
    /// Parses `file`.
    ///
    /// - Returns: The root value, or the errors (with file:line:column) that stopped it.
    package static func read(_ file: SourceFile) -> Result<JSONNode, LocatedError> {
        var diagnostics = Diagnostics()
        guard let root = JSONReader.read(file, into: &diagnostics) else {
            let first = diagnostics.all.first { $0.severity == .error }
            return .failure(
                LocatedError(message: first?.message ?? "not JSON", location: first?.location ?? file.location(at: 0))
            )
        }
        return .success(root)
    }
}

/// A problem in a file, where it is.
package struct LocatedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    package let message: String
    /// Where.
    package let location: SourceLocation

    /// Creates an error.
    package init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `path:line:column: message`.
    package var description: String { "\(location): \(message)" }
}

extension JSONNode {
    /// The member named `key` of an object.
    package subscript(key: String) -> JSONNode? {
        members?.first { $0.key == key }?.value
    }

    /// A scalar as text: strings as they are, numbers as written, booleans as `true`/`false`.
    package var scalarText: String? {
        switch value {
        case .string(let text): text
        case .number(let lexeme, _): lexeme
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// An object of scalars as text values (`{"order_id": "A-1", "count": 2}`).
    ///
    /// - Parameter what: How an error names the object (`"data"`).
    /// - Returns: Each member's key and its value as text.
    /// - Throws: ``LocatedError`` at the value that is not an object, or at a member that is not a
    ///   string, number or boolean.
    package func scalarMembers(named what: String) throws(LocatedError) -> [String: String] {
        guard let members else {
            throw LocatedError(message: "\"\(what)\" must be an object of values", location: location)
        }
        var result: [String: String] = [:]
        for member in members {
            guard let text = member.value.scalarText else {
                throw LocatedError(
                    message: "\"\(member.key)\" must be a string, number or boolean",
                    location: member.value.location
                )
            }
            result[member.key] = text
        }
        return result
    }
}
