internal import HiwarSyntax

/// A bot's concepts, parsed once per language and expanded into the templates that use them.
///
/// `~arrive` in a template, an evidence rule or another concept stands for one of the concept's members in the
/// pattern's language: an alternation of its members, so affixes, typo tolerance, exclusions and the prefilter's
/// required words work on concept members exactly as on words written out.
struct ConceptTable {
    /// The most members one concept may stand for once the concepts it includes are expanded.
    static let maximumMembers = 4_000

    /// A parsed member and where it was written.
    struct Member {
        let node: TemplateNode
        let source: Located<String>
    }

    /// Why counting a concept's members stopped.
    enum Problem: Error, Equatable {
        case cycle([String])
        case tooLarge(Int)
    }

    private var members: [String: [LanguageCode: [Member]]] = [:]
    private let names: [String]

    /// Parses every concept's members, reporting members that do not parse at their exact place.
    init(_ concepts: [String: ConceptDefinition], normalizer: TextNormalizer, diagnostics: inout Diagnostics) {
        names = concepts.keys.sorted()
        for (name, concept) in concepts {
            var table: [LanguageCode: [Member]] = [:]
            for (language, sources) in concept.members {
                for source in sources {
                    do {
                        let node = try TemplateParser.parse(source.value)
                        if let word = Self.emptyWord(node, normalizer: normalizer) {
                            diagnostics.error(
                                .invalidTemplate,
                                "\"\(word)\" is empty after normalization, so this member can never match",
                                at: source.location,
                                hint: "remove it, or write the word with letters or digits"
                            )
                            continue
                        }
                        table[language.value, default: []].append(Member(node: node, source: source))
                    } catch {
                        diagnostics.error(
                            .invalidTemplate,
                            error.message,
                            at: source.stringLocation(ofScalar: error.offset),
                            hint: "a concept member is a template: see docs/patterns.md"
                        )
                    }
                }
            }
            members[name] = table
        }
    }

    /// Reports concepts that include themselves and concepts with too many members, once each, at the member that
    /// closes the cycle or at the concept's name.
    func check(_ concepts: [String: ConceptDefinition], into diagnostics: inout Diagnostics) {
        for name in names {
            guard let languages = members[name] else { continue }
            for (language, list) in languages.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                for member in list {
                    for reference in Self.references(member.node) {
                        var path = [name]
                        if let cycle = findCycle(from: reference, language: language, path: &path), cycle.first == name
                        {
                            diagnostics.error(
                                .conceptCycle,
                                "concept ~\(name) includes itself: "
                                    + (cycle + [name]).map { "~\($0)" }.joined(separator: " → "),
                                at: member.source.location,
                                hint: "a concept may include others, but never itself"
                            )
                        }
                    }
                }
                if case .failure(.tooLarge(let count)) = memberCount(name, language: language, visiting: []) {
                    diagnostics.error(
                        .tooLarge,
                        "concept ~\(name) stands for \(count) members in \(language); at most \(Self.maximumMembers)",
                        at: concepts[name]?.name.location,
                        hint: "split it into smaller concepts used by different patterns"
                    )
                }
            }
        }
    }

    /// A cycle through `name` back to the start of `path`, as the names on it, or `nil`.
    private func findCycle(from name: String, language: LanguageCode, path: inout [String]) -> [String]? {
        if name == path.first { return path }
        guard !path.contains(name), let list = members[name]?[language] else { return nil }
        path.append(name)
        defer { path.removeLast() }
        for member in list {
            for reference in Self.references(member.node) {
                if let cycle = findCycle(from: reference, language: language, path: &path) { return cycle }
            }
        }
        return nil
    }

    private func memberCount(_ name: String, language: LanguageCode, visiting: [String]) -> Result<Int, Problem> {
        guard !visiting.contains(name) else { return .failure(.cycle(visiting + [name])) }
        guard let list = members[name]?[language] else { return .success(0) }
        var count = 0
        for member in list {
            let references = Self.references(member.node)
            if references.isEmpty {
                count += 1
            } else {
                for reference in references {
                    switch memberCount(reference, language: language, visiting: visiting + [name]) {
                    case .success(let inner): count += inner
                    case .failure(let problem): return .failure(problem)
                    }
                }
            }
            if count > Self.maximumMembers { return .failure(.tooLarge(count)) }
        }
        return .success(count)
    }

    /// `node` with every concept replaced by the alternation of its members in `language`.
    ///
    /// - Throws: ``TemplateError`` at `offset` (the place in the pattern being lowered) naming the concept that is
    ///   undefined, has no members in the language, includes itself, or is too large.
    func expand(_ node: TemplateNode, language: LanguageCode, offset: Int = 0) throws(TemplateError) -> TemplateNode {
        var visiting: [String] = []
        return try expand(node, language: language, offset: offset, visiting: &visiting)
    }

    /// Expands `node`; problems are reported at the place of the pattern being lowered: the item's own offset at the
    /// top, the outer reference's inside a concept's members (whose offsets are in another string).
    private func expand(
        _ node: TemplateNode,
        language: LanguageCode,
        offset: Int,
        visiting: inout [String]
    ) throws(TemplateError) -> TemplateNode {
        let inMember = !visiting.isEmpty
        switch node {
        case .word, .wildcard, .slot: return node
        case .concept(let name):
            guard let languages = members[name] else {
                let suggestion = Spelling.closest(to: name, in: names).map { "; did you mean ~\($0)?" } ?? ""
                throw TemplateError(
                    message: "undefined concept ~\(name)\(suggestion)",
                    offset: offset,
                    code: .undefinedReference
                )
            }
            guard let list = languages[language], !list.isEmpty else {
                throw TemplateError(
                    message: "concept ~\(name) has no members in \(language)",
                    offset: offset,
                    code: .missingLanguage
                )
            }
            guard !visiting.contains(name) else {
                throw TemplateError(message: "concept ~\(name) includes itself", offset: offset, code: .conceptCycle)
            }
            if case .failure(.tooLarge(let count)) = memberCount(name, language: language, visiting: []) {
                throw TemplateError(
                    message: "concept ~\(name) stands for \(count) members; at most \(Self.maximumMembers)",
                    offset: offset,
                    code: .tooLarge
                )
            }
            visiting.append(name)
            defer { visiting.removeLast() }
            var options: [TemplateNode] = []
            for member in list {
                options.append(try expand(member.node, language: language, offset: offset, visiting: &visiting))
            }
            return options.count == 1 ? options[0] : .alternatives(options)
        case .sequence(let items):
            var expanded: [TemplateItem] = []
            for item in items {
                var copy = item
                copy.node = try expand(
                    item.node,
                    language: language,
                    offset: inMember ? offset : item.offset,
                    visiting: &visiting
                )
                expanded.append(copy)
            }
            return .sequence(expanded)
        case .alternatives(let options):
            var expanded: [TemplateNode] = []
            for option in options {
                expanded.append(try expand(option, language: language, offset: offset, visiting: &visiting))
            }
            return .alternatives(expanded)
        case .optional(let inner):
            return .optional(try expand(inner, language: language, offset: offset, visiting: &visiting))
        case .notFollowedBy(let inner):
            return .notFollowedBy(try expand(inner, language: language, offset: offset, visiting: &visiting))
        }
    }

    /// The members of `name` in `language` that are plain words or phrases, with the members of the concepts it
    /// includes: what an exclusion can be checked against.
    func plainMembers(of name: String, language: LanguageCode) -> [(text: String, source: Located<String>)] {
        var result: [(String, Located<String>)] = []
        var visiting: Set<String> = []
        func collect(_ concept: String) {
            guard visiting.insert(concept).inserted, let list = members[concept]?[language] else { return }
            for member in list {
                let references = Self.references(member.node)
                if let text = Self.plainText(member.node) {
                    result.append((text, member.source))
                } else if case .sequence(let items) = member.node, items.count == 1, references.count == 1 {
                    collect(references[0])
                }
            }
        }
        collect(name)
        return result
    }

    /// The words of a member made only of words (affixed or not), joined by spaces; `nil` for anything else.
    static func plainText(_ node: TemplateNode) -> String? {
        switch node {
        case .word(let word, _, _): return word
        case .sequence(let items):
            var words: [String] = []
            for item in items {
                guard let word = plainText(item.node) else { return nil }
                words.append(word)
            }
            return words.isEmpty ? nil : words.joined(separator: " ")
        default: return nil
        }
    }

    /// The concept a part consists of alone (`~card`), if it does.
    static func soleConcept(_ node: TemplateNode) -> String? {
        switch node {
        case .concept(let name): name
        case .sequence(let items) where items.count == 1: soleConcept(items[0].node)
        default: nil
        }
    }

    /// The concepts a node refers to directly.
    static func references(_ node: TemplateNode) -> [String] {
        switch node {
        case .concept(let name): [name]
        case .word, .wildcard, .slot: []
        case .sequence(let items): items.flatMap { references($0.node) }
        case .alternatives(let options): options.flatMap(references)
        case .optional(let inner), .notFollowedBy(let inner): references(inner)
        }
    }

    /// The first word of `node` that normalizes to nothing, if any.
    private static func emptyWord(_ node: TemplateNode, normalizer: TextNormalizer) -> String? {
        switch node {
        case .word(let word, _, _): normalizer.normalize(literal: word).isEmpty ? word : nil
        case .concept, .wildcard, .slot: nil
        case .sequence(let items): items.lazy.compactMap { emptyWord($0.node, normalizer: normalizer) }.first
        case .alternatives(let options): options.lazy.compactMap { emptyWord($0, normalizer: normalizer) }.first
        case .optional(let inner), .notFollowedBy(let inner): emptyWord(inner, normalizer: normalizer)
        }
    }
}
