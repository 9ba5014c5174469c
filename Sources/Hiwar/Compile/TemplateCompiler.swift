internal import HiwarSyntax

/// Lowers a parsed template to PCRE2 source for one language.
///
/// Words are normalized with the bot's normalizer and escaped after normalizing (spec §5.1);
/// in Arabic and Persian a space may also be absent (` ?`), so joined spellings match; slots become
/// named groups around their entity's recognizer; the whole pattern sits between letter/number
/// lookarounds, which stand for word boundaries in every script.
struct TemplateCompiler {
    /// What a compiled template needs from the rest of the bot.
    struct Context {
        var language: LanguageCode
        var normalizer: TextNormalizer
        /// Match forms of literal words, shared across the compilation.
        var literals: LiteralForms
        /// The recognizer for a slot, or `nil` when the slot is not declared.
        var slotRegex: (String) -> String?

        init(
            language: LanguageCode,
            normalizer: TextNormalizer,
            literals: LiteralForms? = nil,
            slotRegex: @escaping (String) -> String?
        ) {
            self.language = language
            self.normalizer = normalizer
            self.literals = literals ?? LiteralForms(normalizer)
            self.slotRegex = slotRegex
        }
    }

    /// The result: PCRE2 source and what the matcher and the prefilter need to know.
    struct Output: Equatable {
        /// The pattern, boundaries included.
        var regex: String
        /// Slots the template captures, in order.
        var slots: [String]
        /// The named groups that hold wildcard words.
        var wildcardGroups: [String]
        /// How many literal characters a match must contain (specificity).
        var literalLength: Int
        /// Literal words every match must contain, in match form, with the boundaries the pattern
        /// guarantees around them (for the prefilter).
        var requiredLiterals: [[RequiredWord]]
        /// Literal words that tolerate typos (not marked `=`), in match form.
        var fuzzyWords: [String]
        /// Every literal word, in match form.
        var allWords: [String]
        /// For evidence rules: the named groups around the parts found (required and optional), whose literal
        /// characters make the match's specificity.
        var evidenceGroups: [String] = []
        /// For evidence rules: each excluded part as a pattern of its own.
        ///
        /// The matcher checks each distinct one at
        /// most once per message, however many rules share it (`- ~cancel` in a dozen rules).
        var exclusions: [String] = []
        /// What every match of each exclusion contains, for the prefilter: an exclusion none of whose words is in
        /// the message is never searched.
        var exclusionLiterals: [[[RequiredWord]]] = []
    }

    /// Evidence parts become named groups with this prefix.
    static let evidenceGroupPrefix = "hiwar_part"

    /// Wildcards become named groups with this prefix, so a match's literal length can leave out
    /// the words they covered.
    static let wildcardGroupPrefix = "hiwar_any"

    let context: Context
    private var slots: [String] = []
    private var wildcards = 0
    private var fuzzyWords: [String] = []
    private var allWords: [String] = []

    private init(context: Context) {
        self.context = context
    }

    static func compile(_ template: TemplateNode, context: Context) throws(TemplateError) -> Output {
        var compiler = TemplateCompiler(context: context)
        let body = try compiler.lower(template, offset: 0)
        return Output(
            regex: LiteralRegex.wordStart + body + LiteralRegex.wordEnd,
            slots: compiler.slots,
            wildcardGroups: (0..<compiler.wildcards).map { "\(wildcardGroupPrefix)\($0 + 1)" },
            literalLength: Self.minimumLiteralLength(template, normalizer: context.literals),
            requiredLiterals: Self.requiredLiterals(
                template,
                language: context.language,
                normalizer: context.literals
            ),
            fuzzyWords: compiler.fuzzyWords,
            allWords: compiler.allWords
        )
    }

    /// Lowers an evidence rule: one anchored pattern whose lookaheads find each part anywhere in the message.
    ///
    /// A required part is `(?=.*?(part))`, an optional one `(?=(?:.*?(part))?)`, an excluded one `(?!.*?part)`;
    /// every part sits between word boundaries. Each found part is a named group, so its literal characters count
    /// towards the match's specificity and its slots are captured.
    static func compile(evidence rule: EvidenceRule, context: Context) throws(TemplateError) -> Output {
        var compiler = TemplateCompiler(context: context)
        var regex = "(?s)^"
        var groups: [String] = []
        var exclusions: [String] = []
        var exclusionLiterals: [[[RequiredWord]]] = []
        var required: [[RequiredWord]] = []
        var literalLength = 0
        for (index, part) in rule.parts.enumerated() {
            let slotsBefore = compiler.slots.count
            let body =
                LiteralRegex.wordStart + (try compiler.lower(part.node, offset: part.offset))
                + LiteralRegex.wordEnd
            switch part.role {
            case .required, .optional:
                let group = "\(evidenceGroupPrefix)\(index + 1)"
                groups.append(group)
                if part.role == .required {
                    regex += "(?=.*?(?<\(group)>\(body)))"
                    required += requiredLiterals(part.node, language: context.language, normalizer: context.literals)
                    literalLength += minimumLiteralLength(part.node, normalizer: context.literals)
                } else {
                    regex += "(?=(?:.*?(?<\(group)>\(body)))?)"
                }
            case .excluded:
                guard compiler.slots.count == slotsBefore else {
                    throw TemplateError(message: "an excluded part cannot capture a slot", offset: part.offset)
                }
                exclusions.append(body)
                exclusionLiterals.append(
                    requiredLiterals(part.node, language: context.language, normalizer: context.literals)
                )
            }
        }
        return Output(
            regex: regex,
            slots: compiler.slots,
            wildcardGroups: (0..<compiler.wildcards).map { "\(wildcardGroupPrefix)\($0 + 1)" },
            literalLength: literalLength,
            requiredLiterals: required,
            fuzzyWords: compiler.fuzzyWords,
            allWords: compiler.allWords,
            evidenceGroups: groups,
            exclusions: exclusions,
            exclusionLiterals: exclusionLiterals
        )
    }

    private var joinable: Bool { Self.joinsWords(context.language) }

    /// Whether a space between words may also be absent in this language (Arabic and Persian
    /// spellings join words: می‌خواهم, میخواهم).
    static func joinsWords(_ language: LanguageCode) -> Bool { language != .english }
    private var separator: String { joinable ? " ?" : " " }

    private mutating func lower(_ node: TemplateNode, offset: Int) throws(TemplateError) -> String {
        switch node {
        case .word(let word, let exact, let affixed):
            let normalized = context.literals.form(word)
            guard !normalized.isEmpty else {
                throw TemplateError(message: "\"\(word)\" is empty after normalization", offset: offset)
            }
            let words = normalized.split(separator: " ").map(String.init)
            allWords.append(contentsOf: words)
            if !exact { fuzzyWords.append(contentsOf: words) }
            let core = LiteralRegex.escape(normalized, joinableSpaces: joinable)
            return affixed ? Affixes.wrap(core, language: context.language) : core
        case .sequence(let items):
            // Optional parts before the first required item carry the space after them, so
            // "[i] got it" matches "got it"; every later item carries the space before it.
            let firstRequired = Self.firstRequiredIndex(items)
            var result = ""
            for (index, item) in items.enumerated() {
                if case .notFollowedBy = item.node, index == 0 {
                    throw TemplateError(
                        message: "'!' must follow something: it says what may not come next",
                        offset: item.offset
                    )
                }
                if case .wildcard = item.node, index == 0 || index == items.count - 1 {
                    throw TemplateError(
                        message: "a wildcard at the start or end of a pattern adds nothing: patterns match anywhere",
                        offset: item.offset
                    )
                }
                let lowered = try lower(item.node, offset: item.offset)
                if index < firstRequired {
                    let spacedAfter = index + 1 < items.count && items[index + 1].spaced
                    result += "(?:\(lowered)\(spacedAfter ? separator : ""))?"
                    continue
                }
                let needsSeparator = index > firstRequired && item.spaced
                switch item.node {
                case .optional:
                    result += needsSeparator ? "(?:\(separator)\(lowered))?" : "(?:\(lowered))?"
                case .notFollowedBy:
                    result += "(?!\(item.spaced ? separator : "")\(lowered)\(LiteralRegex.wordEnd))"
                case .wildcard(let max):
                    wildcards += 1
                    result += "(?<\(Self.wildcardGroupPrefix)\(wildcards)>(?: [^ ]+){0,\(max)})"
                default:
                    result += (needsSeparator ? separator : "") + lowered
                }
            }
            return result
        case .alternatives(let options):
            // PCRE2 takes the first alternative that matches; trying the longest first makes
            // "(no|no thanks)" take all of "no thanks", so the match covers what the customer said.
            let lengths = options.map { Self.minimumLiteralLength($0, normalizer: context.literals) }
            let ordered = options.indices.sorted { a, b in
                lengths[a] != lengths[b] ? lengths[a] > lengths[b] : a < b
            }.map { (offset: $0, element: options[$0]) }
            var lowered: [String] = []
            for option in ordered { lowered.append(try lower(option.element, offset: offset)) }
            return "(?:" + Self.factored(lowered).joined(separator: "|") + ")"
        case .optional(let inner), .notFollowedBy(let inner):
            return try lower(inner, offset: offset)
        case .wildcard:
            return ""
        case .concept(let name):
            throw TemplateError(message: "concept ~\(name) was not expanded", offset: offset)
        case .slot(let name):
            guard !slots.contains(name) else {
                throw TemplateError(message: "the slot {\(name)} appears twice in one pattern", offset: offset)
            }
            guard let regex = context.slotRegex(name) else {
                throw TemplateError(message: "undefined slot {\(name)}", offset: offset, undefinedSlot: name)
            }
            slots.append(name)
            return "(?<\(name)>\(regex))"
        }
    }

    /// Alternatives with shared beginnings merged, so PCRE2 tries one branch where it tried every member of a concept
    /// at every word of a message: `(?:where|when|what)` becomes `(?:w(?:here|hen|hat))`, and consecutive Arabic
    /// `<word>` branches share one optional prefix of clitics before their stems.
    ///
    /// Which texts match is unchanged. Branches merged by their first character keep their order within the merge, and
    /// branches with different first characters can never match at the same place; a branch that starts with anything
    /// else (a group, an optional part) ends the run of merged branches, so no branch moves past it. Under a shared
    /// Arabic prefix the longest prefix is tried first for every stem, so where two members of one alternation match
    /// at the same place with different prefixes, the one taken may differ: the same members, a different split.
    static func factored(_ branches: [String]) -> [String] {
        var result: [String] = []
        var run: [(first: Unicode.Scalar, rest: String)] = []
        var affixed: [String] = []
        func flushRun() {
            var order: [Unicode.Scalar] = []
            var groups: [Unicode.Scalar: [String]] = [:]
            for (first, rest) in run {
                if groups[first] == nil { order.append(first) }
                groups[first, default: []].append(rest)
            }
            for first in order {
                let rests = groups[first] ?? []
                result.append(
                    String(first) + (rests.count == 1 ? rests[0] : "(?:" + factored(rests).joined(separator: "|") + ")")
                )
            }
            run.removeAll()
        }
        func flushAffixed() {
            guard !affixed.isEmpty else { return }
            result.append(
                affixed.count == 1
                    ? Affixes.arabicPrefix + affixed[0]
                    : Affixes.arabicPrefix + "(?:" + factored(affixed).joined(separator: "|") + ")"
            )
            affixed.removeAll()
        }
        for branch in branches {
            if branch.hasPrefix(Affixes.arabicPrefix) {
                flushRun()
                affixed.append(String(branch.dropFirst(Affixes.arabicPrefix.count)))
                continue
            }
            flushAffixed()
            var scalars = branch.unicodeScalars.makeIterator()
            // A quantifier or a combining mark right after the first character would apply to it alone.
            guard let first = scalars.next(), first.properties.isAlphabetic || first.isASCIIDigit,
                !(scalars.next().map {
                    "?*+{".unicodeScalars.contains($0) || $0.properties.generalCategory == .nonspacingMark
                } ?? false)
            else {
                flushRun()
                result.append(branch)
                continue
            }
            run.append((first, String(branch.unicodeScalars.dropFirst())))
        }
        flushRun()
        flushAffixed()
        return result
    }

    /// The fewest literal scalars any match contains: the specificity used in ranking.
    static func minimumLiteralLength(_ node: TemplateNode, normalizer: LiteralForms) -> Int {
        switch node {
        case .word(let word, _, _): normalizer.form(word).unicodeScalars.count
        case .sequence(let items): items.reduce(0) { $0 + minimumLiteralLength($1.node, normalizer: normalizer) }
        case .alternatives(let options): options.map { minimumLiteralLength($0, normalizer: normalizer) }.min() ?? 0
        case .optional, .wildcard, .slot, .notFollowedBy, .concept: 0
        }
    }

    /// The first item that is not optional (or `items.count`): optional items before it carry the
    /// separator after them, every later item the separator before it.
    static func firstRequiredIndex(_ items: [TemplateItem]) -> Int {
        items.firstIndex { item in
            if case .optional = item.node { return false }
            return true
        } ?? items.count
    }

    /// What a node's surroundings guarantee in every match: a boundary (no letter, digit or `_`,
    /// or an end of the text) right before it, right after it.
    struct Surroundings {
        var before: Bool
        var after: Bool
    }

    /// Literals every match contains, for the prefilter: a list of choices, each a list of words
    /// one of which occurs verbatim in the match form, with the boundaries guaranteed around it.
    ///
    /// Words give themselves; an alternative gives one choice made of a word from each option (when
    /// every option has one); an affixed word gives its stem (an Arabic final ه left out, since ة
    /// is written ت before a suffix). Optional parts, wildcards, slots and exclusions give nothing.
    ///
    /// Boundaries follow the lowering exactly: the whole pattern sits between word-boundary
    /// lookarounds; in English items are separated by a required space, in Arabic and Persian by an
    /// optional one (so nothing is guaranteed between words there); an item written against the
    /// one before it (no space) has no boundary on that side; affixes remove the boundary on the
    /// side they attach to.
    static func requiredLiterals(
        _ node: TemplateNode,
        language: LanguageCode,
        normalizer: LiteralForms,
        around: Surroundings = Surroundings(before: true, after: true)
    ) -> [[RequiredWord]] {
        let separated = !joinsWords(language)  // a separator is a required space
        switch node {
        case .word(let word, _, let affixed):
            let words = normalizer.form(word).split(separator: " ").map(String.init)
            guard affixed else {
                return words.indices.map { index in
                    [
                        RequiredWord(
                            words[index],
                            boundedBefore: index == 0 ? around.before : separated,
                            boundedAfter: index == words.count - 1 ? around.after : separated
                        )
                    ]
                }
            }
            guard var stem = words.last else { return [] }
            // A final ه may be written ت (Arabic ة before a suffix) or dropped (colloquial Persian بستم).
            if (language == .arabic || language == .persian) && stem.hasSuffix("ه") { stem.removeLast() }
            // A final ء may sit on its seat (ي once folded) before a suffix: انتهاء → انتهايها.
            if language == .arabic && stem.hasSuffix("اء") { stem.removeLast() }
            // Arabic attaches proclitics before the first word; every language attaches suffixes.
            let before = (words.count == 1 ? around.before : separated) && language != .arabic
            return stem.unicodeScalars.count >= 2
                ? [[RequiredWord(stem, boundedBefore: before, boundedAfter: false)]] : []
        case .sequence(let items):
            let firstRequired = Self.firstRequiredIndex(items)
            var result: [[RequiredWord]] = []
            for (index, item) in items.enumerated() {
                switch item.node {
                case .optional, .wildcard, .slot, .notFollowedBy, .concept: continue
                default: break
                }
                let before: Bool
                if index == firstRequired {
                    // After any of the optional items before it, each followed by a separator
                    // only when the item after it was written with a space; or at the start.
                    before = around.before && (index == 0 || (separated && items[1...index].allSatisfy(\.spaced)))
                } else {
                    before = separated && item.spaced
                }
                var after = around.after
                following: for next in items[(index + 1)...] {
                    switch next.node {
                    case .notFollowedBy, .wildcard:
                        // An exclusion consumes nothing; a wildcard's words each start with a space.
                        continue
                    case .optional:
                        // When present it starts with a separator only if written with a space.
                        if separated && next.spaced { continue }
                        after = false
                    default:
                        after = separated && next.spaced
                    }
                    break following
                }
                result += requiredLiterals(
                    item.node,
                    language: language,
                    normalizer: normalizer,
                    around: Surroundings(before: before, after: after)
                )
            }
            return result
        case .alternatives(let options):
            var choice: [RequiredWord] = []
            for option in options {
                // Each option contributes its most distinctive (longest) required word.
                let words = requiredLiterals(option, language: language, normalizer: normalizer, around: around)
                    .compactMap { group in group.count == 1 ? group[0] : nil }
                guard let best = words.max(by: { $0.text.unicodeScalars.count < $1.text.unicodeScalars.count }) else {
                    return []
                }
                choice.append(best)
            }
            return choice.isEmpty ? [] : [choice]
        case .optional, .wildcard, .slot, .notFollowedBy, .concept:
            return []
        }
    }
}

/// The attached-affix construct `<word>`: the clitics and suffixes a language attaches to a word.
enum Affixes {
    /// Arabic proclitics: و/ف, then ب/ك/ل and the article ال (لل = ل + ال).
    static let arabicPrefix = "(?:و|ف)?(?:لل|(?:ب|ك|ل)?(?:ال)?)"
    /// Arabic suffixes: possessive pronouns, plurals and the pronouns a verb takes.
    ///
    /// The feminine plural takes a possessive (طلباتي); a masculine plural takes none after its ن, so كرتونة is not
    /// <كرت>. A verb takes ني (me), the plural imperative's وا / وه / وها (الغوا، وقفوه، الغوها) and the colloquial
    /// "for me / for us" لي / لنا (الغيلي).
    static let arabicSuffix =
        "(?:(?:ات|يات)(?:ي|ك|ه|ها|نا|كم|هم)?|ي|ك|ه|ها|نا|كم|هم|يه|ين|ون|ني|وا|وه|وها|لي|لنا)?"
    /// Persian suffixes: the plural ها/های, then a possessive or object marker.
    ///
    /// Each is attached or after a half-space (which normalization turns into a space): کارت‌هایم, بسته‌ام, سفارشمو.
    /// Colloquial Persian also writes "is" onto the word (گیته, جمعه‌ست) and says مون / تون / شون for مان / تان /
    /// شان (پروازمون, سفارشتون), with the object marker after them (بلیطامونو).
    static let persianSuffix =
        "(?: ?(?:هاي|ها))?(?: ?(?:ام|ات|اش|ايم|ايد|اند|مان|تان|شان|مون|تون|شون|امون|اتون|اشون)(?:و|رو)?|م|ت|ش|ي|مو|تو|شو|رو|و|ه|ست)?"
    /// English suffixes: plural and possessive.
    static let englishSuffix = "(?:s|es|'s)?"

    static func wrap(_ core: String, language: LanguageCode) -> String {
        switch language {
        case .arabic:
            // A final ة (ه after folding) is written ت before a suffix: بطاقة → بطاقتي, رحلة → رحلتك.
            if core.hasSuffix("ه") {
                let stem = String(core.dropLast())
                // Its sound plural is ات: رحلة → رحلات, رحلاتي.
                return arabicPrefix + "(?:" + stem + "ت" + arabicTehSuffix + "|" + stem + "ات" + arabicPronoun + "|"
                    + core
                    + arabicSuffix + ")"
            }
            // A final ء sits on ئ (ي once folded) before a suffix: انتهاء → انتهائها, إلغاء → إلغائه.
            if core.hasSuffix("اء") {
                let stem = String(core.dropLast())
                return arabicPrefix + "(?:" + stem + "ي" + arabicTehSuffix + "|" + core + arabicSuffix + ")"
            }
            return arabicPrefix + core + arabicSuffix
        case .persian:
            // Colloquial Persian drops a final silent ه before a short possessive: بسته‌م is written بستم.
            if core.hasSuffix("ه") && core.unicodeScalars.count > 2 {
                return "(?:" + core + persianSuffix + "|" + String(core.dropLast()) + persianShortSuffix + ")"
            }
            return core + persianSuffix
        default: return core + englishSuffix
        }
    }

    /// The short possessives colloquial Persian writes straight onto a word whose silent ه it drops (بستم, خونت).
    static let persianShortSuffix = "(?:م|ت|ش|مو|تو|شو)"

    /// A possessive pronoun, optional (after a plural: طلباتي، رحلاتكم).
    static let arabicPronoun = "(?:ي|ك|ه|ها|نا|كم|هم)?"

    /// The suffixes after a ت that stands for ة (one is required: a bare ت is another word).
    static let arabicTehSuffix = "(?:ي|ك|ه|ها|نا|كم|هم|ين|ان|يه)"
}
