/// One problem found in a bot's definition files: what, where, how bad, and how to fix it.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Extra information attached to another diagnostic.
        case note
        /// Worth fixing; fails `hiwar validate --strict`.
        case warning
        /// The bot cannot be compiled.
        case error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary location that explains the diagnostic ("first defined here").
    public struct Note: Sendable, Hashable {
        /// What the note says.
        public let message: String
        /// Where it points.
        public let location: SourceLocation?

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation?) {
            self.message = message
            self.location = location
        }
    }

    /// How bad it is.
    public let severity: Severity
    /// The stable code.
    public let code: Code
    /// What is wrong, in a sentence a bot author can act on.
    public let message: String
    /// Where it is; `nil` only for problems with no file (an empty directory).
    public let location: SourceLocation?
    /// How to fix it, when there is something specific to say.
    public let hint: String?
    /// Related places.
    public let notes: [Note]

    /// Creates a diagnostic.
    public init(
        _ severity: Severity,
        _ code: Code,
        _ message: String,
        at location: SourceLocation?,
        hint: String? = nil,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }

    /// `path:line:column: severity: [code] message`.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): [\(code)] \(message)"
    }

    /// Orders by location (diagnostics without one first), then code, then message.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let l), .some(let r)) where l != r: return l < r
        default: return (lhs.code, lhs.message) < (rhs.code, rhs.message)
        }
    }
}

/// Diagnostics collected across a compile: stages append, nothing throws mid-way, so one run
/// reports every problem.
package struct Diagnostics: Sendable, Hashable {
    /// Everything reported so far, in the order reported.
    public private(set) var all: [Diagnostic] = []

    /// Creates an empty collection.
    public init() {}

    /// Adds a diagnostic.
    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    /// Adds several diagnostics.
    public mutating func append(contentsOf diagnostics: Diagnostics) {
        all.append(contentsOf: diagnostics.all)
    }

    /// Drops the diagnostics reported after the first `count` that `isDropped` selects.
    package mutating func drop(after count: Int, where isDropped: (Diagnostic) -> Bool) {
        guard count < all.count else { return }
        all = Array(all[..<count]) + all[count...].filter { !isDropped($0) }
    }

    /// Reports an error.
    public mutating func error(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation?,
        hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        all.append(Diagnostic(.error, code, message, at: location, hint: hint, notes: notes))
    }

    /// Reports a warning.
    public mutating func warning(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation?,
        hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        all.append(Diagnostic(.warning, code, message, at: location, hint: hint, notes: notes))
    }

    /// Reports a note: information that neither blocks compiling nor fails `validate --strict`.
    public mutating func note(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation?,
        hint: String? = nil
    ) {
        all.append(Diagnostic(.note, code, message, at: location, hint: hint))
    }

    /// Whether any error was reported.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Everything reported, sorted by location then code, with exact duplicates removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted().filter { seen.insert($0).inserted }
    }
}
