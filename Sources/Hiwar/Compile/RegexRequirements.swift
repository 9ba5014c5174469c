internal import HiwarSyntax

/// What every match of a raw regex contains, for the literal prefilter: an AND of OR-sets of words
/// in match form, each with the word boundaries the regex guarantees — the analysis RE2's
/// `FilteredRE2` makes.
///
/// The regex is parsed into a small tree of the PCRE2 syntax bots use: literals, escapes, classes,
/// groups, alternations, quantifiers, anchors and `\b`. Each part yields either the finite set of
/// strings it matches (`colou?r` → colour, color; `(?:track|trace)` → track, trace), crossed while
/// parts follow each other, or requirements: concatenation ANDs them, alternation ORs them (one
/// word from each branch), an optional part requires nothing, a repeated one what it requires
/// once. Words come from those strings' runs of letters and digits, lowercased, and only when
/// normalization leaves them as they are.
///
/// Anything the analysis does not understand — backreferences, conditionals, verbs, extended mode,
/// Unicode properties, large or negated classes — requires nothing, so the analysis can select a
/// pattern too often but never skip one that matches. Its work is linear in the regex (sets are
/// capped at ``maximumExact`` strings, nesting at ``maximumDepth``).
enum RegexRequirements {
    /// The most strings a part's exact set keeps before it is turned into requirements.
    static let maximumExact = 16
    /// Deeper nesting is not analysed.
    static let maximumDepth = 64
    /// Longer regexes are not analysed.
    static let maximumLength = 100_000

    /// The requirements of `source`: each inner array a choice of words, one of which every match
    /// contains; empty when nothing is certain.
    static func analyze(_ source: String, normalizer: TextNormalizer) -> [[RequiredWord]] {
        analyze(source, forms: LiteralForms(normalizer)).required
    }

    /// The requirements of `source` and its ``RegexShape``, from one reading of it.
    ///
    /// - Parameters:
    ///   - source: The regex as written.
    ///   - forms: The compilation's match forms of words, shared by every regex.
    /// - Returns: What every match requires (empty when nothing is certain), and the regex's shape
    ///   (`nil` when it has none).
    static func analyze(_ source: String, forms: LiteralForms) -> (required: [[RequiredWord]], shape: RegexShape?) {
        let scalars = Array(source.unicodeScalars)
        guard scalars.count <= maximumLength else { return ([], nil) }
        var parser = RegexParser(scalars: scalars)
        guard let tree = parser.parseAlternation(depth: 0), parser.finished else { return ([], nil) }
        let summarizer = Summarizer(forms: forms)
        let summary = summarizer.summarize(tree)
        let required = summary.exact.map { summarizer.groups(of: $0, before: false, after: false) } ?? summary.required
        let shape =
            parser.dependsOnStructure
            ? nil : RegexShape(scalars: scalars, parts: parser.variableParts, summarizer: summarizer)
        return (required, shape)
    }
}

/// A regex, as far as the requirement analysis reads it.
indirect enum RegexNode {
    /// One character.
    case literal(Unicode.Scalar)
    /// One character of a small set (a class such as `[sz]`); `nil` when unknown or large.
    case oneOf(Set<Unicode.Scalar>?, nonWord: Bool)
    /// `\b`, `^`, `$`, `\A`, `\z`, `\Z`: zero-width, a word boundary.
    case boundary
    /// Zero-width and telling nothing: lookarounds, `\B`, `\G`, `\K`, option settings.
    case empty
    /// Something that may match anything, even nothing (a backreference).
    case unknown
    /// A part whose use depends on the message (``RegexParser/variableParts`` at this index).
    case part(Int, RegexNode)
    /// Parts in sequence.
    case sequence([RegexNode])
    /// Branches.
    case alternation([RegexNode])
    /// A part repeated `minimum` to `maximum` times (`nil`: unbounded).
    case repeated(RegexNode, minimum: Int, maximum: Int?)
}

/// A recursive-descent reader of the PCRE2 syntax bots use; `nil` (through ``failed``) for
/// anything it must not guess about.
struct RegexParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    private(set) var failed = false
    /// The parts whose use depends on the message — optional parts and the branches of
    /// alternations — by their range in ``scalars``, for ``RegexShape``.
    private(set) var variableParts: [(range: Range<Int>, kind: RegexShape.PartKind)] = []
    /// Whether the regex refers to its groups by number or name, or changes options inside it:
    /// then taking a part out could change what the rest means, and it has no ``RegexShape``.
    private(set) var dependsOnStructure = false

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    var finished: Bool { !failed && index == scalars.count }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func parseAlternation(depth: Int) -> RegexNode? {
        guard depth <= RegexRequirements.maximumDepth else { return fail() }
        var branches: [(range: Range<Int>, node: RegexNode)] = []
        while true {
            let start = index
            guard let branch = parseSequence(depth: depth) else { return nil }
            branches.append((start..<index, branch))
            guard current == "|" else { break }
            index += 1
        }
        if branches.count == 1 { return branches[0].node }
        return .alternation(
            branches.map { branch in
                variableParts.append((branch.range, .branch))
                return .part(variableParts.count - 1, branch.node)
            }
        )
    }

    private mutating func parseSequence(depth: Int) -> RegexNode? {
        var parts: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let start = index
            guard let atom = parseAtom(depth: depth) else { return nil }
            guard var part = parseQuantifier(after: atom) else { return nil }
            if case .repeated(let body, minimum: 0, let maximum) = part {
                variableParts.append((start..<index, .optional))
                part = .repeated(.part(variableParts.count - 1, body), minimum: 0, maximum: maximum)
            }
            parts.append(part)
        }
        return .sequence(parts)
    }

    private mutating func fail() -> RegexNode? {
        failed = true
        return nil
    }

    private mutating func parseAtom(depth: Int) -> RegexNode? {
        guard let scalar = current else { return fail() }
        index += 1
        switch scalar {
        case "\\": return parseEscape()
        case "[": return parseClass()
        case "(": return parseGroup(depth: depth)
        case ".": return .oneOf(nil, nonWord: false)
        case "^", "$": return .boundary
        case "*", "+", "?": return fail()  // a quantifier with nothing to repeat
        default: return .literal(scalar)
        }
    }

    private mutating func parseEscape() -> RegexNode? {
        guard let scalar = current else { return fail() }
        index += 1
        switch scalar {
        case "b", "A", "z", "Z": return .boundary
        case "B", "G", "K": return .empty
        case "s", "W", "h", "v", "R": return .oneOf(nil, nonWord: true)
        case "d", "D", "w", "S", "H", "V", "N", "X", "C": return .oneOf(nil, nonWord: false)
        case "n": return .literal("\n")
        case "t": return .literal("\t")
        case "r": return .literal("\r")
        case "f": return .literal("\u{0C}")
        case "p", "P", "x", "o", "c", "g", "k", "u", "e", "a", "0"..."9":
            // Properties, code points, control characters, backreferences: skip an argument.
            if current == "{" || current == "<" || current == "'" {
                let close: Unicode.Scalar = current == "{" ? "}" : current == "<" ? ">" : "'"
                while let next = current, next != close { index += 1 }
                index += 1
            }
            if scalar == "g" || scalar == "k" || ("1"..."9").contains(scalar) {
                dependsOnStructure = true
                return .unknown
            }
            return .oneOf(nil, nonWord: false)
        case "Q":
            var quoted: [RegexNode] = []
            while index < scalars.count {
                if scalars[index] == "\\" && index + 1 < scalars.count && scalars[index + 1] == "E" {
                    index += 2
                    return .sequence(quoted)
                }
                quoted.append(.literal(scalars[index]))
                index += 1
            }
            return .sequence(quoted)
        case "E": return .empty
        default:
            // An escaped letter we do not know may mean something: nothing is assumed.
            if scalar.properties.isAlphabetic { return .oneOf(nil, nonWord: false) }
            return .literal(scalar)
        }
    }

    private mutating func parseClass() -> RegexNode? {
        var members = Set<Unicode.Scalar>()
        var known = true
        var nonWord = true
        if current == "^" {
            known = false
            nonWord = false
            index += 1
        }
        var first = true
        while let scalar = current, scalar != "]" || first {
            first = false
            index += 1
            var member = scalar
            if scalar == "[" && current == ":" {
                // A POSIX class such as [:alpha:].
                while let next = current, next != "]" { index += 1 }
                index += 1
                known = false
                nonWord = false
                continue
            }
            if scalar == "\\" {
                guard let escaped = current else { return fail() }
                index += 1
                switch escaped {
                case "s", "h", "v": known = false
                case "n", "t", "r", "f":
                    member = escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped == "r" ? "\r" : "\u{0C}"
                default:
                    if escaped.properties.isAlphabetic || escaped.properties.numericType != nil {
                        known = false
                        nonWord = false
                        if current == "{" {
                            while let next = current, next != "}" { index += 1 }
                            index += 1
                        }
                    } else {
                        member = escaped
                    }
                }
                if !known && (escaped == "s" || escaped == "h" || escaped == "v") { continue }
                if !known { continue }
            }
            if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                guard var upper = current else { return fail() }
                index += 1
                if upper == "\\" {
                    guard let escaped = current else { return fail() }
                    index += 1
                    upper = escaped
                }
                guard member.value <= upper.value, upper.value - member.value < 16 else {
                    known = false
                    nonWord = false
                    continue
                }
                for value in member.value...upper.value {
                    if let scalar = Unicode.Scalar(value) { members.insert(scalar) }
                }
            } else {
                members.insert(member)
            }
        }
        guard current == "]" else { return fail() }
        index += 1
        for member in members where CharacterKind.of(member) != .nonWord { nonWord = false }
        return .oneOf(known && members.count <= 8 && !members.isEmpty ? members : nil, nonWord: nonWord)
    }

    private mutating func parseGroup(depth: Int) -> RegexNode? {
        var lookaround = false
        if current == "*" { return fail() }  // (*VERB)
        if current == "?" {
            index += 1
            guard let kind = current else { return fail() }
            switch kind {
            case ":", ">", "|":
                index += 1
            case "=", "!":
                index += 1
                lookaround = true
            case "<" where index + 1 < scalars.count && (scalars[index + 1] == "=" || scalars[index + 1] == "!"):
                index += 2
                lookaround = true
            case "<", "P", "'":
                // A named group: (?<name>…), (?P<name>…), (?'name'…); (?P=name) is a backreference.
                if kind == "P", index + 1 < scalars.count, scalars[index + 1] == "=" || scalars[index + 1] == ">" {
                    return fail()
                }
                let close: Unicode.Scalar = kind == "'" ? "'" : ">"
                while let next = current, next != close { index += 1 }
                index += 1
            case "#":
                while let next = current, next != ")" { index += 1 }
                index += 1
                return .empty
            case "(", "R", "&", "0"..."9", "+", "C":
                return fail()  // conditionals, recursion, callouts
            default:
                // Options: (?i), (?-i), (?i:…). Extended mode changes how the rest reads: not analysed.
                dependsOnStructure = true
                var options = ""
                while let next = current, next != ")" && next != ":" {
                    options.unicodeScalars.append(next)
                    index += 1
                }
                if options.contains("x") { return fail() }
                guard let end = current else { return fail() }
                index += 1
                if end == ")" { return .empty }
            }
        }
        guard let inner = parseAlternation(depth: depth + 1), current == ")" else { return fail() }
        index += 1
        return lookaround ? .empty : inner
    }

    private mutating func parseQuantifier(after atom: RegexNode) -> RegexNode? {
        guard let scalar = current else { return atom }
        var minimum = 1
        var maximum: Int? = 1
        switch scalar {
        case "?": (minimum, maximum) = (0, 1)
        case "*": (minimum, maximum) = (0, nil)
        case "+": (minimum, maximum) = (1, nil)
        case "{":
            guard let (low, high, length) = countedRepeat(from: index) else { return atom }
            (minimum, maximum) = (low, high)
            index += length - 1
        default: return atom
        }
        index += 1
        if current == "?" || current == "+" { index += 1 }  // lazy, possessive
        if case .boundary = atom { return .empty }
        if case .empty = atom { return .empty }
        return .repeated(atom, minimum: minimum, maximum: maximum)
    }

    /// `{n}`, `{n,}` or `{n,m}` at `start`: the bounds and the length; `nil` when `{` is a literal.
    private func countedRepeat(from start: Int) -> (Int, Int?, Int)? {
        var position = start + 1
        func number() -> Int? {
            var value: Int?
            while position < scalars.count, let digit = Int(String(scalars[position])), digit >= 0 {
                value = min((value ?? 0) * 10 + digit, 100_000)
                position += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if position < scalars.count && scalars[position] == "," {
            position += 1
            high = number()
        }
        guard position < scalars.count, scalars[position] == "}" else { return nil }
        if let high, high < low { return nil }
        return (low, high, position - start + 1)
    }
}

/// Whether a character is certainly a word character for PCRE2 (`\p{L}`, `\p{N}`, `_`), certainly
/// not, or perhaps (marks and connectors, which newer PCRE2 counts).
enum CharacterKind {
    case word
    case nonWord
    case unsure

    static func of(_ scalar: Unicode.Scalar) -> CharacterKind {
        if scalar.isASCII {
            let value = scalar.value | 0x20
            let isWord = (value >= 0x61 && value <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39)
            return isWord || scalar == "_" ? .word : .nonWord
        }
        let properties = scalar.properties
        if properties.isAlphabetic && properties.generalCategory != .nonspacingMark
            && properties.generalCategory != .spacingMark
        {
            return .word
        }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .uppercaseLetter, .lowercaseLetter, .titlecaseLetter,
            .modifierLetter, .otherLetter:
            return .word
        case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation, .format:
            return .unsure
        default:
            return .nonWord
        }
    }
}

/// What one part of a regex matches, as far as the requirement analysis can tell.
struct RegexSummary {
    /// The strings it matches, lowercased, when they are few; `nil` otherwise.
    var exact: Set<String>?
    /// What every match contains when ``exact`` is `nil`: choices of words.
    var required: [[RequiredWord]] = []
    /// Every match starts with a character that is certainly not a word character (or a boundary).
    var startsNonWord = false
    /// Every match ends with a character that is certainly not a word character (or a boundary).
    var endsNonWord = false
    /// A zero-width word boundary (`\b`, `^`, `$`).
    var isBoundary = false
}

/// Turns a ``RegexNode`` tree into requirements.
///
/// Compile-time only, one per regex: it keeps the summary of each variable part it meets.
final class Summarizer {
    let forms: LiteralForms
    /// The summary of each ``RegexNode/part(_:_:)`` met, by its index.
    private(set) var partSummaries: [Int: RegexSummary] = [:]

    init(forms: LiteralForms) {
        self.forms = forms
    }

    func summarize(_ node: RegexNode) -> RegexSummary {
        switch node {
        case .part(let index, let inner):
            let summary = summarize(inner)
            partSummaries[index] = summary
            return summary
        case .literal(let scalar):
            let nonWord = CharacterKind.of(scalar) == .nonWord
            return RegexSummary(exact: [String(scalar).lowercased()], startsNonWord: nonWord, endsNonWord: nonWord)
        case .oneOf(let members, let nonWord):
            return RegexSummary(
                exact: members.map { Set($0.map { String($0).lowercased() }) },
                startsNonWord: nonWord,
                endsNonWord: nonWord
            )
        case .boundary:
            return RegexSummary(exact: [""], startsNonWord: true, endsNonWord: true, isBoundary: true)
        case .empty:
            return RegexSummary(exact: [""])
        case .unknown:
            return RegexSummary(exact: nil)
        case .sequence(let parts):
            return sequence(parts.map(summarize))
        case .alternation(let branches):
            let summaries = branches.map(summarize)
            var union = Set<String>()
            var allExact = true
            for summary in summaries {
                guard let exact = summary.exact else {
                    allExact = false
                    break
                }
                union.formUnion(exact)
            }
            var result = RegexSummary(
                exact: nil,
                startsNonWord: summaries.allSatisfy(\.startsNonWord),
                endsNonWord: summaries.allSatisfy(\.endsNonWord)
            )
            if allExact && union.count <= RegexRequirements.maximumExact {
                result.exact = union
            } else {
                result.required = Self.either(
                    summaries.map { $0.exact.map { groups(of: $0, before: false, after: false) } ?? $0.required }
                )
            }
            return result
        case .repeated(let part, let minimum, let maximum):
            let inner = summarize(part)
            if minimum == 0 {
                if maximum == 1, var exact = inner.exact, exact.count < RegexRequirements.maximumExact {
                    exact.insert("")
                    return RegexSummary(exact: exact)
                }
                return RegexSummary(exact: nil)
            }
            if maximum == minimum, minimum <= 4, let exact = inner.exact {
                var strings: Set<String> = [""]
                for _ in 0..<minimum { strings = Self.cross(strings, exact) }
                if strings.count <= RegexRequirements.maximumExact {
                    return RegexSummary(
                        exact: strings,
                        startsNonWord: inner.startsNonWord,
                        endsNonWord: inner.endsNonWord
                    )
                }
            }
            return RegexSummary(
                exact: nil,
                required: inner.exact.map { groups(of: $0, before: false, after: false) } ?? inner.required,
                startsNonWord: inner.startsNonWord,
                endsNonWord: inner.endsNonWord
            )
        }
    }

    /// Parts in sequence: exact sets crossed while they stay small; a boundary, a part with no exact
    /// set or an overflow turns the strings so far into requirements, with what is known of their
    /// neighbours.
    private func sequence(_ parts: [RegexSummary]) -> RegexSummary {
        var required: [[RequiredWord]] = []
        var run: Set<String> = [""]
        var runBefore = false
        var exactThroughout = true
        for part in parts {
            if part.isBoundary {
                required += groups(of: run, before: runBefore, after: true)
                run = [""]
                runBefore = true
                exactThroughout = false
            } else if let exact = part.exact {
                if run.count * exact.count <= RegexRequirements.maximumExact {
                    run = Self.cross(run, exact)
                } else {
                    required += groups(of: run, before: runBefore, after: false)
                    run = exact
                    runBefore = false
                    exactThroughout = false
                }
            } else {
                required += groups(of: run, before: runBefore, after: part.startsNonWord)
                required += part.required
                run = [""]
                runBefore = part.endsNonWord
                exactThroughout = false
            }
        }
        let meaningful = parts.filter { !($0.exact == [""] && !$0.isBoundary) }
        var result = RegexSummary(
            exact: nil,
            startsNonWord: meaningful.first?.startsNonWord ?? false,
            endsNonWord: meaningful.last?.endsNonWord ?? false
        )
        if exactThroughout {
            result.exact = run
        } else {
            result.required = required + groups(of: run, before: runBefore, after: false)
        }
        return result
    }

    /// Requirements from a set of strings one of which every match is: with one string, each of its
    /// words; with several, each word they all have, or else one word from each (its longest).
    func groups(of exact: Set<String>, before: Bool, after: Bool) -> [[RequiredWord]] {
        if exact.count == 1, let only = exact.first {
            return words(in: only, before: before, after: after).map { [$0] }
        }
        // Words every string has (`(?:status|state) of (?:the )?kalomi` → of, kalomi) are each required.
        let perString = exact.sorted().map { words(in: $0, before: before, after: after) }
        var common: [RequiredWord] = perString.first ?? []
        for words in perString.dropFirst() {
            common = common.compactMap { word in
                let same = words.filter { $0.text == word.text }
                guard !same.isEmpty else { return nil }
                var merged = word
                merged.boundedBefore = word.boundedBefore && same.allSatisfy(\.boundedBefore)
                merged.boundedAfter = word.boundedAfter && same.allSatisfy(\.boundedAfter)
                return merged
            }
        }
        if !common.isEmpty {
            var seen = Set<String>()
            return common.filter { seen.insert($0.text).inserted }.map { [$0] }
        }
        var group: [RequiredWord] = []
        for string in exact.sorted() {
            guard
                let longest = words(in: string, before: before, after: after).max(by: { $0.text.count < $1.text.count })
            else { return [] }
            // The same word found with different surroundings keeps only what holds for both.
            if let index = group.firstIndex(where: { $0.text == longest.text }) {
                group[index].boundedBefore = group[index].boundedBefore && longest.boundedBefore
                group[index].boundedAfter = group[index].boundedAfter && longest.boundedAfter
            } else {
                group.append(longest)
            }
        }
        return group.isEmpty ? [] : [group]
    }

    /// The runs of word characters in `string` of two or more, in match form, each bounded where the
    /// string (or, at its ends, its neighbours) guarantees it.
    private func words(in string: String, before: Bool, after: Bool) -> [RequiredWord] {
        let scalars = Array(string.unicodeScalars)
        var result: [RequiredWord] = []
        var start: Int?
        for index in 0...scalars.count {
            let kind = index < scalars.count ? CharacterKind.of(scalars[index]) : .nonWord
            if kind == .word {
                if start == nil { start = index }
                continue
            }
            guard let first = start else { continue }
            start = nil
            guard index - first >= 2 else { continue }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[first..<index])
            let word = String(text)
            guard forms.form(word) == word else { continue }
            let boundedBefore = first == 0 ? before : CharacterKind.of(scalars[first - 1]) == .nonWord
            let boundedAfter = index == scalars.count ? after : kind == .nonWord
            result.append(RequiredWord(word, boundedBefore: boundedBefore, boundedAfter: boundedAfter))
        }
        return result
    }

    /// Branches: one word from each branch's best choice; nothing when some branch requires nothing.
    static func either(_ branches: [[[RequiredWord]]]) -> [[RequiredWord]] {
        var union: [RequiredWord] = []
        var seen = Set<RequiredWord>()
        for required in branches {
            let best = required.max { a, b in
                let (la, lb) = (a.map(\.text.count).min() ?? 0, b.map(\.text.count).min() ?? 0)
                return la != lb ? la < lb : a.count > b.count
            }
            guard let best else { return [] }
            for word in best where seen.insert(word).inserted { union.append(word) }
        }
        return union.isEmpty ? [] : [union]
    }

    static func cross(_ left: Set<String>, _ right: Set<String>) -> Set<String> {
        var result = Set<String>()
        for a in left { for b in right { result.insert(a + b) } }
        return result
    }
}
