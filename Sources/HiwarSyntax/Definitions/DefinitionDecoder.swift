/// Reads definition files' JSON into a ``BotDefinition``, reporting every structural problem.
///
/// Every object is checked for unknown keys (with a "did you mean" for near misses), duplicate
/// keys, missing required keys and values of the wrong type. A problem in one part never stops
/// the others: the decoder skips the bad value and goes on, so one run reports everything.
package struct DefinitionDecoder {
    package var diagnostics = Diagnostics()
    package var definition = BotDefinition()
    private var settingsFile: SourceLocation?

    package static let topLevelKeys = [
        "$schema", "settings", "concepts", "intents", "entities", "slots", "events", "actions", "flows", "global",
        "responses",
    ]

    /// Decodes one file's top-level object into the definition.
    package mutating func decodeFile(_ root: JSONNode) {
        definition.files.append(root.range.file)
        guard let members = object(root, "a bot file", allowed: Self.topLevelKeys) else { return }
        if let node = members["settings"]?.value {
            if let first = settingsFile {
                diagnostics.error(
                    .duplicateName,
                    "settings are declared in more than one file",
                    at: members["settings"]?.keyLocation,
                    hint: "keep one settings object for the whole bot",
                    notes: [Diagnostic.Note("first declared here", at: first)]
                )
            } else {
                settingsFile = members["settings"]?.keyLocation
                definition.settings = decodeSettings(node)
            }
        }
        for (name, node) in namedObjects(members["concepts"]?.value, "concepts") {
            guard checkName(name, .concept) else { continue }
            definition.concepts.append(
                ConceptDefinition(name: name, members: perLanguage(node, "concept \(name.value)", strings: true))
            )
        }
        for (name, node) in namedObjects(members["intents"]?.value, "intents") {
            if let intent = decodeIntent(name, node) { definition.intents.append(intent) }
        }
        for (name, node) in namedObjects(members["entities"]?.value, "entities") {
            if let entity = decodeEntity(name, node) { definition.entities.append(entity) }
        }
        for (name, node) in namedObjects(members["slots"]?.value, "slots") {
            if let slot = decodeSlot(name, node) { definition.slots.append(slot) }
        }
        for (name, node) in namedObjects(members["events"]?.value, "events") {
            if let event = decodeEvent(name, node) { definition.events.append(event) }
        }
        for (name, node) in namedObjects(members["actions"]?.value, "actions") {
            if let action = decodeAction(name, node) { definition.actions.append(action) }
        }
        for (name, node) in namedObjects(members["flows"]?.value, "flows") {
            if let flow = decodeFlow(name, node) { definition.flows.append(flow) }
        }
        if let node = members["global"]?.value, let elements = array(node, "global transitions") {
            for element in elements {
                if let transition = decodeTransition(element, "a global transition") {
                    definition.globalTransitions.append(transition)
                }
            }
        }
        for (name, node) in namedObjects(members["responses"]?.value, "responses") {
            definition.responses.append(
                ResponseDefinition(name: name, templates: responseTemplates(node, "response \(name.value)"))
            )
        }
    }

    // MARK: Generic readers

    /// The members of an object, after reporting duplicates, unknown keys and missing keys.
    package mutating func object(
        _ node: JSONNode,
        _ what: String,
        allowed: [String],
        required: [String] = []
    ) -> [String: JSONMember]? {
        guard let members = node.members else {
            wrongType(node, expected: "an object", for: what)
            return nil
        }
        var result: [String: JSONMember] = [:]
        for member in members {
            if let first = result[member.key] {
                diagnostics.error(
                    .duplicateKey,
                    "the key \"\(member.key)\" appears twice in \(what); only the first is used",
                    at: member.keyLocation,
                    hint: "remove one of them or merge them",
                    notes: [Diagnostic.Note("first written here", at: first.keyLocation)]
                )
                continue
            }
            guard allowed.contains(member.key) else {
                let suggestion = Spelling.closest(to: member.key, in: allowed)
                diagnostics.error(
                    .unknownKey,
                    "unknown key \"\(member.key)\" in \(what)",
                    at: member.keyLocation,
                    hint: suggestion.map { "did you mean \"\($0)\"?" }
                        ?? "allowed keys: \(allowed.filter { $0 != "$schema" }.joined(separator: ", "))"
                )
                continue
            }
            result[member.key] = member
        }
        for key in required where result[key] == nil {
            diagnostics.error(.missingKey, "\(what) needs the key \"\(key)\"", at: node.location)
        }
        return result
    }

    /// The members of an object whose keys are names (`"intents": {"order.track": {…}}`), with the
    /// duplicate check done across files later.
    package mutating func namedObjects(_ node: JSONNode?, _ what: String) -> [(Located<String>, JSONNode)] {
        guard let node else { return [] }
        guard let members = node.members else {
            wrongType(node, expected: "an object of names", for: what)
            return []
        }
        var seen: [String: SourceLocation] = [:]
        var result: [(Located<String>, JSONNode)] = []
        for member in members {
            if let first = seen[member.key] {
                diagnostics.error(
                    .duplicateKey,
                    "\"\(member.key)\" appears twice in \(what); only the first is used",
                    at: member.keyLocation,
                    notes: [Diagnostic.Note("first written here", at: first)]
                )
                continue
            }
            seen[member.key] = member.keyLocation
            result.append((Located(member.key, at: member.keyRange), member.value))
        }
        return result
    }

    package mutating func wrongType(_ node: JSONNode, expected: String, for what: String) {
        diagnostics.error(
            .wrongType,
            "\(what) must be \(expected), not \(article(node.value.typeName))",
            at: node.location
        )
    }

    private func article(_ type: String) -> String {
        type == "object" || type == "array" ? "an \(type)" : "a \(type)"
    }

    package mutating func array(_ node: JSONNode, _ what: String) -> [JSONNode]? {
        guard let elements = node.elements else {
            wrongType(node, expected: "an array", for: what)
            return nil
        }
        return elements
    }

    package mutating func string(_ node: JSONNode?, _ what: String) -> Located<String>? {
        guard let node else { return nil }
        guard let text = node.string else {
            wrongType(node, expected: "a string", for: what)
            return nil
        }
        return Located(text, at: node.range)
    }

    /// A string, or an array of strings (`"say": "greet"` or `"say": ["greet", "menu"]`).
    package mutating func strings(_ node: JSONNode?, _ what: String) -> [Located<String>] {
        guard let node else { return [] }
        if node.string != nil { return string(node, what).map { [$0] } ?? [] }
        guard let elements = node.elements else {
            wrongType(node, expected: "a string or an array of strings", for: what)
            return []
        }
        return elements.compactMap { string($0, "each item of \(what)") }
    }

    package mutating func bool(_ node: JSONNode?, _ what: String) -> Bool? {
        guard let node else { return nil }
        guard case .bool(let value) = node.value else {
            wrongType(node, expected: "true or false", for: what)
            return nil
        }
        return value
    }

    package mutating func number(_ node: JSONNode?, _ what: String) -> Double? {
        guard let node else { return nil }
        guard case .number(_, let value) = node.value, value.isFinite else {
            wrongType(node, expected: "a number", for: what)
            return nil
        }
        return value
    }

    package mutating func integer(_ node: JSONNode?, _ what: String, minimum: Int = Int.min) -> Int? {
        guard let value = number(node, what), let node else { return nil }
        guard value == value.rounded(), value >= Double(minimum), value < 1e15 else {
            diagnostics.error(
                .invalidValue,
                "\(what) must be a whole number\(minimum > Int.min ? " ≥ \(minimum)" : "")",
                at: node.location
            )
            return nil
        }
        return Int(value)
    }

    /// `{"en": [...], "ar": [...]}`: per-language arrays of strings (or of string arrays).
    package mutating func perLanguage(_ node: JSONNode, _ what: String, strings: Bool) -> PerLanguage<String> {
        guard let members = node.members else {
            wrongType(node, expected: "an object of languages, such as {\"en\": […]}", for: what)
            return []
        }
        var result: PerLanguage<String> = []
        var seen: [String: SourceLocation] = [:]
        for member in members {
            guard let language = languageKey(member, in: what, seen: &seen) else { continue }
            result.append((language, self.strings(member.value, "\(what) in \(member.key)")))
        }
        return result
    }

    /// Response templates per language, each parsed once; one that does not parse is reported where the problem is
    /// and left out.
    package mutating func responseTemplates(_ node: JSONNode, _ what: String) -> PerLanguage<ResponseTemplate> {
        perLanguage(node, what, strings: true).map { entry in
            let parsed = entry.values.compactMap { text -> Located<ResponseTemplate>? in
                do throws(TemplateError) {
                    return Located(try ResponseTemplate(parsing: text.value), at: text.range)
                } catch {
                    diagnostics.error(.invalidTemplate, error.message, at: text.stringLocation(ofScalar: error.offset))
                    return nil
                }
            }
            return (entry.language, parsed)
        }
    }

    /// An ISO 8601 duration, parsed once; one that does not parse is reported with `hint`.
    package mutating func duration(_ node: JSONNode?, _ what: String, hint: String) -> Located<ISODuration>? {
        parsedDuration(node, what, hint: hint) { ISODuration($0) }
    }

    /// A string parsed by `parse` into a duration-like value; text it refuses is reported as "not an ISO 8601
    /// duration" with `hint`.
    package mutating func parsedDuration<Value>(
        _ node: JSONNode?,
        _ what: String,
        hint: String,
        _ parse: (String) -> Value?
    ) -> Located<Value>? {
        guard let text = string(node, what) else { return nil }
        guard let value = parse(text.value) else {
            diagnostics.error(
                .invalidValue,
                "\"\(text.value)\" is not an ISO 8601 duration",
                at: text.location,
                hint: hint
            )
            return nil
        }
        return Located(value, at: text.range)
    }

    /// A `when` or `if` condition, parsed once; one that does not parse is reported where the problem is.
    package mutating func condition(_ text: Located<String>) -> Located<Condition>? {
        do {
            return Located(try ConditionParser.parse(text.value), at: text.range)
        } catch {
            diagnostics.error(
                .invalidCondition,
                error.message,
                at: text.stringLocation(ofScalar: error.offset),
                hint: "conditions look like: exists eta and status == \"shipped\""
            )
            return nil
        }
    }

    package mutating func languageKey(
        _ member: JSONMember,
        in what: String,
        seen: inout [String: SourceLocation]
    ) -> Located<LanguageCode>? {
        languageCode(
            Located(member.key, at: member.keyRange),
            seen: &seen,
            duplicate: .duplicateKey,
            "the language \"\(member.key)\" appears twice in \(what)"
        )
    }

    /// A language code written in a file, checked: not seen before in the same list, and well formed.
    ///
    /// - Parameters:
    ///   - text: The code as written.
    ///   - seen: The codes already read in the same list, updated.
    ///   - duplicate: The code to report a repetition with.
    ///   - message: The message for a repetition.
    /// - Returns: The language, or `nil` after reporting the problem.
    package mutating func languageCode(
        _ text: Located<String>,
        seen: inout [String: SourceLocation],
        duplicate: DiagnosticCode,
        _ message: String
    ) -> Located<LanguageCode>? {
        if let first = seen[text.value] {
            diagnostics.error(
                duplicate,
                message,
                at: text.location,
                notes: [Diagnostic.Note("first written here", at: first)]
            )
            return nil
        }
        seen[text.value] = text.location
        guard Names.isLanguageCode(text.value) else {
            diagnostics.error(
                .invalidValue,
                "\"\(text.value)\" is not a language code",
                at: text.location,
                hint: "use an ISO 639-1 code such as en, ar or fa"
            )
            return nil
        }
        return Located(LanguageCode(rawValue: text.value), at: text.range)
    }

    /// Checks a name against the rules for its kind and returns whether it is valid.
    package mutating func checkName(_ name: Located<String>, _ kind: Names.Kind) -> Bool {
        guard Names.isValid(name.value, kind) else {
            diagnostics.error(
                .invalidValue,
                "\"\(name.value)\" is not a valid \(kind.rawValue) name",
                at: name.location,
                hint: kind.rule
            )
            return false
        }
        return true
    }

    /// A decoder with an empty definition.
    package init() {}
}
