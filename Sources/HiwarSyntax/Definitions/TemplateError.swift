/// A template syntax error: a message and the scalar offset in the template.
package struct TemplateError: Error, Equatable {
    package var message: String
    package var offset: Int
    /// Set when the error is a reference to a slot that is not declared.
    package var undefinedSlot: String?
    /// The diagnostic code, when it is not ``DiagnosticCode/invalidTemplate`` (an undefined concept, a concept that
    /// includes itself, a rule or concept too large).
    package var code: DiagnosticCode?

    /// Creates the value from each of its stored properties.
    package init(
        message: String,
        offset: Int,
        undefinedSlot: String? = nil,
        code: DiagnosticCode? = nil
    ) {
        self.message = message
        self.offset = offset
        self.undefinedSlot = undefinedSlot
        self.code = code
    }
}
