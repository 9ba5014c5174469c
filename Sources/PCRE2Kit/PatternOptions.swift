internal import CPCRE2

extension Pattern {
    /// Compile options a caller may add.
    ///
    /// Hiwar always compiles with UTF, UCP and never-backslash-C on top of these; they cannot be turned off.
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32

        public init(rawValue: UInt32) {
            self.rawValue = rawValue
        }

        /// Case-insensitive matching with Unicode case folding (`PCRE2_CASELESS`).
        public static let caseless = Options(rawValue: PCRE2_CASELESS)

        /// Match only at the start offset (`PCRE2_ANCHORED`).
        public static let anchored = Options(rawValue: PCRE2_ANCHORED)

        /// A match must end at the end of the subject (`PCRE2_ENDANCHORED`); with ``anchored``, the
        /// pattern must match the whole subject, however it is written.
        public static let endAnchored = Options(rawValue: PCRE2_ENDANCHORED)

        /// `.` also matches newlines (`PCRE2_DOTALL`).
        public static let dotAll = Options(rawValue: PCRE2_DOTALL)

        /// Ignore unescaped white space and `#` comments in the pattern (`PCRE2_EXTENDED`).
        public static let extended = Options(rawValue: PCRE2_EXTENDED)

        /// The options every pattern is compiled with, whatever the caller asks:
        /// `PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C`.
        static let always: UInt32 = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C
    }
}
