internal import Foundation
internal import HiwarSyntax
internal import PCRE2Kit

/// Runs one turn of one conversation: the state machine's semantics in one place.
///
/// A runner starts from a copy of the conversation's state and a fresh ``Turn``; the caller
/// stores `state` and returns `turn` when it is done. Nothing here is shared, so a turn needs no
/// locks; ``DialogueEngine`` makes sure one conversation runs one turn at a time.
struct TurnRunner {
    let bot: CompiledBot
    let actions: ActionRegistry
    let now: Date
    var state: ConversationState
    var turn: Turn
    private var transitionsTaken = 0
    /// Whether the input was recognized as a redelivery (an idempotency key already seen): such a
    /// turn changes nothing, and a message or notice that is one is not committed.
    var isRedelivery = false

    /// How many transitions one turn may take before it stops (a loop in the flows).
    static let transitionLimit = 32
    /// How long an action may run without a declared timeout.
    static let defaultActionTimeout: Duration = .seconds(10)
    /// How many idempotency keys a conversation remembers.

    var program: DialogueProgram { bot.dialogue }

    init(bot: CompiledBot, actions: ActionRegistry, state: ConversationState, input: Turn.Input, now: Date) {
        self.bot = bot
        self.actions = actions
        self.now = now
        var state = state
        state.turnCount += 1
        state.lastActivity = now
        self.state = state
        self.turn = Turn(
            conversation: state.id,
            index: state.turnCount,
            at: now,
            input: input,
            language: state.pinnedLanguage ?? state.language ?? bot.dialogue.defaultLanguage,
            stateBefore: state.state,
            stateAfter: state.state
        )
    }

    /// The language replies are in now.
    var language: LanguageCode { state.pinnedLanguage ?? state.language ?? program.defaultLanguage }

    /// Closes the turn: records the final state and language.
    mutating func finish() -> (ConversationState, Turn) {
        turn.stateAfter = state.state
        turn.language = language
        state.jobs.sort { ($0.due, $0.id) < ($1.due, $1.id) }
        return (state, turn)
    }

    // MARK: Saying things

    mutating func say(_ response: String) {
        let salt = state.turnCount &* 64 &+ turn.replies.count
        guard
            let reply = ResponseRenderer(program: program, timeZone: bot.timeZone).render(
                response,
                language: language,
                slots: state.slots,
                seed: state.seed,
                salt: salt
            )
        else { return }
        turn.replies.append(reply)
        state.transcript.append(TranscriptLine(speaker: .bot, text: reply.text, at: now))
    }

    mutating func effect(_ kind: Effect.Kind, _ details: [String: String] = [:]) {
        turn.effects.append(Effect(kind, details))
    }

    /// A slot's value as records show it: masked when the slot is sensitive.
    func shown(_ slot: String, _ value: String) -> String {
        program.slots[slot]?.sensitive == true ? Redaction.mask(value) : value
    }

    mutating func setSlot(_ slot: String, _ value: String?) {
        if let value {
            guard state.slots[slot] != value else { return }
            state.slots[slot] = value
            effect(.slotSet, ["slot": slot, "value": shown(slot, value)])
        } else if state.slots.removeValue(forKey: slot) != nil {
            effect(.slotSet, ["slot": slot, "value": ""])
        }
    }

    // MARK: States and transitions

    /// The first transition of the current state, then of the global list, that `key` fires
    /// and whose guard holds.
    func transition(on key: TriggerKey) -> Transition? {
        program.stateTables[state.state]?[key].first(where: { guardHolds($0) })
            ?? program.globalTable[key].first(where: { guardHolds($0) })
    }

    func guardHolds(_ transition: Transition) -> Bool {
        transition.guardHolds(in: state.slots)
    }

    /// Starts a new chain of transitions within the turn (each notice a release delivers), with a
    /// fresh loop guard.
    mutating func beginChain() { transitionsTaken = 0 }

    /// Applies a transition's effects in the documented order: set, say, do, remind, handoff,
    /// then goto, call or return.
    mutating func take(_ transition: Transition) async {
        transitionsTaken += 1
        guard transitionsTaken <= Self.transitionLimit else {
            if !turn.effects.contains(where: { $0.kind == .loopStopped }) {
                effect(.loopStopped, ["limit": "\(Self.transitionLimit)", "at": transition.location.description])
            }
            return
        }
        for slot in transition.clear { setSlot(slot, nil) }
        for (slot, value) in transition.set {
            setSlot(slot, value.resolve(in: state.slots))
        }
        for response in transition.say { say(response) }
        if let action = transition.action {
            _ = await runAction(action, timeout: nil)
        }
        if let (after, event) = transition.reminder {
            scheduleReminder(after: after, event: event)
        }
        if let reason = transition.handoff { handOff(reason) }
        switch transition.next {
        case .stay:
            break
        case .enter(let key):
            await enter(key)
        case .call(let start):
            state.returnStack.append(state.state)
            await enter(start)
        case .returns:
            if let back = state.returnStack.popLast(), program.states[back] != nil {
                effect(.transition, ["from": state.state.description, "to": back.description, "trigger": "return"])
                state.state = back
                state.awaiting = nil
                await runState()
            } else {
                await enter(program.home)
            }
        }
    }

    /// Enters a state: says its entry responses, schedules its timeouts, asks for its slots,
    /// runs its action.
    mutating func enter(_ key: StateKey) async {
        effect(.transition, ["from": state.state.description, "to": key.description])
        state.jobs.removeAll {
            if case .timeout = $0.kind { return true }
            return false
        }
        state.state = key
        state.entrySerial += 1
        state.awaiting = nil
        state.attempts = 0
        guard let definition = program.states[key] else { return }
        for response in definition.say { say(response) }
        for (index, transition) in definition.transitions.enumerated() {
            if let duration = transition.timeout {
                schedule(.timeout(state: key, transition: index, entry: state.entrySerial), after: duration)
            }
        }
        await runState()
    }

    /// Asks for the state's first missing slot, or runs its action, or checks its conditions.
    ///
    /// A value the state asks for goes through the request's checks however it came (the first message, a notice,
    /// `set`, an action): one that fails them is cleared and asked for again with the reprompt.
    mutating func runState() async {
        guard let definition = program.states[state.state], transitionsTaken <= Self.transitionLimit else { return }
        var refused: Set<String> = []
        for request in definition.slots {
            let slot = request.slot
            guard let value = state.slots[slot], let problem = validate(value, for: request) else { continue }
            effect(.invalidAnswer, ["slot": slot, "attempt": "0", "reason": problem])
            setSlot(slot, nil)
            refused.insert(slot)
        }
        if let request = definition.slots.first(where: { state.slots[$0.slot] == nil }) {
            if state.awaiting != request.slot {
                state.awaiting = request.slot
                state.attempts = 0
            }
            let question = refused.contains(request.slot) ? request.reprompt ?? request.prompt : request.prompt
            if let question { say(question) }
            return
        }
        state.awaiting = nil
        if let call = definition.action {
            let outcome = await runAction(call.name, timeout: call.timeout)
            let next: Transition?
            switch outcome {
            case .success: next = call.onSuccess
            case .timeout: next = call.onTimeout ?? call.onError
            case .failure, .missing: next = call.onError
            }
            if let next {
                await take(next)
            }
            return
        }
        await checkConditions()
    }

    /// Takes `when` transitions whose condition holds, until none does.
    mutating func checkConditions() async {
        guard state.awaiting == nil, state.handoff == nil,
            let transition = transition(on: .condition)
        else { return }
        let before = (state.state, state.entrySerial)
        await take(transition)
        if (state.state, state.entrySerial) != before && transitionsTaken <= Self.transitionLimit {
            await checkConditions()
        }
    }

    // MARK: Actions, reminders, handoff

    /// Calls an action with its declared inputs and stores what it returns.
    mutating func runAction(_ name: String, timeout: ISODuration?) async -> ActionOutcome {
        let declaration = program.actions[name]
        let inputs = Dictionary(
            uniqueKeysWithValues: (declaration?.inputs ?? []).compactMap { input in
                state.slots[input].map { (input, $0) }
            }
        )
        let request = ActionRequest(action: name, conversation: state.id, inputs: inputs, language: language, now: now)
        let limit = timeout.map { Duration.seconds($0.approximateSeconds) } ?? Self.defaultActionTimeout
        var outcome = await actions.run(request, timeout: limit)
        if case .success(let values) = outcome {
            let required = declaration?.outputs ?? []
            let missing = required.filter { values[$0] == nil }
            if missing.isEmpty {
                let allowed = Set(required + (declaration?.optionalOutputs ?? []))
                for (slot, value) in values.sorted(by: { $0.key < $1.key }) where allowed.contains(slot) {
                    setSlot(slot, value)
                }
            } else {
                outcome = .failure("the handler did not return \(missing.joined(separator: ", "))")
            }
        }
        switch outcome {
        case .success: effect(.action, ["action": name, "outcome": "success"])
        case .failure(let reason): effect(.action, ["action": name, "outcome": "error", "reason": reason])
        case .timeout: effect(.action, ["action": name, "outcome": "timeout"])
        case .missing:
            effect(.action, ["action": name, "outcome": "missing", "reason": "no handler is registered for \(name)"])
        }
        return outcome
    }

    mutating func schedule(_ kind: ScheduledJob.Kind, after duration: ISODuration) {
        let id = (state.jobs.map(\.id).max() ?? 0) + 1
        let due = duration.added(to: now, in: bot.timeZone)
        state.jobs.append(ScheduledJob(id: id, due: due, kind: kind))
    }

    /// Schedules `event` after a duration or a duration slot, carrying the event's fields from the
    /// conversation's slots.
    mutating func scheduleReminder(after: DurationSource, event: String) {
        let resolved: ISODuration?
        switch after {
        case .duration(let duration): resolved = duration
        case .slot(let slot): resolved = state.slots[slot].flatMap { ISODuration($0) }
        }
        guard let duration = resolved, duration.approximateSeconds > 0 else {
            effect(.jobDropped, ["event": event, "reason": "\"\(after)\" is not a duration here"])
            return
        }
        var data: [String: String] = [:]
        for field in program.events[event]?.fields ?? [] {
            if let value = state.slots[field.slot] { data[field.name] = value }
        }
        schedule(.event(PendingEvent(event: event, data: data)), after: duration)
        let due = state.jobs.last?.due ?? now
        effect(.reminderScheduled, ["event": event, "due": Self.timestamp(due), "after": duration.description])
    }

    mutating func handOff(_ reason: String) {
        guard state.handoff == nil else { return }
        state.handoff = Handoff(reason: reason, since: now)
        effect(.handoff, ["reason": reason, "transcript": "\(state.transcript.count)"])
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
