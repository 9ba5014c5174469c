package import HiwarSyntax
internal import Synchronization

extension ConversationState {
    /// A conversation's recent exchange: the last ``limit`` lines, oldest first.
    ///
    /// A collection of ``TranscriptLine``s that encodes as a plain JSON array. It is stored in chunks
    /// of 8 lines shared between copies, because every turn appends to the transcript of a state the
    /// session store still holds: with one array, each append copied the whole history (a hundred
    /// lines, a retain each); here it copies at most the 8 lines of the open chunk and the list of
    /// chunk references.
    public struct Transcript: Sendable, Hashable, Codable, RandomAccessCollection, ExpressibleByArrayLiteral {
        /// Eight full lines, never changed once sealed.
        private final class Chunk: Sendable {
            let lines: [TranscriptLine]
            /// The lines as JSON, comma-separated, with where each line starts, once a snapshot has written them
            /// (``writeJSON(into:)``).
            let json = Mutex<(bytes: [UInt8], starts: [Int])?>(nil)

            init(_ lines: [TranscriptLine]) {
                self.lines = lines
            }

            /// The lines from `first` on as JSON, comma-separated: written the first time and kept, so every later
            /// snapshot reuses them, even once the oldest lines are dropped.
            func linesJSON(from first: Int) -> ArraySlice<UInt8> {
                let written =
                    json.withLock { $0 }
                    ?? {
                        var writer = JSONWriter(capacity: lines.count * 96)
                        var starts: [Int] = []
                        for (index, line) in lines.enumerated() {
                            if index > 0 { writer.raw(CollectionOfOne(UInt8(ascii: ","))) }
                            starts.append(writer.bytes.count)
                            writer.line(line)
                        }
                        let written = (bytes: writer.bytes, starts: starts)
                        json.withLock { $0 = written }
                        return written
                    }()
                return written.bytes[written.starts[first]...]
            }
        }

        private static let chunkSize = 8

        /// Sealed chunks, oldest first.
        private var sealed: [Chunk] = []
        /// How many lines of the first sealed chunk are dropped (older than the limit).
        private var dropped = 0
        /// The lines after the sealed chunks.
        private var open: [TranscriptLine] = []
        /// The number of `sealed[0]` among every chunk this transcript ever sealed (the ones before it were dropped):
        /// a store that keeps sealed chunks apart names them by it.
        private(set) package var firstChunk = 0

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
                    firstChunk += 1
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

        // MARK: Stores that keep sealed chunks apart

        /// The lines of sealed chunk `number` (``firstChunk`` up to ``firstChunk`` + ``sealedChunkCount``) as JSON,
        /// comma-separated.
        ///
        /// The whole chunk, dropped lines included. Never changed once sealed, so written once and kept.
        package func sealedChunkJSON(_ number: Int) -> ArraySlice<UInt8> {
            sealed[number - firstChunk].linesJSON(from: 0)
        }

        /// How many chunks are sealed.
        package var sealedChunkCount: Int { sealed.count }

        /// How many lines of the first sealed chunk are dropped.
        package var droppedLines: Int { dropped }

        /// The lines after the sealed chunks.
        package var openLines: [TranscriptLine] { open }

        /// A transcript from its parts, as ``sealedChunkJSON(_:)``, ``droppedLines`` and ``openLines`` gave them.
        package init(firstChunk: Int, chunks: [[TranscriptLine]], dropped: Int, open: [TranscriptLine], limit: Int) {
            self.init(limit: limit)
            self.firstChunk = firstChunk
            self.sealed = chunks.map(Chunk.init)
            self.dropped = dropped
            self.open = open
        }

        /// Writes the open lines only, as a JSON array (for a store that keeps the sealed chunks apart).
        package func writeOpenLinesJSON(into json: inout JSONWriter) {
            json.array(open) { $0.line($1) }
        }

        /// Writes the lines as a JSON array, as ``encode(to:)`` would; full chunks are written once and
        /// reused.
        package func writeJSON(into json: inout JSONWriter) {
            json.raw(CollectionOfOne(UInt8(ascii: "[")))
            var first = true
            func comma() {
                if !first { json.raw(CollectionOfOne(UInt8(ascii: ","))) }
                first = false
            }
            for (index, chunk) in sealed.enumerated() {
                comma()
                json.raw(chunk.linesJSON(from: index == 0 ? dropped : 0))
            }
            for line in open {
                comma()
                json.line(line)
            }
            json.raw(CollectionOfOne(UInt8(ascii: "]")))
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
}
