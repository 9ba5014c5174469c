internal import HiwarSyntax

/// A state of a flow, named `flow.state`.
public struct StateKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The flow.
    public var flow: String
    /// The state in it.
    public var state: String

    /// Creates a key.
    public init(flow: String, state: String) {
        self.flow = flow
        self.state = state
    }

    /// `flow.state`.
    public var description: String { "\(flow).\(state)" }
}
