internal import Foundation
internal import HiwarSyntax
internal import PCRE2Kit

/// Checks that every name a definition uses is defined, and that settings are consistent.
struct ReferenceChecks {
    let definition: BotDefinition
    let symbols: SymbolTable

    func run(into diagnostics: inout Diagnostics) {
        checkSettings(&diagnostics)
        checkLanguages(&diagnostics)
        for slot in definition.slots {
            if let entity = slot.entity, !symbols.isEntity(entity.value) {
                diagnostics.undefined(.entity, entity, symbols: symbols)
            }
            checkDisplay(of: slot, &diagnostics)
        }
        for event in definition.events { checkEvent(event, &diagnostics) }
        for action in definition.actions {
            for slot in action.inputs + action.outputs + action.optionalOutputs where symbols.slots[slot.value] == nil {
                diagnostics.undefined(.slot, slot, symbols: symbols)
            }
        }
        for response in definition.responses { checkResponse(response, &diagnostics) }
        for flow in definition.flows { checkFlow(flow, &diagnostics) }
        for transition in definition.globalTransitions {
            checkTransition(transition, in: nil, &diagnostics)
        }
    }

    /// Display texts belong to values shown as words (string, enum, list, boolean), and name values
    /// the slot can hold: a list entity's canonical values, `true`/`false`.
    private func checkDisplay(of slot: SlotDefinition, _ diagnostics: inout Diagnostics) {
        guard let first = slot.display.first else { return }
        switch slot.type.value {
        case .string, .enum, .list, .boolean: break
        default:
            diagnostics.error(
                .invalidValue,
                "slot \(slot.name.value) is a \(slot.type.value.rawValue): its replies use formatters, not display texts",
                at: first.value.location,
                hint:
                    "display texts are for string, enum, list and boolean slots; use {\(slot.name.value)|date} and the like"
            )
            return
        }
        var known: [String]?
        if slot.type.value == .boolean { known = ["true", "false"] }
        if case .list(let values) = symbols.entities[slot.entity?.value ?? slot.name.value]?.kind {
            known = values.map(\.value.value)
        }
        guard let known else { return }
        for display in slot.display where !known.contains(display.value.value) {
            diagnostics.warning(
                .invalidValue,
                "slot \(slot.name.value) never holds \"\(display.value.value)\"",
                at: display.value.location,
                hint: Spelling.closest(to: display.value.value, in: known).map { "did you mean \"\($0)\"?" }
                    ?? "its values are \(known.joined(separator: ", "))"
            )
        }
    }

    /// A slot request's `pattern` compiles as it will run (the whole value, anchored by options,
    /// never by text around it), or the error is reported where PCRE2 found it.
    private func checkSlotPattern(_ pattern: Located<String>, _ diagnostics: inout Diagnostics) {
        do {
            _ = try SlotPatterns.compile(pattern.value)
        } catch {
            diagnostics.error(
                .invalidRegex,
                error.message,
                at: pattern.stringLocation(ofScalar: error.scalarOffset(in: pattern.value) ?? 0),
                hint: "a slot pattern is PCRE2 that the whole answer must match, such as [A-Z]{2}[0-9]{3,4}"
            )
        }
    }

    private func checkSettings(_ diagnostics: inout Diagnostics) {
        guard let settings = definition.settings else { return }
        let declared = Set(settings.languages.map(\.value))
        if let language = settings.defaultLanguage, !declared.isEmpty, !declared.contains(language.value) {
            diagnostics.error(
                .undefinedReference,
                "the default language \"\(language.value)\" is not in settings.languages",
                at: language.location
            )
        }
        if let language = settings.arabicScriptLanguage {
            if language.value != .arabic && language.value != .persian {
                diagnostics.error(
                    .invalidValue,
                    "arabicScriptLanguage is \"\(language.value)\"; it must be \"ar\" or \"fa\"",
                    at: language.location
                )
            } else if !declared.isEmpty && !declared.contains(language.value) {
                diagnostics.error(
                    .undefinedReference,
                    "the language \"\(language.value)\" is not in settings.languages",
                    at: language.location
                )
            }
        }
        for (language, chain) in settings.fallbacks {
            for item in [language] + chain where !declared.isEmpty && !declared.contains(item.value) {
                diagnostics.error(
                    .undefinedReference,
                    "the fallback language \"\(item.value)\" is not in settings.languages",
                    at: item.location
                )
            }
        }
        if let zone = settings.timeZone, TimeZone(identifier: zone.value) == nil {
            diagnostics.error(
                .invalidValue,
                "unknown time zone \"\(zone.value)\"",
                at: zone.location,
                hint: "use an IANA name such as Asia/Dubai or Asia/Tehran"
            )
        }
        if let start = settings.start, symbols.resolveState(start.value, in: "") == nil {
            diagnostics.error(
                .undefinedReference,
                "settings.start names \"\(start.value.description)\", which is not a state",
                at: start.location,
                hint: "write flow.state, such as common.idle"
            )
        }
        if let warning = settings.cardNumberWarning, symbols.responses[warning.value] == nil {
            diagnostics.undefined(.response, warning, symbols: symbols)
        }
        for (_, script) in settings.digits where DigitScript(rawValue: script.value) == nil {
            diagnostics.error(
                .invalidValue,
                "unknown digit script \"\(script.value)\"",
                at: script.location,
                hint: "use latin, arabic or persian"
            )
        }
        for (_, calendar) in settings.calendars where ReplyCalendar(rawValue: calendar.value) == nil {
            diagnostics.error(
                .invalidValue,
                "unknown calendar \"\(calendar.value)\"",
                at: calendar.location,
                hint: "use gregorian, persian or islamic-umalqura"
            )
        }
        if let policy = settings.overduePolicy, !["deliver", "drop"].contains(policy.value) {
            diagnostics.error(
                .invalidValue,
                "unknown overdue policy \"\(policy.value)\"",
                at: policy.location,
                hint: "use deliver (fire late) or drop"
            )
        }
        if let ranking = settings.ranking, ranking.value != "specificity" && ranking.value != "priority" {
            diagnostics.error(
                .invalidValue,
                "unknown ranking \"\(ranking.value)\"",
                at: ranking.location,
                hint: Spelling.closest(to: ranking.value, in: ["specificity", "priority"]).map {
                    "did you mean \"\($0)\"?"
                }
                    ?? "use specificity (the default) or priority"
            )
        }
    }

    /// Declared languages missing patterns or responses; languages used but not declared.
    private func checkLanguages(_ diagnostics: inout Diagnostics) {
        guard let settings = definition.settings, !settings.languages.isEmpty else { return }
        let declared = settings.languages.map(\.value)
        let declaredSet = Set(declared)
        func checkUsed(_ languages: [Located<LanguageCode>]) {
            for language in languages where !declaredSet.contains(language.value) {
                diagnostics.warning(
                    .missingLanguage,
                    "\"\(language.value)\" is not one of the bot's languages (settings.languages)",
                    at: language.location,
                    hint: "add it to settings.languages, or remove these entries"
                )
            }
        }
        for intent in definition.intents {
            let all =
                intent.patterns.map(\.language) + intent.regexes.map(\.language) + intent.keywords.map(\.language)
                + intent.evidence.map(\.language) + intent.inContext.map(\.language)
            checkUsed(all + intent.examples.map(\.language) + intent.counterexamples.map(\.language))
            let present = Set(all.map(\.value))
            for language in declared where !present.contains(language) {
                diagnostics.warning(
                    .missingLanguage,
                    "intent \(intent.name.value) has no patterns in \(language)",
                    at: intent.name.location,
                    hint: "add \"\(language)\" patterns, or customers writing \(language) are not understood"
                )
            }
        }
        for concept in definition.concepts { checkUsed(concept.members.map(\.language)) }
        for slot in definition.slots {
            for display in slot.display {
                checkUsed(display.texts.map(\.language))
                let present = Set(display.texts.map(\.language.value))
                for language in declared where !present.contains(language) {
                    diagnostics.warning(
                        .missingLanguage,
                        "slot \(slot.name.value) has no \(language) display text for \"\(display.value.value)\"",
                        at: display.value.location,
                        hint: "add \"\(language)\": until then replies in \(language) show the value as stored"
                    )
                }
            }
        }
        for response in definition.responses {
            checkUsed(response.templates.map(\.language))
            let present = Set(response.templates.map(\.language.value))
            for language in declared where !present.contains(language) {
                let chain =
                    settings.fallbacks.first { $0.language.value == language }?.chain.map(\.value.rawValue) ?? []
                diagnostics.warning(
                    .missingLanguage,
                    "response \(response.name.value) has no \(language) text",
                    at: response.name.location,
                    hint: chain.isEmpty
                        ? "add \"\(language)\" text; without it the default language is used"
                        : "add \"\(language)\" text; until then \(chain.joined(separator: ", then ")) is used"
                )
            }
        }
    }

    private func checkEvent(_ event: EventDefinition, _ diagnostics: inout Diagnostics) {
        let fields = Dictionary(event.fields.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        for field in event.fields {
            if let slot = field.slot, symbols.slots[slot.value] == nil {
                diagnostics.undefined(.slot, slot, symbols: symbols)
            }
        }
        for key in event.idempotencyKey where fields[key.value] == nil {
            diagnostics.error(
                .undefinedReference,
                "idempotencyKey names \"\(key.value)\", which is not a field of \(event.name.value)",
                at: key.location
            )
        }
        if let expiry = event.expiresAt {
            if let field = fields[expiry.value] {
                if field.type.value != .datetime && field.type.value != .date {
                    diagnostics.error(
                        .invalidValue,
                        "expiresAt must name a date or datetime field; \"\(expiry.value)\" is \(field.type.value.rawValue)",
                        at: expiry.location
                    )
                }
            } else {
                diagnostics.error(
                    .undefinedReference,
                    "expiresAt names \"\(expiry.value)\", which is not a field of \(event.name.value)",
                    at: expiry.location
                )
            }
        }
        for other in event.supersedes where symbols.events[other.value] == nil {
            diagnostics.undefined(.event, other, symbols: symbols)
        }
    }

    private func checkResponse(_ response: ResponseDefinition, _ diagnostics: inout Diagnostics) {
        for (_, templates) in response.templates {
            for template in templates {
                for placeholder in template.value.placeholders where symbols.slots[placeholder.slot] == nil {
                    diagnostics.undefined(
                        .slot,
                        placeholder.slot,
                        at: template.location(ofScalar: placeholder.offset),
                        symbols: symbols
                    )
                }
            }
        }
    }

    private func checkFlow(_ flow: FlowDefinition, _ diagnostics: inout Diagnostics) {
        if let start = flow.start, symbols.resolveState(start.value, in: flow.name.value) == nil {
            diagnostics.undefined(.state, start, symbols: symbols)
        }
        for state in flow.states {
            for name in state.say where symbols.responses[name.value] == nil {
                diagnostics.undefined(.response, name, symbols: symbols)
            }
            for name in state.expects where symbols.intents[name.value] == nil {
                diagnostics.undefined(.intent, name, symbols: symbols)
            }
            for request in state.slots {
                if symbols.slots[request.slot.value] == nil {
                    diagnostics.undefined(.slot, request.slot, symbols: symbols)
                }
                for response in [request.prompt, request.reprompt].compactMap({ $0 })
                where symbols.responses[response.value] == nil {
                    diagnostics.undefined(.response, response, symbols: symbols)
                }
                if let onFail = request.onFail { checkTransition(onFail, in: flow.name.value, &diagnostics) }
                if let pattern = request.pattern { checkSlotPattern(pattern, &diagnostics) }
                for bound in [request.minimumDuration, request.maximumDuration].compactMap({ $0 }) {
                    if let type = symbols.slots[request.slot.value]?.type.value, type != .duration {
                        diagnostics.error(
                            .invalidValue,
                            "a duration bound on \(request.slot.value), a \(type.rawValue) slot",
                            at: bound.location,
                            hint: "durations bound duration slots; write a number for a number slot"
                        )
                    }
                }
            }
            if let call = state.action {
                if symbols.actions[call.name.value] == nil {
                    diagnostics.undefined(
                        .action,
                        call.name,
                        symbols: symbols,
                        hint: "declare it under \"actions\" with its inputs and outputs"
                    )
                }
                for outcome in [call.onSuccess, call.onError, call.onTimeout].compactMap({ $0 }) {
                    checkTransition(outcome, in: flow.name.value, &diagnostics)
                }
            }
            for transition in state.transitions { checkTransition(transition, in: flow.name.value, &diagnostics) }
        }
    }

    private func checkTransition(_ transition: TransitionDefinition, in flow: String?, _ diagnostics: inout Diagnostics)
    {
        switch transition.trigger {
        case .intent(let name) where symbols.intents[name.value] == nil && name.value != "fallback":
            diagnostics.undefined(.intent, name, symbols: symbols)
        case .event(let name) where symbols.events[name.value] == nil:
            diagnostics.undefined(.event, name, symbols: symbols)
        default: break
        }
        if let condition = transition.condition { checkCondition(condition, &diagnostics) }
        for name in transition.say where symbols.responses[name.value] == nil {
            diagnostics.undefined(.response, name, symbols: symbols)
        }
        for (slot, _) in transition.set where symbols.slots[slot.value] == nil {
            diagnostics.undefined(.slot, slot, symbols: symbols)
        }
        for slot in transition.clear where symbols.slots[slot.value] == nil {
            diagnostics.undefined(.slot, slot, symbols: symbols)
        }
        if let action = transition.action, symbols.actions[action.value] == nil {
            diagnostics.undefined(.action, action, symbols: symbols, hint: "declare it under \"actions\"")
        }
        if let target = transition.target {
            let resolved =
                flow.flatMap { symbols.resolveState(target.value, in: $0) }
                ?? symbols.resolveState(target.value, in: "")
            if resolved == nil {
                diagnostics.undefined(
                    .state,
                    target.value.description,
                    at: target.location,
                    symbols: symbols,
                    hint: flow == nil ? "global transitions name states as flow.state" : nil
                )
            }
        }
        if let call = transition.call, symbols.flows[call.value] == nil {
            diagnostics.undefined(.flow, call, symbols: symbols)
        }
        if let event = transition.remindEvent, symbols.events[event.value] == nil {
            diagnostics.undefined(.event, event, symbols: symbols)
        }
    }

    private func checkCondition(_ condition: Located<Condition>, _ diagnostics: inout Diagnostics) {
        for slot in condition.value.slots where symbols.slots[slot] == nil {
            diagnostics.undefined(.slot, Located(slot, at: condition.range), symbols: symbols)
        }
    }
}
