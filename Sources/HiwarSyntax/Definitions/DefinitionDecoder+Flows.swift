extension DefinitionDecoder {
    package mutating func decodeFlow(_ name: Located<String>, _ node: JSONNode) -> FlowDefinition? {
        let what = "flow \(name.value)"
        guard checkName(name, .flow),
            let members = object(node, what, allowed: ["description", "start", "states"], required: ["states"])
        else { return nil }
        var flow = FlowDefinition(name: name)
        flow.start = string(members["start"]?.value, "\(what) start")
        _ = string(members["description"]?.value, "\(what) description")
        for (stateName, stateNode) in namedObjects(members["states"]?.value, "\(what) states") {
            if let state = decodeState(stateName, stateNode, in: name.value) { flow.states.append(state) }
        }
        if flow.start == nil, let first = flow.states.first {
            flow.start = first.name
        }
        return flow
    }

    private mutating func decodeState(_ name: Located<String>, _ node: JSONNode, in flow: String) -> StateDefinition? {
        let what = "state \(flow).\(name.value)"
        let keys = ["description", "say", "expects", "slots", "action", "on", "final"]
        guard checkName(name, .state), let members = object(node, what, allowed: keys) else { return nil }
        var state = StateDefinition(name: name)
        state.say = strings(members["say"]?.value, "\(what) say")
        state.expects = strings(members["expects"]?.value, "\(what) expects")
        state.isFinal = bool(members["final"]?.value, "\(what) final") ?? false
        _ = string(members["description"]?.value, "\(what) description")
        if let slotsNode = members["slots"]?.value, let elements = array(slotsNode, "\(what) slots") {
            for element in elements {
                if let request = decodeSlotRequest(element, in: what) { state.slots.append(request) }
            }
        }
        if let actionNode = members["action"]?.value { state.action = decodeActionCall(actionNode, in: what) }
        if let onNode = members["on"]?.value, let elements = array(onNode, "\(what) on") {
            for element in elements {
                if let transition = decodeTransition(element, "a transition of \(what)") {
                    state.transitions.append(transition)
                }
            }
        }
        return state
    }

    private mutating func decodeSlotRequest(_ node: JSONNode, in what: String) -> StateDefinition.SlotRequest? {
        let keys = [
            "slot", "prompt", "reprompt", "maxAttempts", "onFail", "pattern", "minimum", "maximum", "maxDaysBefore",
            "maxDaysAfter",
        ]
        guard let members = object(node, "a slot request of \(what)", allowed: keys, required: ["slot"]),
            let slot = string(members["slot"]?.value, "slot")
        else { return nil }
        var request = StateDefinition.SlotRequest(slot: slot)
        request.prompt = string(members["prompt"]?.value, "prompt")
        request.reprompt = string(members["reprompt"]?.value, "reprompt")
        request.maxAttempts = integer(members["maxAttempts"]?.value, "maxAttempts", minimum: 1) ?? 3
        request.pattern = string(members["pattern"]?.value, "pattern")
        // A number, or for a duration slot an ISO 8601 duration.
        if case .string = members["minimum"]?.value.value {
            request.minimumDuration = duration(members["minimum"]?.value, "minimum", hint: Self.boundHint)
        } else {
            request.minimum = number(members["minimum"]?.value, "minimum")
        }
        if case .string = members["maximum"]?.value.value {
            request.maximumDuration = duration(members["maximum"]?.value, "maximum", hint: Self.boundHint)
        } else {
            request.maximum = number(members["maximum"]?.value, "maximum")
        }
        request.maxDaysBefore = integer(members["maxDaysBefore"]?.value, "maxDaysBefore", minimum: 0)
        request.maxDaysAfter = integer(members["maxDaysAfter"]?.value, "maxDaysAfter", minimum: 0)
        if let failNode = members["onFail"]?.value {
            request.onFail = decodeTransition(failNode, "onFail of \(what)", triggered: false)
        }
        return request
    }

    private mutating func decodeActionCall(_ node: JSONNode, in what: String) -> ActionCall? {
        if let name = node.string { return ActionCall(name: Located(name, at: node.range)) }
        let keys = ["name", "onSuccess", "onError", "onTimeout", "timeout"]
        guard let members = object(node, "the action of \(what)", allowed: keys, required: ["name"]),
            let name = string(members["name"]?.value, "action name")
        else { return nil }
        var call = ActionCall(name: name)
        call.timeout = duration(
            members["timeout"]?.value,
            "action timeout",
            hint: "write PT10S for ten seconds, PT1M for a minute"
        )
        if let value = members["onSuccess"]?.value {
            call.onSuccess = decodeTransition(value, "onSuccess", triggered: false)
        }
        if let value = members["onError"]?.value { call.onError = decodeTransition(value, "onError", triggered: false) }
        if let value = members["onTimeout"]?.value {
            call.onTimeout = decodeTransition(value, "onTimeout", triggered: false)
        }
        return call
    }

    /// A transition.
    ///
    /// `triggered` transitions need exactly one of `intent`, `event`, `when` or `after`; outcome transitions (`onFail`,
    /// `onSuccess`…) have none.
    package mutating func decodeTransition(
        _ node: JSONNode,
        _ what: String,
        triggered: Bool = true
    ) -> TransitionDefinition? {
        let triggerKeys = ["intent", "event", "when", "after"]
        let effectKeys = ["if", "say", "clear", "set", "do", "goto", "call", "return", "handoff", "remind"]
        guard let members = object(node, what, allowed: (triggered ? triggerKeys : []) + effectKeys) else { return nil }
        let present = triggerKeys.filter { members[$0] != nil }
        var trigger = TransitionDefinition.Trigger.always
        if triggered {
            guard present.count == 1 else {
                diagnostics.error(
                    present.isEmpty ? .missingKey : .invalidValue,
                    present.isEmpty
                        ? "\(what) needs a trigger: one of \"intent\", \"event\", \"when\" or \"after\""
                        : "\(what) has more than one trigger (\(present.joined(separator: ", "))); use \"if\" for extra conditions",
                    at: node.location
                )
                return nil
            }
            switch present[0] {
            case "intent": trigger = string(members["intent"]?.value, "intent").map { .intent($0) } ?? .always
            case "event": trigger = string(members["event"]?.value, "event").map { .event($0) } ?? .always
            case "after":
                trigger =
                    duration(members["after"]?.value, "after", hint: "write P1D for a day, PT30M for thirty minutes")
                    .map { .timeout($0) } ?? .always
            default: trigger = .condition
            }
        }
        var transition = TransitionDefinition(location: node.location, trigger: trigger)
        transition.conditionSource = string(members["when"]?.value ?? members["if"]?.value, "condition")
        transition.condition = transition.conditionSource.flatMap { condition($0) }
        if members["when"] != nil, let extra = members["if"] {
            diagnostics.error(
                .invalidValue,
                "a \"when\" transition takes its condition from \"when\"; \"if\" is not used",
                at: extra.keyLocation,
                hint: "join the conditions with and"
            )
        }
        transition.say = strings(members["say"]?.value, "say")
        transition.action = string(members["do"]?.value, "do")
        transition.target = string(members["goto"]?.value, "goto").map {
            Located(StateReference($0.value), at: $0.range)
        }
        transition.call = string(members["call"]?.value, "call")
        transition.returns = bool(members["return"]?.value, "return") ?? false
        transition.handoff = string(members["handoff"]?.value, "handoff")
        if let setNode = members["set"]?.value, let setMembers = setNode.members {
            for member in setMembers {
                guard let value = string(member.value, "the value of \(member.key) in set") else { continue }
                guard !value.value.isEmpty else {
                    diagnostics.error(
                        .invalidValue,
                        "\"\(member.key)\" is set to an empty string, which would count as set and say nothing",
                        at: member.value.location,
                        hint: "to empty a slot, write \"clear\": [\"\(member.key)\"]"
                    )
                    continue
                }
                transition.set.append((Located(member.key, at: member.keyRange), value))
            }
        } else if let setNode = members["set"]?.value {
            wrongType(setNode, expected: "an object of slot values", for: "set")
        }
        transition.clear = strings(members["clear"]?.value, "clear")
        if let remindNode = members["remind"]?.value,
            let remind = object(remindNode, "remind", allowed: ["after", "event"], required: ["after", "event"])
        {
            transition.remindAfter = parsedDuration(
                remind["after"]?.value,
                "remind after",
                hint: "write P3D for three days, PT2H for two hours, or {duration} for a slot"
            ) { DurationSource($0) }
            transition.remindEvent = string(remind["event"]?.value, "remind event")
        }
        let destinations = [transition.target != nil, transition.call != nil, transition.returns].filter { $0 }
        if destinations.count > 1 {
            diagnostics.error(
                .invalidValue,
                "\(what) can take only one of \"goto\", \"call\" and \"return\"",
                at: node.location
            )
        }
        return transition
    }

    /// The hint for a slot request's `minimum` or `maximum` written as text.
    package static let boundHint = "a bound is a number, or for a duration slot a duration such as P90D"
}
