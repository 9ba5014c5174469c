/// A position in a definition file: path, 1-based line, 1-based column in Unicode scalars, and
/// the byte offset for tools.
///
/// Locations order by path, then line, then column, so sorted diagnostics read top to bottom.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The file's path as given to the loader.
    public let path: String
    /// The line, starting at 1.
    public let line: Int
    /// The column, starting at 1, counted in Unicode scalars.
    public let column: Int
    /// The byte offset from the start of the file.
    public let offset: Int

    /// Creates a location.
    public init(path: String, line: Int, column: Int, offset: Int) {
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}

/// A span of bytes in a source file: where a value was written.
package struct SourceRange: Sendable, Hashable {
    /// The file.
    public let file: SourceFile
    /// The byte offset of the first byte.
    public let start: Int
    /// The byte offset just past the last byte.
    public let end: Int

    /// Creates a range.
    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// Where the range starts.
    public var location: SourceLocation { file.location(at: start) }
}

/// A value read from a definition file, with where it was written.
package struct Located<Value> {
    /// The value.
    public let value: Value
    /// Where it was written.
    public let range: SourceRange

    /// Creates a located value.
    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }

    /// Where the value starts.
    public var location: SourceLocation { range.location }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
