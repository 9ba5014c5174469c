/// The stable identifier of a kind of problem in a bot's definition files.
///
/// Codes are kebab-case names that never change once published (`unknown-key`,
/// `example-shadowed`), so CI filters and editors can rely on them. New codes are added as static
/// members; the full list with an example each is in `docs/diagnostics.md`.
extension Diagnostic {
    public struct Code: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String

        /// Creates a code from its name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        public static func < (lhs: Code, rhs: Code) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }
}

/// Package shorthand for ``Diagnostic/Code``.
package typealias DiagnosticCode = Diagnostic.Code

extension Diagnostic.Code {
    // Files and bytes.
    /// A path that cannot be read (missing, unreadable, a symlink loop).
    public static let unreadableFile = Diagnostic.Code(rawValue: "unreadable-file")
    /// No `.json` file found where a bot was expected.
    public static let noBotFiles = Diagnostic.Code(rawValue: "no-bot-files")
    /// A file larger than the loader accepts.
    public static let fileTooLarge = Diagnostic.Code(rawValue: "file-too-large")
    /// Bytes that are not UTF-8.
    public static let notUTF8 = Diagnostic.Code(rawValue: "not-utf8")
    /// A UTF-8 byte-order mark at the start of a file (accepted, warned).
    public static let byteOrderMark = Diagnostic.Code(rawValue: "byte-order-mark")

    // JSON.
    /// Text that is not JSON.
    public static let jsonSyntax = Diagnostic.Code(rawValue: "json-syntax")
    /// Arrays or objects nested deeper than the loader accepts.
    public static let tooDeep = Diagnostic.Code(rawValue: "too-deep")
    /// The same key twice in one object.
    public static let duplicateKey = Diagnostic.Code(rawValue: "duplicate-key")

    // Structure.
    /// A key the format does not define.
    public static let unknownKey = Diagnostic.Code(rawValue: "unknown-key")
    /// A required key that is missing.
    public static let missingKey = Diagnostic.Code(rawValue: "missing-key")
    /// A value of the wrong JSON type.
    public static let wrongType = Diagnostic.Code(rawValue: "wrong-type")
    /// A value of the right type that is not allowed (an unknown slot type, a bad name).
    public static let invalidValue = Diagnostic.Code(rawValue: "invalid-value")
    /// The same name defined twice (across files too).
    public static let duplicateName = Diagnostic.Code(rawValue: "duplicate-name")
    /// A reference to something not defined (slot, entity, intent, response, state, event, flow).
    public static let undefinedReference = Diagnostic.Code(rawValue: "undefined-reference")

    // Patterns.
    /// A raw regex PCRE2 rejects.
    public static let invalidRegex = Diagnostic.Code(rawValue: "invalid-regex")
    /// A template the template syntax rejects.
    public static let invalidTemplate = Diagnostic.Code(rawValue: "invalid-template")
    /// A pattern that matches the empty message.
    public static let matchesEmpty = Diagnostic.Code(rawValue: "matches-empty")
    /// A pattern at risk of catastrophic backtracking, confirmed by a probe.
    public static let catastrophicPattern = Diagnostic.Code(rawValue: "catastrophic-pattern")
    /// A raw regex with letters that normalization would change, so it can never match them.
    public static let unnormalizedRegex = Diagnostic.Code(rawValue: "unnormalized-regex")
    /// The same pattern twice in one intent and language.
    public static let duplicatePattern = Diagnostic.Code(rawValue: "duplicate-pattern")
    /// A declared language with no patterns or responses.
    public static let missingLanguage = Diagnostic.Code(rawValue: "missing-language")
    /// A concept that includes itself, directly or through other concepts.
    public static let conceptCycle = Diagnostic.Code(rawValue: "concept-cycle")
    /// A concept or evidence rule past the size the matcher accepts (members, parts).
    public static let tooLarge = Diagnostic.Code(rawValue: "too-large")
    /// A pattern word that ends in punctuation, which every message must then contain too.
    public static let punctuationInPattern = Diagnostic.Code(rawValue: "punctuation-in-pattern")
    /// A member of a concept that an exclusion of the same rule always matches, so it never counts there.
    public static let shadowedMember = Diagnostic.Code(rawValue: "shadowed-member")
    /// A raw regex that requires no literal the prefilter can look for: it runs on every message (a note).
    public static let unfilteredRegex = Diagnostic.Code(rawValue: "unfiltered-regex")

    // Examples.
    /// An example its intent does not match.
    public static let exampleNotMatched = Diagnostic.Code(rawValue: "example-not-matched")
    /// An example its intent matches but another intent wins.
    public static let exampleShadowed = Diagnostic.Code(rawValue: "example-shadowed")
    /// A counterexample its intent matches.
    public static let counterexampleMatched = Diagnostic.Code(rawValue: "counterexample-matched")

    // Dialogue.
    /// A state no transition leads to.
    public static let unreachableState = Diagnostic.Code(rawValue: "unreachable-state")
    /// A state with no way out that is not marked final.
    public static let noExit = Diagnostic.Code(rawValue: "no-exit")
    /// A response placeholder that may have no value where the response is used.
    public static let emptyPlaceholder = Diagnostic.Code(rawValue: "empty-placeholder")
    /// A reminder scheduled where a required field of its event may have no value: it would be
    /// dropped when due.
    public static let incompleteReminder = Diagnostic.Code(rawValue: "incomplete-reminder")
    /// A condition expression that does not parse or type-check.
    public static let invalidCondition = Diagnostic.Code(rawValue: "invalid-condition")
}

extension Diagnostic.Code {
    /// Every code Hiwar reports, in declaration order.
    public static let all: [Diagnostic.Code] = [
        .unreadableFile, .noBotFiles, .fileTooLarge, .notUTF8, .byteOrderMark, .jsonSyntax, .tooDeep, .duplicateKey,
        .unknownKey, .missingKey, .wrongType, .invalidValue, .duplicateName, .undefinedReference, .invalidRegex,
        .invalidTemplate, .matchesEmpty, .catastrophicPattern, .unnormalizedRegex, .duplicatePattern, .missingLanguage,
        .conceptCycle, .tooLarge, .shadowedMember, .punctuationInPattern, .unfilteredRegex,
        .exampleNotMatched, .exampleShadowed, .counterexampleMatched, .unreachableState, .noExit, .emptyPlaceholder,
        .incompleteReminder, .invalidCondition,
    ]
}
