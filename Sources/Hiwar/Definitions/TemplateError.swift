/// A template syntax error: a message and the scalar offset in the template.
struct TemplateError: Error, Equatable {
    var message: String
    var offset: Int
    /// Set when the error is a reference to a slot that is not declared.
    var undefinedSlot: String?
    /// The diagnostic code, when it is not ``DiagnosticCode/invalidTemplate`` (an undefined concept, a concept that
    /// includes itself, a rule or concept too large).
    var code: DiagnosticCode?
}
