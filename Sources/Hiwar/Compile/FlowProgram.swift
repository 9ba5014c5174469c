internal import HiwarSyntax
internal import PCRE2Kit

// The dialogue program's parts: what `FlowLowering` makes of flows, events, slots and actions. Targets are
// resolved state keys, guards the decoder's condition trees, durations parsed, slot patterns compiled; nothing here
// holds a definition record (a state, transition, event or slot as written) or a source string the runtime would
// have to interpret.

/// A state of a flow, lowered.
///
/// A class: a turn looks its state up once or more, and a copied struct would retain and release its four arrays
/// each time.
final class StateProgram: Sendable {
    /// Responses said on entry.
    let say: [String]
    /// Slots to fill, in order.
    let slots: [SlotStep]
    /// The action called on entry.
    let action: ActionStep?
    /// Outgoing transitions in declaration order (a timeout job refers to one by its index).
    let transitions: [Transition]

    init(say: [String], slots: [SlotStep], action: ActionStep?, transitions: [Transition]) {
        self.say = say
        self.slots = slots
        self.action = action
        self.transitions = transitions
    }
}

/// A value written in a flow: a literal, or `{slot}` (another slot's value when the transition is taken).
enum ValueSource: Sendable, Hashable, CustomStringConvertible {
    /// The text itself.
    case literal(String)
    /// The named slot's value.
    case slot(String)

    /// Reads `{name}` as a slot and anything else as a literal.
    init(_ text: String) {
        self = DurationSource.slotName(in: text).map { .slot($0) } ?? .literal(text)
    }

    /// The value now: the literal, or the slot's value (`nil` when it is not set).
    func resolve(in slots: [String: String]) -> String? {
        switch self {
        case .literal(let text): text
        case .slot(let name): slots[name]
        }
    }

    /// As written.
    var description: String {
        switch self {
        case .literal(let text): text
        case .slot(let name): "{\(name)}"
        }
    }
}

/// A transition, lowered.
struct Transition: Sendable {
    /// Where a taken transition leaves the conversation.
    enum Next: Sendable, Hashable {
        /// In the same state (or wherever its action and slots took it).
        case stay
        /// Enters the state.
        case enter(StateKey)
        /// Enters a flow's start state as a sub-flow, returning here when it ends.
        case call(StateKey)
        /// Ends a sub-flow: back to where it was entered, or home.
        case returns
    }

    /// Where it was written (for the `loop-stopped` effect).
    let location: SourceLocation
    /// The key it is found by, `nil` for timeouts and unconditional transitions.
    let trigger: TriggerKey?
    /// For a timeout transition: how long the state waits.
    let timeout: ISODuration?
    /// The guard; `nil` when there is none.
    let condition: Condition?
    /// Slots emptied, before `set`.
    let clear: [String]
    /// Slot assignments, in order.
    let set: [(slot: String, value: ValueSource)]
    /// Responses said.
    let say: [String]
    /// An action to call.
    let action: String?
    /// A reminder to schedule: after a duration (or a duration slot), the event.
    let reminder: (after: DurationSource, event: String)?
    /// Hands the conversation to a person, with this reason (a `var`: an escalation keyword takes the `human`
    /// intent's transition with its own reason).
    var handoff: String?
    /// Where it goes.
    let next: Next

    /// Whether the guard holds over the conversation's slots (a transition without one always may be taken).
    func guardHolds(in slots: [String: String]) -> Bool {
        condition?.holds(in: slots) ?? true
    }
}

/// A slot a state asks for, lowered.
struct SlotStep: Sendable {
    /// The slot.
    let slot: String
    /// The response that asks for it.
    let prompt: String?
    /// The response that asks again after an invalid answer.
    let reprompt: String?
    /// How many answers are tried before `onFail`.
    let maxAttempts: Int
    /// Taken when every attempt failed.
    let onFail: Transition?
    /// The form the value must have, compiled; fails closed (accepts nothing) when it could not be compiled.
    let pattern: ValuePattern?
    /// The smallest and largest numbers allowed.
    let minimum: Double?
    let maximum: Double?
    /// The shortest and longest durations allowed.
    let minimumDuration: ISODuration?
    let maximumDuration: ISODuration?
    /// How many days before and after today a date may be.
    let maxDaysBefore: Int?
    let maxDaysAfter: Int?
}

/// A slot request's `pattern`, compiled to match a whole value.
struct ValuePattern: Sendable {
    let compiled: Pattern?

    /// Whether `value` has the form (limits exceeded, or a pattern that did not compile, count as no).
    func matchesWhole(_ value: String) -> Bool {
        guard let compiled else { return false }
        if case .match = compiled.firstMatch(in: value) { return true }
        return false
    }
}

/// The action a state calls on entry, with where its outcomes go.
struct ActionStep: Sendable {
    let name: String
    let timeout: ISODuration?
    let onSuccess: Transition?
    let onError: Transition?
    let onTimeout: Transition?
}

/// An event type, lowered: what a notice's payload must hold and which slots it fills.
struct EventSchema: Sendable {
    /// One payload field.
    struct Field: Sendable {
        let name: String
        let type: ValueType
        let required: Bool
        /// The slot it fills (the slot of the same name unless declared).
        let slot: String
        /// Whether the slot holds a card's last four digits (four digits, nothing else).
        let isCardLast4: Bool
    }

    let name: String
    let fields: [Field]
    /// Fields whose values, with the event's name, make the idempotency key.
    let idempotencyKey: [String]
    /// A date-time field after which the notice is dropped.
    let expiresAt: String?
    /// Events this one replaces while they are pending.
    let supersedes: Set<String>
}

/// What the engine needs of a slot.
struct SlotTraits: Sendable {
    let type: ValueType
    /// Masked wherever it is printed.
    let sensitive: Bool
}

/// What an action reads and writes.
struct ActionSignature: Sendable {
    let inputs: [String]
    let outputs: [String]
    let optionalOutputs: [String]
}
