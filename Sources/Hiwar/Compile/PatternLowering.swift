internal import HiwarSyntax
internal import PCRE2Kit

/// Lowers every intent's templates, regexes and keyword sets into ``CompiledPattern``s,
/// reporting each problem at the exact character of the file it comes from.
struct PatternLowering {
    let symbols: SymbolTable
    let normalizer: TextNormalizer
    let limits: MatchLimits
    let concepts: ConceptTable
    /// Match forms of literal words, each normalized once.
    let literals: LiteralForms

    /// Intent names in the order patterns refer to them.
    let intentNames: [String]

    init(
        symbols: SymbolTable,
        normalizer: TextNormalizer,
        concepts: ConceptTable,
        limits: MatchLimits = .default
    ) {
        self.symbols = symbols
        self.normalizer = normalizer
        self.concepts = concepts
        self.literals = LiteralForms(normalizer)
        self.limits = limits
        self.intentNames = symbols.intents.keys.sorted()
    }

    /// The recognizer for a slot: its entity's regex (built in, regex or list).
    func slotRegex(_ slot: String, language: LanguageCode) -> String? {
        guard let definition = symbols.slots[slot] else { return nil }
        let entityName = definition.entity?.value ?? slot
        if let builtin = BuiltinEntity(rawValue: entityName) { return builtin.regex }
        guard let entity = symbols.entities[entityName] else { return BuiltinEntity.word.regex }
        switch entity.kind {
        case .regex(let pattern): return "(?:\(pattern.value))"
        case .list(let values): return EntityLists.alternation(values, normalizer: normalizer)
        }
    }

    /// The lowered patterns and the words typo tolerance works with.
    struct Lowered {
        var patterns: [CompiledPattern] = []
        /// Words misspellings may be corrected to: typo-tolerant words of typo-tolerant intents.
        var vocabulary: Set<String> = []
        /// Every literal word any pattern uses: never treated as a misspelling.
        var knownWords: Set<String> = []
        /// The excluded parts of evidence rules, each distinct one compiled once.
        var exclusions: [Pattern] = []
        /// Where each exclusion's source is in ``exclusions``.
        var exclusionIndex: [String: Int] = [:]
        /// What every match of each exclusion contains, aligned with ``exclusions``.
        var exclusionLiterals: [[[RequiredWord]]] = []
        /// The shapes of raw regexes, by pattern index, for ``RegexFamilies`` (compile-time only).
        var shapes: [Int: RegexShape] = [:]
    }

    func lower(into diagnostics: inout Diagnostics) -> Lowered {
        var lowered = Lowered()
        var patterns: [CompiledPattern] = []
        /// Keeps a lowered template or rule, with its words for typo tolerance.
        func keep(_ result: (CompiledPattern, TemplateCompiler.Output)?, typos: Bool) {
            guard let (pattern, output) = result else { return }
            patterns.append(pattern)
            lowered.knownWords.formUnion(output.allWords)
            if typos { lowered.vocabulary.formUnion(output.fuzzyWords) }
        }
        for (index, name) in intentNames.enumerated() {
            guard let intent = symbols.intents[name] else { continue }
            let written: [(PatternReference.Kind, PerLanguage<String>)] = [
                (.template, intent.patterns), (.evidence, intent.evidence), (.inContext, intent.inContext),
            ]
            for (kind, sources) in written {
                for (language, texts) in sources {
                    var seen: [String: SourceLocation] = [:]
                    for text in texts {
                        guard noteDuplicate(text, seen: &seen, intent: name, &diagnostics) else { continue }
                        let result = lowerTemplate(
                            text,
                            kind: kind,
                            intent: index,
                            language: language.value,
                            exclusions: &lowered,
                            &diagnostics
                        )
                        keep(result, typos: intent.typos)
                    }
                }
            }
            for (_, regexes) in intent.regexes {
                for regex in regexes {
                    lowered.knownWords.formUnion(RegexLiterals.letterRuns(regex.value).map { $0.text.lowercased() })
                }
            }
            for (language, regexes) in intent.regexes {
                var seen: [String: SourceLocation] = [:]
                for regex in regexes {
                    guard noteDuplicate(regex, seen: &seen, intent: name, &diagnostics) else { continue }
                    if let (pattern, shape) = lowerRegex(regex, intent: index, language: language.value, &diagnostics) {
                        lowered.shapes[patterns.count] = shape
                        patterns.append(pattern)
                    }
                }
            }
            for (language, sets) in intent.keywords {
                for set in sets {
                    if set.value.contains(where: { $0.hasPrefix("~") }) {
                        // A keyword set that names a concept is an evidence rule of its keywords.
                        let rule = Located(
                            set.value.map { $0.hasPrefix("~") ? $0 : Self.escapedWord($0) }.joined(separator: " + "),
                            at: set.range
                        )
                        let result = lowerTemplate(
                            rule,
                            kind: .keywords,
                            intent: index,
                            language: language.value,
                            exclusions: &lowered,
                            &diagnostics
                        )
                        keep(result, typos: intent.typos)
                        continue
                    }
                    let words = set.value.map {
                        normalizer.normalize(literal: $0).split(separator: " ").map(String.init)
                    }
                    if words.contains(where: \.isEmpty) {
                        diagnostics.error(.invalidValue, "a keyword is empty after normalization", at: set.location)
                        continue
                    }
                    lowered.knownWords.formUnion(words.joined())
                    if intent.typos { lowered.vocabulary.formUnion(words.joined()) }
                    let reference = PatternReference(
                        intent: name,
                        language: language.value,
                        kind: .keywords,
                        source: set.value.joined(separator: " + "),
                        location: set.location
                    )
                    patterns.append(
                        CompiledPattern(
                            intentIndex: index,
                            reference: reference,
                            regex: nil,
                            keywords: words,
                            slots: [],
                            variableGroups: [],
                            literalLength: words.joined().reduce(0) { $0 + $1.unicodeScalars.count },
                            // A keyword phrase is found only with boundaries at both ends, and
                            // its words are joined by single spaces.
                            requiredLiterals: words.joined().map { [.whole($0)] }
                        )
                    )
                }
            }
        }
        lowered.patterns = patterns
        return lowered
    }

    private func noteDuplicate(
        _ text: Located<String>,
        seen: inout [String: SourceLocation],
        intent: String,
        _ diagnostics: inout Diagnostics
    ) -> Bool {
        if let first = seen[text.value] {
            diagnostics.warning(
                .duplicatePattern,
                "this pattern appears twice in intent \(intent)",
                at: text.location,
                notes: [Diagnostic.Note("first written here", at: first)]
            )
            return false
        }
        seen[text.value] = text.location
        return true
    }

    /// Warns about members of a concept a rule requires that one of the rule's own exclusions always matches: "gift
    /// card" in `~card` under `~update + ~card - ~not_a_payment_card` can never count.
    private func checkShadowedMembers(
        _ rule: EvidenceRule,
        rule source: Located<String>,
        language: LanguageCode,
        _ diagnostics: inout Diagnostics
    ) {
        let exclusions: [(Pattern, EvidenceRule.Part)] = rule.parts.filter { $0.role == .excluded }.compactMap { part in
            guard let node = try? concepts.expand(part.node, language: language),
                let output = try? TemplateCompiler.compile(
                    node,
                    context: TemplateCompiler.Context(
                        language: language,
                        normalizer: normalizer,
                        literals: literals,
                        slotRegex: { slotRegex($0, language: language) }
                    )
                ),
                let pattern = try? Pattern(output.regex, options: .caseless, limits: limits)
            else { return nil }
            return (pattern, part)
        }
        guard !exclusions.isEmpty else { return }
        let scratch = MatchScratch()
        for part in rule.parts where part.role != .excluded {
            guard let concept = ConceptTable.soleConcept(part.node) else { continue }
            for member in concepts.plainMembers(of: concept, language: language) {
                let text = literals.form(member.text)
                guard
                    let (_, exclusion) = exclusions.first(where: {
                        if case .matched = $0.0.run(text, using: scratch) { return true } else { return false }
                    })
                else { continue }
                let excluded = String(source.value.unicodeScalars.dropFirst(exclusion.offset).prefix { $0 != " " })
                diagnostics.warning(
                    .shadowedMember,
                    "\"\(member.source.value)\" in ~\(concept) can never count in this rule: it excludes \(excluded), "
                        + "which matches it",
                    at: member.source.location,
                    hint: "remove the member, or narrow the exclusion",
                    notes: [Diagnostic.Note("the rule", at: source.location)]
                )
            }
        }
    }

    /// Warns about template words that end in punctuation ("are you open?").
    ///
    /// Normalization keeps punctuation, so the pattern would match only messages that have it. A punctuation mark
    /// written with a backslash is meant.
    static func checkPunctuation(_ node: TemplateNode, in template: Located<String>, _ diagnostics: inout Diagnostics) {
        let scalars = Array(template.value.unicodeScalars)
        func visit(_ node: TemplateNode) {
            switch node {
            case .sequence(let items):
                for item in items {
                    if case .word(let word, _, let affixed) = item.node, !affixed,
                        let last = word.unicodeScalars.last, "?!.,;:؟،".unicodeScalars.contains(last)
                    {
                        let end = item.offset + word.unicodeScalars.count - 1
                        // The word is unescaped; in the source an escaped mark stands one place further, after
                        // its backslash.
                        let escaped = scalars.indices.contains(end) && scalars[end] == "\\"
                        if !escaped {
                            diagnostics.warning(
                                .punctuationInPattern,
                                "\"\(word)\" ends with \"\(last)\": only messages that type it would match",
                                at: template.stringLocation(ofScalar: item.offset + word.unicodeScalars.count - 1),
                                hint: "drop the punctuation, or write \\\(last) if customers must type it"
                            )
                        }
                    } else {
                        visit(item.node)
                    }
                }
            case .alternatives(let options): options.forEach(visit)
            case .optional(let inner), .notFollowedBy(let inner): visit(inner)
            case .word, .wildcard, .slot, .concept: break
            }
        }
        visit(node)
    }

    /// A keyword written as a template word: every special character escaped.
    static func escapedWord(_ keyword: String) -> String {
        var result = ""
        for scalar in keyword.unicodeScalars {
            if "()[]{}<>|*~\\!=?+-".unicodeScalars.contains(scalar) { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Lowers a template (`kind` `.template`) or an evidence rule (`.evidence`, `.inContext`, and `.keywords` for a
    /// keyword set that names a concept), concepts expanded.
    private func lowerTemplate(
        _ template: Located<String>,
        kind: PatternReference.Kind,
        intent: Int,
        language: LanguageCode,
        exclusions shared: inout Lowered,
        _ diagnostics: inout Diagnostics
    ) -> (CompiledPattern, TemplateCompiler.Output)? {
        let output: TemplateCompiler.Output
        do {
            let context = TemplateCompiler.Context(
                language: language,
                normalizer: normalizer,
                literals: literals,
                slotRegex: { slotRegex($0, language: language) }
            )
            if kind == .template {
                let written = try TemplateParser.parse(template.value)
                Self.checkPunctuation(written, in: template, &diagnostics)
                let parsed = try concepts.expand(written, language: language)
                output = try TemplateCompiler.compile(parsed, context: context)
            } else {
                var rule = try EvidenceRule.parse(template.value)
                let written = rule
                defer { checkShadowedMembers(written, rule: template, language: language, &diagnostics) }
                for index in rule.parts.indices {
                    rule.parts[index].node = try concepts.expand(
                        rule.parts[index].node,
                        language: language,
                        offset: rule.parts[index].offset
                    )
                }
                output = try TemplateCompiler.compile(evidence: rule, context: context)
            }
        } catch {
            let undefinedSlot = error.undefinedSlot
            let suggestion = undefinedSlot.flatMap { Spelling.closest(to: $0, in: Array(symbols.slots.keys)) }
            diagnostics.error(
                error.code ?? (undefinedSlot == nil ? .invalidTemplate : .undefinedReference),
                error.message,
                at: kind == .keywords ? template.location : template.stringLocation(ofScalar: error.offset),
                hint: undefinedSlot == nil
                    ? "see docs/patterns.md for the pattern syntax"
                    : suggestion.map { "did you mean {\($0)}?" } ?? "declare it under \"slots\""
            )
            return nil
        }
        guard let regex = compile(output.regex, written: template, isTemplate: true, &diagnostics) else { return nil }
        var exclusions: [Int] = []
        for (source, literals) in zip(output.exclusions, output.exclusionLiterals) {
            if let known = shared.exclusionIndex[source] {
                exclusions.append(known)
                continue
            }
            guard let exclusion = compile(source, written: template, isTemplate: true, &diagnostics) else { return nil }
            shared.exclusionIndex[source] = shared.exclusions.count
            exclusions.append(shared.exclusions.count)
            shared.exclusions.append(exclusion)
            shared.exclusionLiterals.append(literals)
        }
        let reference = PatternReference(
            intent: intentNames[intent],
            language: language,
            kind: kind,
            source: template.value,
            location: template.location
        )
        let pattern = CompiledPattern(
            intentIndex: intent,
            reference: reference,
            regex: regex,
            keywords: [],
            slots: output.slots,
            variableGroups: (output.slots + output.wildcardGroups).compactMap { regex.groupNumber(named: $0) },
            literalLength: output.literalLength,
            requiredLiterals: output.requiredLiterals,
            evidenceGroups: output.evidenceGroups.compactMap { regex.groupNumber(named: $0) },
            contextual: kind == .inContext,
            exclusions: exclusions
        )
        return (pattern, output)
    }

    private func lowerRegex(
        _ source: Located<String>,
        intent: Int,
        language: LanguageCode,
        _ diagnostics: inout Diagnostics
    ) -> (CompiledPattern, RegexShape?)? {
        checkNormalized(source, &diagnostics)
        guard let regex = compile(source.value, written: source, isTemplate: false, &diagnostics) else { return nil }
        let (required, shape) = RegexRequirements.analyze(source.value, forms: literals)
        if required.isEmpty {
            diagnostics.note(
                .unfilteredRegex,
                "this regex requires no literal the prefilter can look for; it runs on every message",
                at: source.location,
                hint:
                    "a word every match contains (outside optional parts, in each alternative) lets it run only when present"
            )
        }
        let slots = regex.groupNumbers.keys.filter { symbols.slots[$0] != nil }.sorted()
        let reference = PatternReference(
            intent: intentNames[intent],
            language: language,
            kind: .regex,
            source: source.value,
            location: source.location
        )
        let pattern = CompiledPattern(
            intentIndex: intent,
            reference: reference,
            regex: regex,
            keywords: [],
            slots: slots,
            variableGroups: slots.compactMap { regex.groupNumber(named: $0) },
            literalLength: RegexLiterals.literalLength(source.value),
            requiredLiterals: required
        )
        return (pattern, shape)
    }

    /// Compiles PCRE2 source, then runs the empty-message and catastrophic-backtracking checks.
    private func compile(
        _ source: String,
        written: Located<String>,
        isTemplate: Bool,
        _ diagnostics: inout Diagnostics
    ) -> Pattern? {
        let pattern: Pattern
        do {
            pattern = try Pattern(source, options: .caseless, limits: limits)
        } catch {
            // A template's errors are caught by its own parser; a PCRE2 error there points at the
            // template's start. A raw regex's error points at the exact character.
            let offset = isTemplate ? 0 : (error.scalarOffset(in: source) ?? 0)
            diagnostics.error(
                .invalidRegex,
                error.message,
                at: written.stringLocation(ofScalar: offset),
                hint: isTemplate ? "a slot's entity regex may be at fault" : "raw regexes use PCRE2 syntax"
            )
            return nil
        }
        if case .match = pattern.firstMatch(in: "") {
            diagnostics.error(
                .matchesEmpty,
                "this pattern matches an empty message, so it would match every message",
                at: written.location,
                hint: "make at least one part of it required"
            )
            return nil
        }
        if let probe = BacktrackingProbe.confirm(pattern, source: source) {
            diagnostics.error(
                .catastrophicPattern,
                "this pattern backtracks catastrophically: on \(probe) it hit the PCRE2 match limit",
                at: written.location,
                hint: "avoid nested unbounded repetition such as (a+)+; use bounded gaps like .{0,60}?"
            )
            return nil
        }
        return pattern
    }

    /// Lints a raw regex: every run of letters must already be in match form.
    private func checkNormalized(_ regex: Located<String>, _ diagnostics: inout Diagnostics) {
        for run in RegexLiterals.letterRuns(regex.value) {
            let normalized = normalizer.normalize(literal: run.text)
            if normalized != run.text {
                diagnostics.warning(
                    .unnormalizedRegex,
                    "\"\(run.text)\" can never match: messages are normalized to \"\(normalized)\" first",
                    at: regex.stringLocation(ofScalar: run.offset),
                    hint:
                        "write raw regexes in match form: lowercase, no diacritics, the letters ا ي ك ه و, ASCII digits"
                )
            }
        }
    }
}

/// Facts about the literal text inside raw regex source.
enum RegexLiterals {
    /// Maximal runs of letters outside escapes, classes and group syntax, with their scalar offsets.
    static func letterRuns(_ source: String) -> [(text: String, offset: Int)] {
        let scalars = Array(source.unicodeScalars)
        var runs: [(String, Int)] = []
        var current = String.UnicodeScalarView()
        var start = 0
        var index = 0
        var inClass = false
        func flush() {
            if current.count > 0 { runs.append((String(current), start)) }
            current = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                flush()
                skipEscape(scalars, &index)
                continue
            }
            if scalar == "[" { inClass = true }
            if scalar == "]" { inClass = false }
            if scalar == "(" && index + 1 < scalars.count && scalars[index + 1] == "?" {
                // Skip group syntax such as (?<name> or (?i).
                flush()
                while index < scalars.count, scalars[index] != ">" && scalars[index] != ":" && scalars[index] != ")" {
                    index += 1
                }
                index += 1
                continue
            }
            if !inClass && scalar.properties.isAlphabetic {
                if current.isEmpty { start = index }
                current.append(scalar)
            } else {
                flush()
            }
            index += 1
        }
        flush()
        return runs
    }

    /// Moves `index` past the escape that starts there: `\\x`, and the braced argument of
    /// `\\p{…}`, `\\x{…}` and the like.
    private static func skipEscape(_ scalars: [Unicode.Scalar], _ index: inout Int) {
        index += 2
        if index < scalars.count, scalars[index] == "{" {
            while index < scalars.count, scalars[index] != "}" { index += 1 }
            index += 1
        }
    }

    /// Letters and digits a raw regex matches literally: its specificity.
    static func literalLength(_ source: String) -> Int {
        letterRuns(source).reduce(0) { $0 + $1.text.unicodeScalars.count }
    }
}

/// The bounded probe that confirms a pattern backtracks catastrophically.
enum BacktrackingProbe {
    /// A description of a subject that made `pattern` hit its match limit, or `nil`.
    ///
    /// Subjects are long runs of each literal character of the pattern (and of a letter, a digit
    /// and a space) followed by a character that spoils the match: the shape that makes nested
    /// repetition explode. Every probe runs under the pattern's own match limit, so it is bounded.
    static func confirm(_ pattern: Pattern, source: String) -> String? {
        guard looksNested(source) else { return nil }
        var characters: [Unicode.Scalar] = ["a", "1", " ", "ا"]
        for scalar in source.unicodeScalars where scalar.properties.isAlphabetic || scalar.isASCIIDigit {
            if !characters.contains(scalar) { characters.append(scalar) }
            if characters.count > 12 { break }
        }
        // The pattern's own letters after the spoiler defeat PCRE2's "required character"
        // shortcut, which would otherwise reject the subject without trying.
        let literals = String(String.UnicodeScalarView(characters.dropFirst(4)))
        let scratch = MatchScratch()
        for character in characters {
            for tail in ["\u{1}" + literals, "!" + literals] {
                let subject = String(repeating: String(character), count: 28) + tail
                if case .limitExceeded = pattern.run(subject, using: scratch) {
                    return
                        "\(28) × \"\(character)\" followed by \(tail.hasPrefix("!") ? "\"!\"" : "a control character")"
                }
            }
        }
        return nil
    }

    /// A cheap syntactic screen: a group that contains an unbounded quantifier and is itself repeated.
    ///
    /// Only patterns that pass it are probed.
    static func looksNested(_ source: String) -> Bool {
        let scalars = Array(source.unicodeScalars)
        var stack: [Bool] = []  // for each open group: does it contain + or * ?
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\": index += 1
            case "(": stack.append(false)
            case "+", "*":
                if !stack.isEmpty { stack[stack.count - 1] = true }
            case "{":
                if !stack.isEmpty, index + 1 < scalars.count,
                    scalars[(index + 1)...].prefix(while: { $0 != "}" }).contains(",")
                {
                    let body = scalars[(index + 1)...].prefix(while: { $0 != "}" })
                    if body.last == "," { stack[stack.count - 1] = true }
                }
            case ")":
                let inner = stack.popLast() ?? false
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                if inner && (next == "+" || next == "*" || next == "{") { return true }
                if inner && !stack.isEmpty { stack[stack.count - 1] = true }
            default: break
            }
            index += 1
        }
        return false
    }
}

/// List entities as PCRE2 alternations.
enum EntityLists {
    /// Every canonical value and synonym, normalized, longest first.
    static func alternation(
        _ values: [(value: Located<String>, synonyms: PerLanguage<String>)],
        normalizer: TextNormalizer
    ) -> String {
        var words = Set<String>()
        for (value, synonyms) in values {
            words.insert(normalizer.normalize(literal: value.value))
            for (_, list) in synonyms {
                for synonym in list { words.insert(normalizer.normalize(literal: synonym.value)) }
            }
        }
        words.remove("")
        let sorted = words.sorted {
            $0.unicodeScalars.count > $1.unicodeScalars.count
                || ($0.unicodeScalars.count == $1.unicodeScalars.count && $0 < $1)
        }
        return "(?:" + sorted.map { LiteralRegex.escape($0, joinableSpaces: true) }.joined(separator: "|") + ")"
    }
}
