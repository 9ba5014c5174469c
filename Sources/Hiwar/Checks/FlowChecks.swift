internal import HiwarSyntax

/// Checks over the dialogue graph: unreachable states, states with no exit, and response
/// placeholders that may have no value where the response is said.
///
/// The placeholder check is a forward "must be set" analysis: a slot is certainly set on entering a
/// state when it is set along every transition that leads there — by the state the transition
/// leaves, by the transition's trigger (an intent whose every pattern captures it, an event's
/// required field), by its guard (`exists eta`), by `set`, or by the slots the state it leaves asked
/// for. A placeholder whose slot is not certainly set, and that has no `default:`, is reported.
struct FlowChecks {
    let definition: BotDefinition
    let symbols: SymbolTable
    /// Slots each intent's every pattern captures (`nil` when the intent has none that capture).
    let intentSlots: [String: Set<String>]

    /// A state, identified across flows.
    struct StateID: Hashable, Comparable {
        let flow: String
        let state: String
        static func < (lhs: StateID, rhs: StateID) -> Bool { (lhs.flow, lhs.state) < (rhs.flow, rhs.state) }
    }

    /// A transition in context: where it leaves from (`nil` for global transitions).
    private struct Edge {
        let source: StateID?
        let transition: TransitionDefinition
        /// Slots the state it leaves asked for, which are set unless the transition is a failure path.
        let filledBySource: Set<String>
    }

    func run(into diagnostics: inout Diagnostics) {
        let edges = allEdges()
        checkReachability(edges, &diagnostics)
        checkExits(&diagnostics)
        checkPlaceholders(edges, &diagnostics)
    }

    private func allEdges() -> [Edge] {
        var edges: [Edge] = []
        for flow in definition.flows {
            for state in flow.states {
                let id = StateID(flow: flow.name.value, state: state.name.value)
                let requested = Set(state.slots.map(\.slot.value))
                for transition in state.transitions {
                    edges.append(Edge(source: id, transition: transition, filledBySource: requested))
                }
                for request in state.slots {
                    if let onFail = request.onFail {
                        edges.append(Edge(source: id, transition: onFail, filledBySource: []))
                    }
                }
                if let call = state.action {
                    let outputs = Set(symbols.actions[call.name.value]?.outputs.map(\.value) ?? [])
                    if let success = call.onSuccess {
                        edges.append(Edge(source: id, transition: success, filledBySource: requested.union(outputs)))
                    }
                    for outcome in [call.onError, call.onTimeout].compactMap({ $0 }) {
                        edges.append(Edge(source: id, transition: outcome, filledBySource: requested))
                    }
                }
            }
        }
        for transition in definition.globalTransitions {
            edges.append(Edge(source: nil, transition: transition, filledBySource: []))
        }
        return edges
    }

    private func target(of edge: Edge) -> StateID? {
        if let target = edge.transition.target {
            let flow = edge.source?.flow ?? ""
            return symbols.resolveState(target.value, in: flow).map { StateID(flow: $0.flow, state: $0.state) }
        }
        if let call = edge.transition.call, let flow = symbols.flows[call.value], let start = flow.start {
            return symbols.resolveState(start.value, in: call.value).map { StateID(flow: $0.flow, state: $0.state) }
        }
        return nil
    }

    private func startStates() -> [StateID] {
        definition.flows.compactMap { flow in
            guard let start = flow.start else { return nil }
            return symbols.resolveState(start.value, in: flow.name.value).map {
                StateID(flow: $0.flow, state: $0.state)
            }
        }
    }

    // MARK: Reachability

    private func checkReachability(_ edges: [Edge], _ diagnostics: inout Diagnostics) {
        var reachable = Set(startStates())
        var work = Array(reachable)
        // Global transitions can fire in any state, so their targets are always reachable.
        for edge in edges where edge.source == nil {
            if let target = target(of: edge), reachable.insert(target).inserted { work.append(target) }
        }
        let bySource = Dictionary(grouping: edges.filter { $0.source != nil }) { $0.source }
        while let state = work.popLast() {
            for edge in bySource[state] ?? [] {
                if let target = target(of: edge), reachable.insert(target).inserted { work.append(target) }
            }
        }
        for flow in definition.flows {
            for state in flow.states {
                let id = StateID(flow: flow.name.value, state: state.name.value)
                if !reachable.contains(id) {
                    diagnostics.warning(
                        .unreachableState,
                        "state \(id.flow).\(id.state) cannot be reached: no transition leads to it",
                        at: state.name.location,
                        hint: "add a transition with \"goto\": \"\(id.state)\", or remove the state"
                    )
                }
            }
        }
    }

    // MARK: Exits

    private func checkExits(_ diagnostics: inout Diagnostics) {
        for flow in definition.flows {
            for state in flow.states where !state.isFinal {
                let hasExit =
                    !state.transitions.isEmpty || state.slots.contains { $0.onFail != nil } || state.action != nil
                if !hasExit {
                    diagnostics.warning(
                        .noExit,
                        "state \(flow.name.value).\(state.name.value) has no way out and is not marked final",
                        at: state.name.location,
                        hint: "add transitions under \"on\", or \"final\": true"
                    )
                }
            }
        }
    }

    // MARK: Placeholders

    /// Slots a transition itself guarantees: its trigger, its guard and its `set`.
    private func guaranteed(by transition: TransitionDefinition) -> Set<String> {
        var slots = Set(transition.set.map(\.slot.value))
        switch transition.trigger {
        case .intent(let name): slots.formUnion(intentSlots[name.value] ?? [])
        case .event(let name):
            for field in symbols.events[name.value]?.fields ?? [] where field.required {
                let slot = field.slot?.value ?? field.name.value
                if symbols.slots[slot] != nil { slots.insert(slot) }
            }
        default: break
        }
        if let condition = transition.condition { slots.formUnion(condition.value.guaranteedSlots) }
        return slots
    }

    private func checkPlaceholders(_ edges: [Edge], _ diagnostics: inout Diagnostics) {
        let allSlots = Set(symbols.slots.keys)
        var mustSet: [StateID: Set<String>] = [:]
        for flow in definition.flows {
            for state in flow.states { mustSet[StateID(flow: flow.name.value, state: state.name.value)] = allSlots }
        }
        for start in startStates() { mustSet[start] = [] }
        // Iterate to the fixed point: sets only shrink, so this terminates.
        var changed = true
        var rounds = 0
        while changed && rounds < 1_000 {
            changed = false
            rounds += 1
            for edge in edges {
                guard let target = target(of: edge) else { continue }
                let before = edge.source.map { mustSet[$0] ?? [] } ?? []
                let after = before.union(edge.filledBySource).union(guaranteed(by: edge.transition))
                let current = mustSet[target] ?? allSlots
                let merged = current.intersection(after)
                if merged != current {
                    mustSet[target] = merged
                    changed = true
                }
            }
        }
        for flow in definition.flows {
            for state in flow.states {
                let id = StateID(flow: flow.name.value, state: state.name.value)
                let available = mustSet[id] ?? []
                for response in state.say {
                    check(response, available: available, place: "on entering \(id.flow).\(id.state)", &diagnostics)
                }
                for request in state.slots {
                    for response in [request.prompt, request.reprompt].compactMap({ $0 }) {
                        check(
                            response,
                            available: available,
                            place: "when \(id.flow).\(id.state) asks for \(request.slot.value)",
                            &diagnostics
                        )
                    }
                }
            }
        }
        for edge in edges {
            let available = (edge.source.map { mustSet[$0] ?? [] } ?? []).union(edge.filledBySource)
                .union(guaranteed(by: edge.transition))
            let place = edge.source.map { "on a transition from \($0.flow).\($0.state)" } ?? "on a global transition"
            for response in edge.transition.say { check(response, available: available, place: place, &diagnostics) }
            checkReminder(edge.transition, available: available, place: place, &diagnostics)
        }
    }

    /// A reminder's event takes its fields from the conversation's slots when it is scheduled; a
    /// required one that may be missing there makes the reminder fail when due, after the customer
    /// was told it is set.
    private func checkReminder(
        _ transition: TransitionDefinition,
        available: Set<String>,
        place: String,
        _ diagnostics: inout Diagnostics
    ) {
        guard let event = transition.remindEvent, let definition = symbols.events[event.value] else { return }
        for field in definition.fields where field.required {
            let slot = field.slot?.value ?? field.name.value
            guard !available.contains(slot) else { continue }
            diagnostics.error(
                .incompleteReminder,
                "the reminder \(event.value) needs \(slot), which may have no value \(place)",
                at: event.location,
                hint: "guard the transition with \"if\": \"exists \(slot)\", or reach it only where \(slot) is set"
            )
        }
    }

    private func check(
        _ responseName: Located<String>,
        available: Set<String>,
        place: String,
        _ diagnostics: inout Diagnostics
    ) {
        guard let response = symbols.responses[responseName.value] else { return }
        var reported = Set<String>()
        for (_, templates) in response.templates {
            for template in templates {
                for placeholder in template.value.placeholders
                where placeholder.defaultText == nil && symbols.slots[placeholder.slot] != nil
                    && !available.contains(placeholder.slot) && reported.insert(placeholder.slot).inserted
                {
                    diagnostics.error(
                        .emptyPlaceholder,
                        "{\(placeholder.slot)} in response \(response.name.value) may have no value \(place)",
                        at: responseName.location,
                        hint:
                            "guard the transition with \"if\": \"exists \(placeholder.slot)\", or write {\(placeholder.slot)|default:…}",
                        notes: [
                            Diagnostic.Note(
                                "the placeholder",
                                at: template.location(ofScalar: placeholder.offset)
                            )
                        ]
                    )
                }
            }
        }
    }
}
