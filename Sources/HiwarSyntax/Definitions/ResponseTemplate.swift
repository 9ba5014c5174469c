/// A parsed response template: text with `{slot}` placeholders and formatters.
///
/// `Your order {order_id} arrives {eta|date}.` — a placeholder names a slot and may add
/// formatters after `|`: `date`, `time`, `datetime`, `upper`, `lower`, `number`,
/// `month`, `digits:latin|arabic|persian`, `currency:AED`, `plural:one=item;other=items`,
/// `prefix:text` and `suffix:text` (said around the value, and not at all without one) and
/// `default:text` (said when the slot has no value). A value with display text (the slot's `display`,
/// or a list entity's synonyms) is shown in the reply's language; `raw` shows it as stored. `{{` and
/// `}}` are literal braces.
package struct ResponseTemplate: Sendable, Hashable {
    /// One piece of a template.
    public enum Segment: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// A slot's value, through formatters in order.
        case placeholder(Placeholder)
    }

    /// A `{slot|formatter:argument}` placeholder.
    public struct Placeholder: Sendable, Hashable {
        /// The slot it shows.
        public let slot: String
        /// Formatters in order, with their argument.
        public let formatters: [(name: String, argument: String?)]
        /// The scalar offset of the `{` in the template.
        public let offset: Int

        /// The text said when the slot has no value: a `default:` formatter's text, or nothing
        /// when the placeholder has a `prefix:` or `suffix:` (which only show beside a value).
        public var defaultText: String? {
            if let fallback = formatters.first(where: { $0.name == "default" }) { return fallback.argument ?? "" }
            return formatters.contains { $0.name == "prefix" || $0.name == "suffix" } ? "" : nil
        }

        public static func == (lhs: Placeholder, rhs: Placeholder) -> Bool {
            lhs.slot == rhs.slot && lhs.offset == rhs.offset
                && lhs.formatters.map(\.name) == rhs.formatters.map(\.name)
                && lhs.formatters.map(\.argument) == rhs.formatters.map(\.argument)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(slot)
            hasher.combine(offset)
            for formatter in formatters {
                hasher.combine(formatter.name)
                hasher.combine(formatter.argument)
            }
        }
    }

    /// The formatters a placeholder may use.
    public static let formatterNames: Set<String> = [
        "date", "time", "datetime", "month", "duration", "upper", "lower", "number", "digits", "currency", "plural",
        "default",
        "prefix", "suffix", "raw",
    ]

    /// The pieces in order.
    public let segments: [Segment]
    /// The template as written (after JSON unescaping), for locating its placeholders in the file.
    public let source: String

    /// Placeholders in order.
    public var placeholders: [Placeholder] {
        segments.compactMap {
            if case .placeholder(let placeholder) = $0 { return placeholder }
            return nil
        }
    }

    /// Parses a template.
    ///
    /// - Throws: ``TemplateError`` with the scalar offset of the problem.
    package init(parsing text: String) throws(TemplateError) {
        let scalars = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" && index + 1 < scalars.count && scalars[index + 1] == "{" {
                literal.append("{")
                index += 2
                continue
            }
            if scalar == "}" && index + 1 < scalars.count && scalars[index + 1] == "}" {
                literal.append("}")
                index += 2
                continue
            }
            if scalar == "}" { throw TemplateError(message: "'}' has no '{'; write }} for a brace", offset: index) }
            guard scalar == "{" else {
                literal.append(scalar)
                index += 1
                continue
            }
            let open = index
            guard let close = scalars[(index + 1)...].firstIndex(of: "}") else {
                throw TemplateError(message: "'{' is never closed; write {{ for a brace", offset: open)
            }
            let body = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
            let parts = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let slot = parts[0].trimmingSpaces
            guard Names.isValid(slot, .slot) else {
                throw TemplateError(message: "\"\(slot)\" is not a slot name", offset: open + 1)
            }
            var formatters: [(name: String, argument: String?)] = []
            for part in parts.dropFirst() {
                let pieces = part.split(separator: ":", maxSplits: 1).map(String.init)
                let name = (pieces.first ?? "").trimmingSpaces
                guard Self.formatterNames.contains(name) else {
                    throw TemplateError(
                        message:
                            "unknown formatter \"\(name)\"; use \(Self.formatterNames.sorted().joined(separator: ", "))",
                        offset: open
                    )
                }
                formatters.append((name, pieces.count > 1 ? pieces[1] : nil))
            }
            if !literal.isEmpty {
                segments.append(.text(String(literal)))
                literal = String.UnicodeScalarView()
            }
            segments.append(.placeholder(Placeholder(slot: slot, formatters: formatters, offset: open)))
            index = close + 1
        }
        if !literal.isEmpty { segments.append(.text(String(literal))) }
        self.segments = segments
        self.source = text
    }
}

extension Located where Value == ResponseTemplate {
    /// Where the scalar at `offset` of the template is in its file.
    package func location(ofScalar offset: Int) -> SourceLocation {
        Located<String>(value.source, at: range).stringLocation(ofScalar: offset)
    }
}

extension String {
    package var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " { scalars.removeFirst() }
        while let last = scalars.last, last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
