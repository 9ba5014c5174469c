internal import HiwarSyntax

/// An evidence rule: parts that must appear anywhere in a message, in any order, and parts that must not.
///
/// ```
/// ~where + ~order                    both, in any order
/// ~when * ~arrive + ~order?          "when … arrive", and ~order counts when present
/// ~cancel + ~order - ~negation * ~cancel
///                                    cancel and order, but not "don't … cancel"
/// ```
/// Each part is a template (docs/patterns.md), matched on whole words anywhere in the message. ` + ` joins a part
/// that must appear, ` - ` one that must not; a part ending in `?` adds to the match when present and is not
/// required. The full reference is `docs/patterns.md`.
struct EvidenceRule: Equatable {
    /// One part of a rule.
    struct Part: Equatable {
        enum Role: Equatable {
            /// Must appear.
            case required
            /// Counts when present.
            case optional
            /// Must not appear.
            case excluded
        }

        var node: TemplateNode
        var role: Role
        /// The scalar offset of the part in the rule, for diagnostics.
        var offset: Int
    }

    /// The most parts one rule may have.
    static let maximumParts = 16

    var parts: [Part]

    /// Parses a rule.
    static func parse(_ text: String) throws(TemplateError) -> EvidenceRule {
        let scalars = Array(text.unicodeScalars)
        var pieces: [(text: String, offset: Int, excluded: Bool)] = []
        var depth = 0
        var start = 0
        var excluded = false
        var index = 0
        func isSpace(_ i: Int) -> Bool { i < 0 || i >= scalars.count || scalars[i].properties.isWhitespace }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\": index += 1
            case "(", "[", "{", "<": depth += 1
            case ")", "]", "}", ">": depth = max(0, depth - 1)
            case "+", "-":
                guard depth == 0 && isSpace(index - 1) && isSpace(index + 1) else { break }
                let piece = String(String.UnicodeScalarView(scalars[start..<index]))
                if index == 0 || piece.allSatisfy(\.isWhitespace) {
                    // A leading "- part" excludes the first part; anything else is a missing part.
                    guard scalar == "-", pieces.isEmpty, piece.allSatisfy(\.isWhitespace) else {
                        throw TemplateError(message: "'\(scalar)' needs a part on each side", offset: index)
                    }
                } else {
                    pieces.append((piece, start, excluded))
                }
                excluded = scalar == "-"
                start = index + 1
            default: break
            }
            index += 1
        }
        let last = String(String.UnicodeScalarView(scalars[start...]))
        guard !last.allSatisfy(\.isWhitespace) else {
            throw TemplateError(
                message: pieces.isEmpty ? "the rule is empty" : "the rule ends with an operator; add a part after it",
                offset: min(start, max(0, scalars.count - 1))
            )
        }
        pieces.append((last, start, excluded))
        guard pieces.count <= maximumParts else {
            let extra = pieces[maximumParts]
            let leading = extra.text.unicodeScalars.prefix { $0.properties.isWhitespace }.count
            throw TemplateError(
                message: "an evidence rule has at most \(maximumParts) parts; this one has \(pieces.count)",
                offset: extra.offset + leading,
                code: .tooLarge
            )
        }
        var parts: [Part] = []
        for piece in pieces {
            var body = piece.text
            var leading = 0
            while let first = body.unicodeScalars.first, first.properties.isWhitespace {
                body.unicodeScalars.removeFirst()
                leading += 1
            }
            while let final = body.unicodeScalars.last, final.properties.isWhitespace {
                body.unicodeScalars.removeLast()
            }
            var role: Part.Role = piece.excluded ? .excluded : .required
            if body.hasSuffix("?") && !body.hasSuffix("\\?") {
                guard role == .required else {
                    throw TemplateError(
                        message: "an excluded part cannot also be optional",
                        offset: piece.offset + leading + body.unicodeScalars.count - 1
                    )
                }
                role = .optional
                body.unicodeScalars.removeLast()
            }
            let node: TemplateNode
            do {
                node = try TemplateParser.parse(body)
            } catch {
                throw TemplateError(message: error.message, offset: piece.offset + leading + error.offset)
            }
            let offset = piece.offset + leading
            parts.append(Part(node: node.shifted(by: offset), role: role, offset: offset))
        }
        guard parts.contains(where: { $0.role == .required }) else {
            throw TemplateError(message: "an evidence rule needs at least one part that must appear", offset: 0)
        }
        return EvidenceRule(parts: parts)
    }
}
