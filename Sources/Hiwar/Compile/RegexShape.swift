internal import HiwarSyntax

/// A raw regex seen as a fixed frame around the parts whose use depends on the message, so that
/// regexes written from one mould can share a search.
///
/// Bots migrated from regex engines write many intents from one mould:
/// `\b(?:i|we)\s+need\s+(?:TOPIC\s+)?card\s+help\b` with a different TOPIC each. When a message
/// contains none of the words an optional part or a branch requires (its ``Part/required``, found
/// by the literal prefilter like a pattern's own), that part can match nothing there: the regex
/// behaves as if the part were gone. Two regexes with the same ``frame`` whose differing parts are
/// all absent from a message are then the same regex for that message, and one PCRE2 search
/// answers for all of them — the matcher runs one where it ran hundreds.
///
/// Only the part's *absence* is used, and absence is decided by the same sound analysis as the
/// prefilter's: a part that might occur counts as present and the regex runs on its own. Regexes
/// that refer to their groups (backreferences) or change options inside them have no shape, since
/// taking a part out could change what the rest means.
struct RegexShape: Hashable, Sendable {
    /// How a part leaves the regex when it cannot match.
    enum PartKind: UInt8, Hashable, Sendable {
        /// An optional or `{0,n}` part: it then matches only the empty string.
        case optional
        /// A branch of an alternation: it is then never taken.
        case branch
    }

    /// A part whose use depends on the message.
    struct Part: Hashable, Sendable {
        /// Its text in the regex.
        var text: String
        /// How it leaves the regex.
        var kind: PartKind
        /// What every match of the part contains: choices of words, one of each; never empty.
        var required: [[RequiredWord]]
    }

    /// The regex's text around the parts, with each part's kind between two pieces:
    /// `pieces.count == parts.count + 1`.
    var pieces: [String]
    /// The parts, outermost only, in order.
    var parts: [Part]

    /// The frame: what two regexes of one mould have in common.
    struct Frame: Hashable, Sendable {
        var pieces: [String]
        var kinds: [PartKind]
    }

    /// The frame of this shape.
    var frame: Frame { Frame(pieces: pieces, kinds: parts.map(\.kind)) }

    /// The shape of a regex read by a ``RegexParser``, from the summaries its parts were given.
    init(scalars: [Unicode.Scalar], parts variableParts: [(range: Range<Int>, kind: PartKind)], summarizer: Summarizer)
    {
        // Outermost parts that require a word; the others stay in the frame. Parts are nested or
        // apart, never overlapping, so sorting by start (longest first) finds the outermost.
        let order = variableParts.indices.sorted { a, b in
            let (x, y) = (variableParts[a].range, variableParts[b].range)
            return x.lowerBound != y.lowerBound ? x.lowerBound < y.lowerBound : x.count > y.count
        }
        var pieces: [String] = []
        var parts: [Part] = []
        var position = 0
        for index in order where variableParts[index].range.lowerBound >= position {
            guard let summary = summarizer.partSummaries[index] else { continue }
            let required =
                summary.exact.map { summarizer.groups(of: $0, before: false, after: false) } ?? summary.required
            guard !required.isEmpty, required.allSatisfy({ !$0.isEmpty }) else { continue }
            let range = variableParts[index].range
            pieces.append(Self.text(scalars[position..<range.lowerBound]))
            parts.append(Part(text: Self.text(scalars[range]), kind: variableParts[index].kind, required: required))
            position = range.upperBound
        }
        pieces.append(Self.text(scalars[position...]))
        self.init(pieces: pieces, parts: parts)
    }

    /// A shape from its pieces and parts.
    init(pieces: [String], parts: [Part]) {
        self.pieces = pieces
        self.parts = parts
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
