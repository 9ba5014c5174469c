/// Every name a bot defines, looked up by name, built once with duplicates reported.
package struct SymbolTable {
    package var intents: [String: IntentDefinition] = [:]
    package var entities: [String: EntityDefinition] = [:]
    package var slots: [String: SlotDefinition] = [:]
    package var events: [String: EventDefinition] = [:]
    package var actions: [String: ActionDefinition] = [:]
    package var flows: [String: FlowDefinition] = [:]
    package var responses: [String: ResponseDefinition] = [:]
    package var concepts: [String: ConceptDefinition] = [:]
    /// States by flow, then by state name.
    package var states: [String: [String: StateDefinition]] = [:]

    package init(_ definition: BotDefinition, diagnostics: inout Diagnostics) {
        func register<T>(
            _ items: [T],
            _ kind: String,
            name: (T) -> Located<String>,
            into table: inout [String: T]
        ) {
            for item in items {
                let itemName = name(item)
                if let first = table[itemName.value] {
                    diagnostics.error(
                        .duplicateName,
                        "the \(kind) \"\(itemName.value)\" is defined twice",
                        at: itemName.location,
                        hint: "rename one, or merge them",
                        notes: [Diagnostic.Note("first defined here", at: name(first).location)]
                    )
                    continue
                }
                table[itemName.value] = item
            }
        }
        register(definition.intents, "intent", name: \.name, into: &intents)
        register(definition.entities, "entity", name: \.name, into: &entities)
        register(definition.slots, "slot", name: \.name, into: &slots)
        for builtin in Self.builtinSlots(in: definition.files.first) {
            if let declared = slots[builtin.name.value] {
                diagnostics.error(
                    .duplicateName,
                    "\"\(builtin.name.value)\" is a built-in slot and cannot be redefined",
                    at: declared.name.location,
                    hint: "choose another name"
                )
            }
            slots[builtin.name.value] = builtin
        }
        register(definition.events, "event", name: \.name, into: &events)
        register(definition.actions, "action", name: \.name, into: &actions)
        register(definition.flows, "flow", name: \.name, into: &flows)
        register(definition.responses, "response", name: \.name, into: &responses)
        register(definition.concepts, "concept", name: \.name, into: &concepts)
        for flow in definition.flows where flows[flow.name.value]?.name.location == flow.name.location {
            var table: [String: StateDefinition] = [:]
            register(flow.states, "state", name: \.name, into: &table)
            states[flow.name.value] = table
        }
        for entity in definition.entities where BuiltinEntity(rawValue: entity.name.value) != nil {
            diagnostics.error(
                .duplicateName,
                "\"\(entity.name.value)\" is a built-in entity and cannot be redefined",
                at: entity.name.location,
                hint: "choose another name"
            )
        }
    }

    /// Slots the engine keeps itself: `fallbacks` counts consecutive messages nothing matched.
    package static let builtinSlotNames: [(String, ValueType)] = [("fallbacks", .number)]

    package static func builtinSlots(in file: SourceFile?) -> [SlotDefinition] {
        let file = file ?? SourceFile(path: "<built-in>", bytes: [])
        return builtinSlotNames.map { name, type in
            let range = SourceRange(file: file, start: 0, end: 0)
            return SlotDefinition(name: Located(name, at: range), type: Located(type, at: range))
        }
    }

    /// Resolves a state reference made in `flow`: `state` in the same flow, or `flow.state`.
    package func resolveState(_ reference: StateReference, in flow: String) -> (flow: String, state: String)? {
        let flowName = reference.flow ?? flow
        return states[flowName]?[reference.state] != nil ? (flowName, reference.state) : nil
    }

    /// Resolves a state named as written (`state` or `flow.state`) in `flow`.
    package func resolveState(_ text: String, in flow: String) -> (flow: String, state: String)? {
        resolveState(StateReference(text), in: flow)
    }

    /// Whether `name` is an entity: built in or declared.
    package func isEntity(_ name: String) -> Bool {
        BuiltinEntity(rawValue: name) != nil || entities[name] != nil
    }

    /// All names of one kind, for "did you mean".
    package func names(_ kind: Names.Kind) -> [String] {
        switch kind {
        case .intent: Array(intents.keys)
        case .event: Array(events.keys)
        case .flow: Array(flows.keys)
        case .response: Array(responses.keys)
        case .entity: Array(entities.keys) + BuiltinEntity.allCases.map(\.rawValue)
        case .slot, .field: Array(slots.keys)
        case .action: Array(actions.keys)
        case .concept: Array(concepts.keys)
        // A state is written bare within its flow or as flow.state: suggest either.
        case .state: states.flatMap { flow, table in table.keys.flatMap { ["\(flow).\($0)", $0] } }
        }
    }
}

extension Diagnostics {
    /// Reports a reference to something not defined, with a "did you mean" when one is close.
    package mutating func undefined(
        _ kind: Names.Kind,
        _ name: Located<String>,
        symbols: SymbolTable,
        hint: String? = nil
    ) {
        undefined(kind, name.value, at: name.location, symbols: symbols, hint: hint)
    }

    /// The same, for a name written inside a string (a placeholder in a response).
    package mutating func undefined(
        _ kind: Names.Kind,
        _ name: String,
        at location: SourceLocation,
        symbols: SymbolTable,
        hint: String? = nil
    ) {
        let suggestion = Spelling.closest(to: name, in: symbols.names(kind)).map { "did you mean \"\($0)\"?" }
        error(.undefinedReference, "undefined \(kind.rawValue) \"\(name)\"", at: location, hint: suggestion ?? hint)
    }
}
