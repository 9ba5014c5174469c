internal import Foundation
internal import HiwarSyntax
internal import PCRE2Kit

/// Lowers a bot's flows, events, slots, actions, responses and dialogue settings into a ``DialogueProgram``: the
/// compiler stage after pattern lowering, called by `BotCompiler`.
///
/// State references are resolved here (`state` in the transition's flow, or `flow.state`), conditions and templates
/// come parsed from the decoder, durations are parsed and slot patterns compiled once each.
struct FlowLowering {
    let definition: BotDefinition
    let normalizer: TextNormalizer
    let languages: [LanguageCode]
    let defaultLanguage: LanguageCode

    /// Every state key, first declaration winning; each flow's start state.
    private let stateKeys: Set<StateKey>
    private let flowStarts: [String: StateKey]
    private let firstStart: StateKey?

    init(
        definition: BotDefinition,
        normalizer: TextNormalizer,
        languages: [LanguageCode],
        defaultLanguage: LanguageCode
    ) {
        self.definition = definition
        self.normalizer = normalizer
        self.languages = languages
        self.defaultLanguage = defaultLanguage
        var keys: Set<StateKey> = []
        var starts: [String: StateKey] = [:]
        var first: StateKey?
        for flow in definition.flows {
            for state in flow.states { keys.insert(StateKey(flow: flow.name.value, state: state.name.value)) }
            if let start = flow.start, starts[flow.name.value] == nil {
                let key = StateKey(flow: flow.name.value, state: start.value)
                starts[flow.name.value] = key
                if first == nil { first = key }
            }
        }
        self.stateKeys = keys
        self.flowStarts = starts
        self.firstStart = first
    }

    /// The program.
    func lower() -> DialogueProgram {
        var patterns: [String: ValuePattern] = [:]
        var states: [StateKey: StateProgram] = [:]
        var expected: [StateKey: Set<String>] = [:]
        for flow in definition.flows {
            for state in flow.states {
                let key = StateKey(flow: flow.name.value, state: state.name.value)
                guard states[key] == nil else { continue }
                states[key] = lower(state, in: flow.name.value, patterns: &patterns)
                let expects = Set(state.expects.map(\.value))
                if !expects.isEmpty { expected[key] = expects }
            }
        }
        let settings = definition.settings
        let slotDefinitions = Dictionary(
            definition.slots.map { ($0.name.value, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        var slots = slotDefinitions.mapValues { SlotTraits(type: $0.type.value, sensitive: $0.sensitive) }
        for (name, type) in SymbolTable.builtinSlotNames where slots[name] == nil {
            slots[name] = SlotTraits(type: type, sensitive: false)
        }
        return DialogueProgram(
            states: states,
            globalTransitions: definition.globalTransitions.map { lower($0, in: nil) },
            expectedIntents: expected,
            home: home(states),
            responses: responses(),
            events: events(slots: slotDefinitions),
            slots: slots,
            displayTexts: Self.displayTexts(slots: definition.slots, entities: definition.entities),
            actions: Dictionary(
                definition.actions.map {
                    (
                        $0.name.value,
                        ActionSignature(
                            inputs: $0.inputs.map(\.value),
                            outputs: $0.outputs.map(\.value),
                            optionalOutputs: $0.optionalOutputs.map(\.value)
                        )
                    )
                },
                uniquingKeysWith: { first, _ in first }
            ),
            languages: languages,
            defaultLanguage: defaultLanguage,
            arabicScriptLanguage: settings?.arabicScriptLanguage?.value
                ?? languages.first { $0 == .arabic || $0 == .persian },
            fallbackChains: Dictionary(
                (settings?.fallbacks ?? []).map { ($0.language.value, $0.chain.map(\.value)) },
                uniquingKeysWith: { first, _ in first }
            ),
            digitScripts: Dictionary(
                (settings?.digits ?? []).compactMap { entry in
                    DigitScript(rawValue: entry.script.value).map { (entry.language.value, $0) }
                },
                uniquingKeysWith: { first, _ in first }
            ),
            calendars: Dictionary(
                (settings?.calendars ?? []).compactMap { entry in
                    ReplyCalendar(rawValue: entry.calendar.value).map { (entry.language.value, $0) }
                },
                uniquingKeysWith: { first, _ in first }
            ),
            escalationKeywords: (settings?.escalationKeywords ?? []).flatMap { $0.values }.map {
                let normalized = normalizer.normalize(literal: $0.value)
                return (normalized, normalized.split(separator: " ").joined(separator: " "))
            },
            handoffAfterFallbacks: settings?.handoffAfterFallbacks ?? 0,
            cardNumberWarning: settings?.cardNumberWarning?.value,
            dropsOverdueJobs: settings?.overduePolicy?.value == "drop",
            overdueGrace: TimeInterval(
                settings?.overdueGrace?.value.approximateSeconds ?? 3600
            ),
            idempotencyRetention: TimeInterval(
                settings?.idempotencyRetention?.value.approximateSeconds ?? 30 * 86_400
            )
        )
    }

    // MARK: States and transitions

    private func lower(
        _ state: StateDefinition,
        in flow: String,
        patterns: inout [String: ValuePattern]
    )
        -> StateProgram
    {
        StateProgram(
            say: state.say.map(\.value),
            slots: state.slots.map { request in
                var pattern: ValuePattern?
                if let source = request.pattern?.value {
                    // Validation compiled it the same way; a bot with an error never gets here.
                    pattern = patterns[source] ?? ValuePattern(compiled: try? SlotPatterns.compile(source))
                    patterns[source] = pattern
                }
                return SlotStep(
                    slot: request.slot.value,
                    prompt: request.prompt?.value,
                    reprompt: request.reprompt?.value,
                    maxAttempts: request.maxAttempts,
                    onFail: request.onFail.map { lower($0, in: flow) },
                    pattern: pattern,
                    minimum: request.minimum,
                    maximum: request.maximum,
                    minimumDuration: request.minimumDuration?.value,
                    maximumDuration: request.maximumDuration?.value,
                    maxDaysBefore: request.maxDaysBefore,
                    maxDaysAfter: request.maxDaysAfter
                )
            },
            action: state.action.map { call in
                ActionStep(
                    name: call.name.value,
                    timeout: call.timeout?.value,
                    onSuccess: call.onSuccess.map { lower($0, in: flow) },
                    onError: call.onError.map { lower($0, in: flow) },
                    onTimeout: call.onTimeout.map { lower($0, in: flow) }
                )
            },
            transitions: state.transitions.map { lower($0, in: flow) }
        )
    }

    /// A transition written in `flow` (`nil` for a global one).
    private func lower(_ transition: TransitionDefinition, in flow: String?) -> Transition {
        var timeout: ISODuration?
        if case .timeout(let after) = transition.trigger { timeout = after.value }
        var reminder: (after: DurationSource, event: String)?
        if let after = transition.remindAfter, let event = transition.remindEvent {
            reminder = (after.value, event.value)
        }
        return Transition(
            location: transition.location,
            trigger: TriggerKey(transition.trigger),
            timeout: timeout,
            condition: transition.condition?.value,
            clear: transition.clear.map(\.value),
            set: transition.set.map { ($0.slot.value, ValueSource($0.value.value)) },
            say: transition.say.map(\.value),
            action: transition.action?.value,
            reminder: reminder,
            handoff: transition.handoff?.value,
            next: next(of: transition, in: flow)
        )
    }

    /// Where a transition written in `flow` goes.
    ///
    /// A global transition's target is `flow.state` (the checks refuse anything else, and a state's name has no dot,
    /// so no flow could have it as a state of its own).
    private func next(of transition: TransitionDefinition, in flow: String?) -> Transition.Next {
        if let target = transition.target?.value {
            let key = StateKey(flow: target.flow ?? flow ?? "", state: target.state)
            return stateKeys.contains(key) ? .enter(key) : .stay
        }
        if let called = transition.call?.value {
            return flowStarts[called].map { .call($0) } ?? .stay
        }
        return transition.returns ? .returns : .stay
    }

    /// `settings.start` when it names a state; otherwise the first flow's start.
    private func home(_ states: [StateKey: StateProgram]) -> StateKey {
        if let start = definition.settings?.start?.value, let flow = start.flow,
            stateKeys.contains(StateKey(flow: flow, state: start.state))
        {
            return StateKey(flow: flow, state: start.state)
        }
        return firstStart ?? StateKey(flow: "", state: "")
    }

    // MARK: Responses, events, display texts

    private func responses() -> [String: [LanguageCode: [ResponseTemplate]]] {
        var result: [String: [LanguageCode: [ResponseTemplate]]] = [:]
        for response in definition.responses where result[response.name.value] == nil {
            var perLanguage: [LanguageCode: [ResponseTemplate]] = [:]
            for (language, templates) in response.templates {
                perLanguage[language.value, default: []] += templates.map(\.value)
            }
            result[response.name.value] = perLanguage
        }
        return result
    }

    private func events(slots: [String: SlotDefinition]) -> [String: EventSchema] {
        var result: [String: EventSchema] = [:]
        for event in definition.events where result[event.name.value] == nil {
            result[event.name.value] = EventSchema(
                name: event.name.value,
                fields: event.fields.map { field in
                    let slot = field.slot?.value ?? field.name.value
                    return EventSchema.Field(
                        name: field.name.value,
                        type: field.type.value,
                        required: field.required,
                        slot: slot,
                        isCardLast4: (slots[slot]?.entity?.value ?? slot) == BuiltinEntity.cardLast4.rawValue
                    )
                },
                idempotencyKey: event.idempotencyKey.map(\.value),
                expiresAt: event.expiresAt?.value,
                supersedes: Set(event.supersedes.map(\.value))
            )
        }
        return result
    }

    /// Display texts: a list entity's first synonym in each language, then the slot's own `display`,
    /// which wins.
    private static func displayTexts(
        slots: [SlotDefinition],
        entities: [EntityDefinition]
    ) -> [String: [String: [LanguageCode: String]]] {
        let lists = Dictionary(
            entities.compactMap { entity -> (String, [(value: Located<String>, synonyms: PerLanguage<String>)])? in
                guard case .list(let values) = entity.kind else { return nil }
                return (entity.name.value, values)
            },
            uniquingKeysWith: { first, _ in first }
        )
        var result: [String: [String: [LanguageCode: String]]] = [:]
        for slot in slots where slot.type.value != .boolean || !slot.display.isEmpty {
            var texts: [String: [LanguageCode: String]] = [:]
            for (value, synonyms) in lists[slot.entity?.value ?? slot.name.value] ?? [] {
                for (language, words) in synonyms {
                    if let first = words.first, texts[value.value]?[language.value] == nil {
                        texts[value.value, default: [:]][language.value] = first.value
                    }
                }
            }
            for display in slot.display {
                for (language, text) in display.texts {
                    texts[display.value.value, default: [:]][language.value] = text.value
                }
            }
            if !texts.isEmpty { result[slot.name.value] = texts }
        }
        return result
    }
}
