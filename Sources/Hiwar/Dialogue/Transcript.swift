/// A conversation's recent exchange: the last ``limit`` lines, oldest first.
///
/// A collection of ``TranscriptLine``s that encodes as a plain JSON array. It is stored in chunks
/// of 16 lines shared between copies, because every turn appends to the transcript of a state the
/// session store still holds: with one array, each append copied the whole history (a hundred
/// lines, a retain each); here it copies at most the 16 lines of the open chunk and the list of
/// chunk references.
public struct Transcript: Sendable, Hashable, Codable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// Sixteen full lines, never changed once sealed.
    private final class Chunk: Sendable {
        let lines: [TranscriptLine]

        init(_ lines: [TranscriptLine]) {
            self.lines = lines
        }
    }

    private static let chunkSize = 16

    /// Sealed chunks, oldest first.
    private var sealed: [Chunk] = []
    /// How many lines of the first sealed chunk are dropped (older than the limit).
    private var dropped = 0
    /// The lines after the sealed chunks.
    private var open: [TranscriptLine] = []

    /// How many lines are kept; older lines are dropped as new ones arrive.
    public let limit: Int

    /// An empty transcript keeping at most `limit` lines.
    public init(limit: Int = 100) {
        self.limit = Swift.max(1, limit)
    }

    /// A transcript of `lines` (the last `limit` of them).
    public init(_ lines: some Sequence<TranscriptLine>, limit: Int = 100) {
        self.init(limit: limit)
        for line in lines { append(line) }
    }

    public init(arrayLiteral lines: TranscriptLine...) {
        self.init(lines)
    }

    /// Adds a line, dropping the oldest when the transcript is full.
    public mutating func append(_ line: TranscriptLine) {
        open.append(line)
        if open.count == Self.chunkSize {
            sealed.append(Chunk(open))
            open.removeAll(keepingCapacity: true)
        }
        if count > limit {
            dropped += count - limit
            while let first = sealed.first, dropped >= first.lines.count {
                dropped -= first.lines.count
                sealed.removeFirst()
            }
            if sealed.isEmpty && dropped > 0 {
                open.removeFirst(dropped)
                dropped = 0
            }
        }
    }

    // MARK: Collection

    public var startIndex: Int { 0 }

    public var endIndex: Int { sealed.count * Self.chunkSize - dropped + open.count }

    public subscript(position: Int) -> TranscriptLine {
        let absolute = position + dropped
        let chunk = absolute / Self.chunkSize
        if chunk < sealed.count { return sealed[chunk].lines[absolute % Self.chunkSize] }
        return open[absolute - sealed.count * Self.chunkSize]
    }

    // MARK: Equatable, Hashable, Codable

    public static func == (lhs: Transcript, rhs: Transcript) -> Bool {
        lhs.limit == rhs.limit && lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for line in self { hasher.combine(line) }
    }

    /// Decodes a JSON array of lines.
    public init(from decoder: any Decoder) throws {
        let lines = try decoder.singleValueContainer().decode([TranscriptLine].self)
        self.init(lines, limit: ConversationState.transcriptLimit)
    }

    /// Encodes the lines as a JSON array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }
}
