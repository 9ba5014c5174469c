internal import HiwarSyntax

/// What fires a transition, as a lookup key.
enum TriggerKey: Hashable, Sendable {
    /// A message recognized as this intent (`fallback` included).
    case intent(String)
    /// A notice of this event type.
    case event(String)
    /// A condition over slots, checked after every turn.
    case condition

    /// The key of a trigger that is looked up by kind; `nil` for timeouts and `always`, which
    /// are taken from where they are declared.
    init?(_ trigger: TransitionDefinition.Trigger) {
        switch trigger {
        case .intent(let name): self = .intent(name.value)
        case .event(let name): self = .event(name.value)
        case .condition: self = .condition
        case .timeout, .always: return nil
        }
    }
}

/// A list of transitions grouped by trigger, each group in declaration order, so that finding
/// the transitions an intent or event fires costs one hash lookup however many the list has
/// (a bot with a global transition for each of 1,000 intents).
struct TransitionTable: Sendable {
    private let groups: [TriggerKey: [Transition]]

    init(_ transitions: [Transition]) {
        var groups: [TriggerKey: [Transition]] = [:]
        for transition in transitions {
            guard let key = transition.trigger else { continue }
            groups[key, default: []].append(transition)
        }
        self.groups = groups
    }

    /// The transitions `key` fires, in declaration order.
    subscript(key: TriggerKey) -> [Transition] { groups[key] ?? [] }
}
