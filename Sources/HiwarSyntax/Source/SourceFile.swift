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

    /// How many Unicode scalars start before byte `k × checkpointStride`, for each `k`: a column is
    /// counted from the nearest checkpoint, never from the start of a line that may be megabytes
    /// long (a whole bot on one line).
    private let scalarCheckpoints: [Int]
    private static let checkpointStride = 256

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
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / Self.checkpointStride + 1)
        var scalars = 0
        for (offset, byte) in bytes.enumerated() {
            if offset % Self.checkpointStride == 0 { checkpoints.append(scalars) }
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        if bytes.count % Self.checkpointStride == 0 { checkpoints.append(scalars) }
        self.scalarCheckpoints = checkpoints
    }

    /// How many Unicode scalars start before byte `offset` (at most 255 bytes read).
    private func scalarIndex(_ offset: Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = scalarCheckpoints[checkpoint]
        var index = checkpoint * Self.checkpointStride
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
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
        let column = scalarIndex(offset) - scalarIndex(lineStarts[low]) + 1
        return SourceLocation(path: path, line: low + 1, column: column, offset: offset)
    }

    /// `location`'s line for showing under a diagnostic, whole when of ordinary length, else at most
    /// `radius` scalars on each side of it: the text (with "…" where the line goes on) and the
    /// location's 1-based column in it.
    public func excerpt(around location: SourceLocation, radius: Int = 60) -> (text: String, column: Int) {
        guard location.line >= 1, location.line <= lineStarts.count else { return ("", 1) }
        let lineStart = lineStarts[location.line - 1]
        var lineEnd = location.line < lineStarts.count ? lineStarts[location.line] : bytes.count
        while lineEnd > lineStart && (bytes[lineEnd - 1] == 0x0A || bytes[lineEnd - 1] == 0x0D) { lineEnd -= 1 }
        let offset = max(lineStart, min(location.offset, lineEnd))
        if scalarIndex(lineEnd) - scalarIndex(lineStart) <= 2 * radius + 40 {
            // A line of ordinary length is shown whole.
            return (String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self), location.column)
        }
        var start = offset
        var before = 0
        while start > lineStart && before < radius {
            start -= 1
            if bytes[start] & 0xC0 != 0x80 { before += 1 }
        }
        var end = offset
        var after = 0
        while end < lineEnd && after <= radius {
            end += 1
            while end < lineEnd && bytes[end] & 0xC0 == 0x80 { end += 1 }
            after += 1
        }
        let head = start > lineStart ? "…" : ""
        let tail = end < lineEnd ? "…" : ""
        return (head + String(decoding: bytes[start..<end], as: UTF8.self) + tail, before + head.count + 1)
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
