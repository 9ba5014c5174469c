/// A reference to a state as written in a bot: `state` (in the flow it is written in) or `flow.state`.
///
/// A state's name has no dot and a flow's may have several, so the last dot separates them.
package struct StateReference: Sendable, Hashable, CustomStringConvertible {
    /// The flow, when the reference names one.
    package let flow: String?
    /// The state's name.
    package let state: String

    /// Reads `state` or `flow.state`.
    package init(_ text: String) {
        if let dot = text.lastIndex(of: ".") {
            flow = String(text[..<dot])
            state = String(text[text.index(after: dot)...])
        } else {
            flow = nil
            state = text
        }
    }

    /// As written.
    package var description: String { flow.map { "\($0).\(state)" } ?? state }
}
