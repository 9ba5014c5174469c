/// An error reported by PCRE2: a failed compile, or a match that could not complete.
///
/// Errors are values with a stable ``code`` (PCRE2's own negative or positive error number), the
/// message PCRE2 gives for it, and for compile errors the offset in the pattern where PCRE2 stopped.
public struct PCRE2Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// PCRE2's error number (`PCRE2_ERROR_*` for match errors, a positive number for compile errors).
    public let code: Int

    /// PCRE2's message for ``code``, from `pcre2_get_error_message`.
    public let message: String

    /// For compile errors: the offset, in UTF-8 bytes from the start of the pattern, at which PCRE2 detected the error.
    ///
    /// `nil` for match errors.
    ///
    /// Use ``scalarOffset(in:)`` to turn it into a count of Unicode scalars, which is what a column
    /// in a source file counts.
    public let offset: Int?

    /// Creates an error from its parts; PCRE2Kit makes these, clients normally only read them.
    public init(code: Int, message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The compile-error offset counted in Unicode scalars of `pattern` instead of UTF-8 bytes.
    ///
    /// - Parameter pattern: The pattern source this error was reported for.
    /// - Returns: The number of whole scalars before ``offset``, or `nil` for match errors.
    public func scalarOffset(in pattern: String) -> Int? {
        guard let offset else { return nil }
        var bytes = 0
        var scalars = 0
        for scalar in pattern.unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > offset { break }
            scalars += 1
        }
        return scalars
    }

    public var description: String {
        if let offset {
            return "\(message) (at pattern offset \(offset))"
        }
        return "\(message) (PCRE2 error \(code))"
    }
}
