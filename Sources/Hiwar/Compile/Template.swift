internal import HiwarSyntax

/// A parsed template: the pattern syntax bot authors write.
///
/// ```
/// where is [my] order {order_id}     words, an optional part, a slot
/// (track|trace) my (order|package)   alternatives
/// cancel * order                     up to 3 words in between (*5: up to 5)
/// <طلب>  <سفارش>  <order>            the word with attached prefixes and suffixes
/// =gate                              this word exactly: no typo tolerance
/// ~arrive                            one of the concept's members
/// <بطاقة> !(الهوية|هوية)              not followed by these words
/// order[s]  \(beta\)                 no space: attached; backslash escapes a special character
/// ```
/// The full reference is `docs/patterns.md`.
indirect enum TemplateNode: Equatable {
    /// A literal word (or several words when it contains a ZWNJ). `exact` turns typo tolerance off;
    /// `affixed` allows the language's attached prefixes and suffixes.
    case word(String, exact: Bool, affixed: Bool)
    /// Items in order; each knows whether a space came before it.
    case sequence([TemplateItem])
    /// One of several sequences.
    case alternatives([TemplateNode])
    /// A part that may be absent.
    case optional(TemplateNode)
    /// Up to `max` arbitrary words.
    case wildcard(max: Int)
    /// A slot's value.
    case slot(String)
    /// The text that follows must not be this: `بطاقة !(الهوية|هوية)`.
    case notFollowedBy(TemplateNode)
    /// A concept's members in the pattern's language: `~arrive`. Replaced by its members before lowering
    /// (``ConceptTable/expand(_:language:)``).
    case concept(String)
}

extension TemplateNode {
    /// The same node with every item's offset moved by `delta` (a part of an evidence rule parsed on its own, placed
    /// back in the rule).
    func shifted(by delta: Int) -> TemplateNode {
        switch self {
        case .word, .wildcard, .slot, .concept: self
        case .sequence(let items):
            .sequence(
                items.map {
                    TemplateItem(node: $0.node.shifted(by: delta), spaced: $0.spaced, offset: $0.offset + delta)
                }
            )
        case .alternatives(let options): .alternatives(options.map { $0.shifted(by: delta) })
        case .optional(let inner): .optional(inner.shifted(by: delta))
        case .notFollowedBy(let inner): .notFollowedBy(inner.shifted(by: delta))
        }
    }
}

/// One item of a sequence, and whether a space separated it from the item before.
struct TemplateItem: Equatable {
    var node: TemplateNode
    var spaced: Bool
    /// The scalar offset where the item starts in the template, for diagnostics.
    var offset: Int
}

/// Parses a template into ``TemplateNode``s.
struct TemplateParser {
    /// The most words one wildcard may stand for.
    static let maximumWildcard = 10

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    static func parse(_ text: String) throws(TemplateError) -> TemplateNode {
        var parser = TemplateParser(text)
        let node = try parser.parseAlternatives(closing: nil)
        guard parser.index == parser.scalars.count else {
            throw TemplateError(
                message: "'\(parser.scalars[parser.index])' has no opening partner",
                offset: parser.index
            )
        }
        return node
    }

    private static let specials: Set<Unicode.Scalar> = ["(", ")", "[", "]", "{", "}", "<", ">", "|", "*", "\\", "~"]

    private mutating func parseAlternatives(closing: Unicode.Scalar?) throws(TemplateError) -> TemplateNode {
        var options: [TemplateNode] = []
        while true {
            let start = index
            let sequence = try parseSequence()
            if case .sequence(let items) = sequence, items.isEmpty {
                let isWholePattern = closing == nil && options.isEmpty && index >= scalars.count
                throw TemplateError(
                    message: isWholePattern ? "the pattern is empty" : "an empty alternative; remove the extra '|'",
                    offset: start
                )
            }
            options.append(sequence)
            guard index < scalars.count, scalars[index] == "|" else { break }
            index += 1
        }
        return options.count == 1 ? options[0] : .alternatives(options)
    }

    private mutating func parseSequence() throws(TemplateError) -> TemplateNode {
        var items: [TemplateItem] = []
        var spaced = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                spaced = true
                index += 1
                continue
            }
            if scalar == "|" || scalar == ")" || scalar == "]" { break }
            let start = index
            let node = try parseItem()
            items.append(TemplateItem(node: node, spaced: spaced || items.isEmpty, offset: start))
            spaced = false
        }
        return .sequence(items)
    }

    private mutating func parseItem() throws(TemplateError) -> TemplateNode {
        let start = index
        switch scalars[index] {
        case "(", "[":
            let open = scalars[index]
            let close: Unicode.Scalar = open == "(" ? ")" : "]"
            depth += 1
            guard depth <= 32 else { throw TemplateError(message: "groups nested too deep", offset: start) }
            index += 1
            let inner = try parseAlternatives(closing: close)
            guard index < scalars.count, scalars[index] == close else {
                throw TemplateError(message: "'\(open)' is never closed; add '\(close)'", offset: start)
            }
            index += 1
            depth -= 1
            return open == "(" ? inner : .optional(inner)
        case "{":
            index += 1
            let nameStart = index
            while index < scalars.count, scalars[index] != "}" { index += 1 }
            guard index < scalars.count else {
                throw TemplateError(message: "'{' is never closed; add '}'", offset: start)
            }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
            index += 1
            guard Names.isValid(name, .slot) else {
                throw TemplateError(message: "\"\(name)\" is not a slot name", offset: nameStart)
            }
            return .slot(name)
        case "<":
            index += 1
            let word = try parseWord()
            guard !word.isEmpty else { throw TemplateError(message: "'<' needs a word, as in <طلب>", offset: start) }
            guard index < scalars.count, scalars[index] == ">" else {
                if index < scalars.count, scalars[index] == " " {
                    throw TemplateError(
                        message: "a word family <…> holds one word; write the other words outside it, as in رح <يوصل>",
                        offset: index
                    )
                }
                throw TemplateError(message: "'<' is never closed; add '>'", offset: start)
            }
            index += 1
            return .word(word, exact: false, affixed: true)
        case "~":
            index += 1
            let nameStart = index
            while index < scalars.count,
                scalars[index].isASCIILowercase || scalars[index].isASCIIDigit || scalars[index] == "_"
            {
                index += 1
            }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
            guard Names.isValid(name, .concept) else {
                throw TemplateError(message: "'~' needs a concept name, as in ~arrive", offset: start)
            }
            return .concept(name)
        case "*":
            index += 1
            var digits = ""
            while index < scalars.count, scalars[index].isASCIIDigit {
                digits.unicodeScalars.append(scalars[index])
                index += 1
            }
            let count = digits.isEmpty ? 3 : Int(digits) ?? Int.max
            guard (1...Self.maximumWildcard).contains(count) else {
                throw TemplateError(message: "a wildcard stands for 1 to \(Self.maximumWildcard) words", offset: start)
            }
            return .wildcard(max: count)
        case "!":
            index += 1
            guard index < scalars.count, !scalars[index].properties.isWhitespace else {
                throw TemplateError(
                    message: "'!' needs a word or a group right after it, as in !(id|national)",
                    offset: start
                )
            }
            return .notFollowedBy(try parseItem())
        case "=":
            index += 1
            let word = try parseWord()
            guard !word.isEmpty else { throw TemplateError(message: "'=' needs a word, as in =gate", offset: start) }
            return .word(word, exact: true, affixed: false)
        case ")", "]", "}", ">":
            throw TemplateError(message: "'\(scalars[index])' has no opening partner", offset: start)
        case "?", "+":
            throw TemplateError(
                message:
                    "'\(scalars[index])' is regex syntax; in a pattern write optional parts in brackets: [my] order",
                offset: start
            )
        default:
            let word = try parseWord()
            return .word(word, exact: false, affixed: false)
        }
    }

    private mutating func parseWord() throws(TemplateError) -> String {
        var word = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                guard index + 1 < scalars.count else {
                    throw TemplateError(message: "a '\\' at the end escapes nothing", offset: index)
                }
                word.append(scalars[index + 1])
                index += 2
                continue
            }
            if scalar.properties.isWhitespace || Self.specials.contains(scalar) { break }
            word.append(scalar)
            index += 1
        }
        return String(word)
    }
}
