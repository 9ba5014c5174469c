public import HiwarSyntax
internal import PCRE2Kit

/// How an intent's pattern was written, which decides its rank among matches.
public enum MatchTier: Int, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// A template that matched the whole message.
    case exact = 0
    /// A template that matched part of the message.
    case template = 1
    /// A raw regex.
    case regex = 2
    /// A keyword set.
    case keywords = 3
    /// A keyword set or template matched only with typo tolerance.
    case typo = 4
    /// An evidence rule: parts found anywhere in the message. Ranks with templates, by specificity.
    case evidence = 5

    /// The tier's place in the ranking: templates and evidence rules share one, so the more specific wins.
    var rank: Int {
        switch self {
        case .exact: 0
        case .template, .evidence: 1
        case .regex: 2
        case .keywords: 3
        case .typo: 4
        }
    }

    public static func < (lhs: MatchTier, rhs: MatchTier) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .exact: "exact"
        case .template: "template"
        case .regex: "regex"
        case .keywords: "keywords"
        case .typo: "typo"
        case .evidence: "evidence"
        }
    }
}

/// Where a pattern was written and what it says, for explanations and diagnostics.
///
/// Every match carries one, so it is a single reference to shared storage: copying it costs one
/// retain, not one per string.
public struct PatternReference: Sendable, Hashable {
    private final class Storage: Sendable {
        let intent: String
        let language: LanguageCode
        let kind: Kind
        let source: String
        let location: SourceLocation

        init(intent: String, language: LanguageCode, kind: Kind, source: String, location: SourceLocation) {
            self.intent = intent
            self.language = language
            self.kind = kind
            self.source = source
            self.location = location
        }
    }

    private let storage: Storage

    /// The intent it belongs to.
    public var intent: String { storage.intent }
    /// The language it was written under.
    public var language: LanguageCode { storage.language }
    /// The kind of pattern.
    public var kind: Kind { storage.kind }
    /// The pattern as written (a template, a regex, or keywords joined by " + ").
    public var source: String { storage.source }
    /// Where it was written.
    public var location: SourceLocation { storage.location }

    /// Creates a reference.
    public init(intent: String, language: LanguageCode, kind: Kind, source: String, location: SourceLocation) {
        storage = Storage(intent: intent, language: language, kind: kind, source: source, location: location)
    }

    public static func == (lhs: PatternReference, rhs: PatternReference) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.intent == rhs.intent && lhs.language == rhs.language && lhs.kind == rhs.kind
                && lhs.source == rhs.source && lhs.location == rhs.location)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(intent)
        hasher.combine(language)
        hasher.combine(kind)
        hasher.combine(source)
        hasher.combine(location)
    }

    /// The kind of a pattern.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A template in Hiwar's pattern syntax.
        case template
        /// A raw PCRE2 regex.
        case regex
        /// A keyword set.
        case keywords
        /// An evidence rule: parts anywhere in the message, in any order.
        case evidence
        /// A template or evidence rule that counts only while the state expects its intent.
        case inContext
    }
}

/// One pattern, lowered and ready to run.
///
/// A class: the matcher reads one per candidate on every message, and reading should not copy its fields.
final class CompiledPattern: Sendable {
    /// The index of its intent in the bot's sorted intent list.
    let intentIndex: Int
    let reference: PatternReference
    /// The compiled regex (templates and regexes), or `nil` for keyword sets.
    let regex: Pattern?
    /// For keyword sets: keywords in match form; each a list of words.
    let keywords: [[String]]
    /// Slots the pattern captures.
    let slots: [String]
    /// Group numbers whose text is not literal (slots and wildcards): left out of specificity.
    let variableGroups: [Int]
    /// Literal scalars a keyword set's match contains (templates and regexes measure each match).
    let literalLength: Int
    /// What every match contains, for the prefilter: each inner list is a choice (one of its
    /// words occurs, with the boundaries it carries), and every list holds.
    let requiredLiterals: [[RequiredWord]]
    /// For evidence rules: the groups of the parts found, whose literal characters are the match's specificity.
    let evidenceGroups: [Int]
    /// Whether the pattern counts only while the conversation's state expects its intent.
    let contextual: Bool
    /// For evidence rules: the excluded parts, as indices into the matcher's shared exclusions.
    ///
    /// A match of
    /// ``regex`` counts only when none of them is in the message.
    let exclusions: [Int]

    init(
        intentIndex: Int,
        reference: PatternReference,
        regex: Pattern?,
        keywords: [[String]],
        slots: [String],
        variableGroups: [Int],
        literalLength: Int,
        requiredLiterals: [[RequiredWord]],
        evidenceGroups: [Int] = [],
        contextual: Bool = false,
        exclusions: [Int] = []
    ) {
        self.intentIndex = intentIndex
        self.reference = reference
        self.regex = regex
        self.keywords = keywords
        self.slots = slots
        self.variableGroups = variableGroups
        self.literalLength = literalLength
        self.requiredLiterals = requiredLiterals
        self.evidenceGroups = evidenceGroups
        self.contextual = contextual
        self.exclusions = exclusions
    }
}
