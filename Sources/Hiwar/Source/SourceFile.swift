internal import Foundation

/// The bytes of one definition file, with the line table that turns offsets into positions.
///
/// Immutable and shared by every value read from the file. Lines end at `\n`, `\r\n` or a lone
/// `\r`; columns count Unicode scalars, so a line of Arabic text does not skew them.
public final class SourceFile: Sendable, Hashable, CustomStringConvertible {
    /// The path as given to the loader (relative paths stay relative, so output is stable).
    public let path: String

    /// The file's bytes.
    public let bytes: [UInt8]

    /// The byte offset at which each line starts; line 1 starts at 0.
    private let lineStarts: [Int]

    /// Creates a source file from its path and contents.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                starts.append(index + 1)
            } else if byte == 0x0D {
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        self.lineStarts = starts
    }

    /// Creates a source file from text (for in-memory bots and tests).
    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Reads a file from disk, or returns `nil` when it cannot be read.
    public convenience init?(contentsOf path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.init(path: path, bytes: [UInt8](data))
    }

    /// The 1-based line and column of a byte offset.
    ///
    /// - Parameter offset: A byte offset into ``bytes``; values past the end clamp to the end.
    /// - Returns: The location, its column counted in Unicode scalars.
    public func location(at offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(path: path, line: low + 1, column: column, offset: offset)
    }

    /// The text of line `number` (1-based) without its line break, for showing under a diagnostic.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] : bytes.count
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    public var description: String { path }

    public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool {
        lhs === rhs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
}
