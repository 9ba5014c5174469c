extension DefinitionDecoder {
    // MARK: Settings

    package mutating func decodeSettings(_ node: JSONNode) -> SettingsDefinition? {
        let keys = [
            "languages", "defaultLanguage", "arabicScriptLanguage", "fallback", "normalization", "timeZone", "handoff",
            "typos", "start",
            "cardNumberWarning", "digits", "calendars", "overdueJobs", "idempotencyRetention", "ranking",
        ]
        guard let members = object(node, "settings", allowed: keys) else { return nil }
        var settings = SettingsDefinition(location: node.location)
        var seen: [String: SourceLocation] = [:]
        for item in strings(members["languages"]?.value, "settings.languages") {
            let message = "the language \"\(item.value)\" is declared twice"
            if let language = languageCode(item, seen: &seen, duplicate: .duplicateName, message) {
                settings.languages.append(language)
            }
        }
        if let language = string(members["defaultLanguage"]?.value, "settings.defaultLanguage") {
            settings.defaultLanguage = Located(LanguageCode(rawValue: language.value), at: language.range)
        }
        if let language = string(members["arabicScriptLanguage"]?.value, "settings.arabicScriptLanguage") {
            settings.arabicScriptLanguage = Located(LanguageCode(rawValue: language.value), at: language.range)
        }
        if let node = members["fallback"]?.value, let fallbackMembers = node.members {
            var seenLanguages: [String: SourceLocation] = [:]
            for member in fallbackMembers {
                guard let language = languageKey(member, in: "settings.fallback", seen: &seenLanguages) else {
                    continue
                }
                let chain = strings(member.value, "settings.fallback.\(member.key)").map {
                    Located(LanguageCode(rawValue: $0.value), at: $0.range)
                }
                settings.fallbacks.append((language, chain))
            }
        } else if let node = members["fallback"]?.value {
            wrongType(node, expected: "an object such as {\"fa\": [\"en\"]}", for: "settings.fallback")
        }
        if let node = members["normalization"]?.value { settings.normalization = decodeNormalization(node) }
        settings.timeZone = string(members["timeZone"]?.value, "settings.timeZone")
        if let node = members["typos"]?.value {
            if case .bool(let enabled) = node.value {
                settings.typos = enabled ? TypoPolicy() : nil
            } else if let typos = object(node, "settings.typos", allowed: ["oneEditFrom", "twoEditsFrom"]) {
                var policy = TypoPolicy()
                policy.oneEditFrom = integer(typos["oneEditFrom"]?.value, "settings.typos.oneEditFrom", minimum: 1) ?? 5
                policy.twoEditsFrom =
                    integer(typos["twoEditsFrom"]?.value, "settings.typos.twoEditsFrom", minimum: 1) ?? 9
                settings.typos = policy
            }
        }
        if let node = members["handoff"]?.value,
            let handoff = object(node, "settings.handoff", allowed: ["afterFallbacks", "keywords"])
        {
            settings.handoffAfterFallbacks =
                integer(handoff["afterFallbacks"]?.value, "settings.handoff.afterFallbacks", minimum: 0) ?? 0
            if let keywords = handoff["keywords"]?.value {
                settings.escalationKeywords = perLanguage(keywords, "settings.handoff.keywords", strings: true)
            }
        }
        settings.start = string(members["start"]?.value, "settings.start").map {
            Located(StateReference($0.value), at: $0.range)
        }
        settings.cardNumberWarning = string(members["cardNumberWarning"]?.value, "settings.cardNumberWarning")
        if let node = members["digits"]?.value, let digitMembers = node.members {
            var seenLanguages: [String: SourceLocation] = [:]
            for member in digitMembers {
                guard let language = languageKey(member, in: "settings.digits", seen: &seenLanguages),
                    let script = string(member.value, "settings.digits.\(member.key)")
                else { continue }
                settings.digits.append((language, script))
            }
        } else if let node = members["digits"]?.value {
            wrongType(node, expected: "an object such as {\"fa\": \"persian\"}", for: "settings.digits")
        }
        if let node = members["calendars"]?.value, let calendarMembers = node.members {
            var seenLanguages: [String: SourceLocation] = [:]
            for member in calendarMembers {
                guard let language = languageKey(member, in: "settings.calendars", seen: &seenLanguages),
                    let calendar = string(member.value, "settings.calendars.\(member.key)")
                else { continue }
                settings.calendars.append((language, calendar))
            }
        } else if let node = members["calendars"]?.value {
            wrongType(node, expected: "an object such as {\"fa\": \"persian\"}", for: "settings.calendars")
        }
        if let node = members["overdueJobs"]?.value,
            let overdue = object(node, "settings.overdueJobs", allowed: ["policy", "grace"])
        {
            settings.overduePolicy = string(overdue["policy"]?.value, "settings.overdueJobs.policy")
            settings.overdueGrace = duration(
                overdue["grace"]?.value,
                "settings.overdueJobs.grace",
                hint: "write PT1H, P1D…"
            )
        }
        settings.ranking = string(members["ranking"]?.value, "settings.ranking")
        settings.idempotencyRetention = duration(
            members["idempotencyRetention"]?.value,
            "settings.idempotencyRetention",
            hint: "write P30D, P90D…"
        )
        return settings
    }

    private mutating func decodeNormalization(_ node: JSONNode) -> NormalizationOptions {
        let keys = [
            "foldAlef", "foldAlefMadda", "foldAlefMaksura", "foldTehMarbuta", "foldHamzaCarriers", "squeezeRepeats",
            "maxInputScalars",
        ]
        var options = NormalizationOptions()
        guard let members = object(node, "settings.normalization", allowed: keys) else { return options }
        func flag(_ key: String, _ path: WritableKeyPath<NormalizationOptions, Bool>, _ decoder: inout Self) {
            if let value = decoder.bool(members[key]?.value, "settings.normalization.\(key)") {
                options[keyPath: path] = value
            }
        }
        flag("foldAlef", \.foldAlef, &self)
        flag("foldAlefMadda", \.foldAlefMadda, &self)
        flag("foldAlefMaksura", \.foldAlefMaksura, &self)
        flag("foldTehMarbuta", \.foldTehMarbuta, &self)
        flag("foldHamzaCarriers", \.foldHamzaCarriers, &self)
        flag("squeezeRepeats", \.squeezeRepeats, &self)
        if let cap = integer(members["maxInputScalars"]?.value, "settings.normalization.maxInputScalars", minimum: 1) {
            options.maxInputScalars = min(cap, 1 << 20)
        }
        return options
    }

    // MARK: Intents

    package mutating func decodeIntent(_ name: Located<String>, _ node: JSONNode) -> IntentDefinition? {
        let keys = [
            "description", "patterns", "regex", "keywords", "evidence", "inContext", "examples", "counterexamples",
            "priority", "typos", "courtesy",
        ]
        guard checkName(name, .intent), let members = object(node, "intent \(name.value)", allowed: keys) else {
            return nil
        }
        var intent = IntentDefinition(name: name)
        let what = "intent \(name.value)"
        if let value = members["patterns"]?.value {
            intent.patterns = perLanguage(value, "\(what) patterns", strings: true)
        }
        if let value = members["regex"]?.value { intent.regexes = perLanguage(value, "\(what) regex", strings: true) }
        if let value = members["evidence"]?.value {
            intent.evidence = perLanguage(value, "\(what) evidence", strings: true)
        }
        if let value = members["inContext"]?.value {
            intent.inContext = perLanguage(value, "\(what) inContext", strings: true)
        }
        if let value = members["examples"]?.value {
            intent.examples = perLanguage(value, "\(what) examples", strings: true)
        }
        if let value = members["counterexamples"]?.value {
            intent.counterexamples = perLanguage(value, "\(what) counterexamples", strings: true)
        }
        if let value = members["keywords"]?.value { intent.keywords = decodeKeywords(value, what) }
        intent.priority = integer(members["priority"]?.value, "\(what) priority") ?? 0
        intent.typos = bool(members["typos"]?.value, "\(what) typos") ?? true
        intent.courtesy = bool(members["courtesy"]?.value, "\(what) courtesy") ?? false
        intent.description = string(members["description"]?.value, "\(what) description")?.value
        if intent.patterns.isEmpty && intent.regexes.isEmpty && intent.keywords.isEmpty && intent.evidence.isEmpty
            && intent.inContext.isEmpty
        {
            diagnostics.error(
                .missingKey,
                "\(what) has no patterns, evidence, regex or keywords, so nothing can match it",
                at: name.location,
                hint: "add \"patterns\": {\"en\": [\"…\"]}"
            )
        }
        return intent
    }

    /// `{"en": [["where", "order"], ["track"]]}`: keyword sets per language.
    private mutating func decodeKeywords(_ node: JSONNode, _ what: String) -> PerLanguage<[String]> {
        guard let members = node.members else {
            wrongType(
                node,
                expected: "an object of languages, such as {\"en\": [[\"where\", \"order\"]]}",
                for: "\(what) keywords"
            )
            return []
        }
        var result: PerLanguage<[String]> = []
        var seen: [String: SourceLocation] = [:]
        for member in members {
            guard let language = languageKey(member, in: "\(what) keywords", seen: &seen),
                let sets = array(member.value, "\(what) keywords in \(member.key)")
            else { continue }
            var located: [Located<[String]>] = []
            for set in sets {
                let words = strings(set, "each keyword set of \(what)")
                if words.isEmpty {
                    diagnostics.error(.invalidValue, "a keyword set needs at least one word", at: set.location)
                    continue
                }
                located.append(Located(words.map(\.value), at: set.range))
            }
            result.append((language, located))
        }
        return result
    }

    // MARK: Entities and slots

    package mutating func decodeEntity(_ name: Located<String>, _ node: JSONNode) -> EntityDefinition? {
        let what = "entity \(name.value)"
        guard checkName(name, .entity),
            let members = object(node, what, allowed: ["type", "pattern", "values"], required: ["type"]),
            let type = string(members["type"]?.value, "\(what) type")
        else { return nil }
        switch type.value {
        case "regex":
            guard let pattern = string(members["pattern"]?.value, "\(what) pattern") else {
                diagnostics.error(.missingKey, "a regex entity needs the key \"pattern\"", at: node.location)
                return nil
            }
            return EntityDefinition(name: name, kind: .regex(pattern))
        case "list":
            guard let valuesNode = members["values"]?.value else {
                diagnostics.error(.missingKey, "a list entity needs the key \"values\"", at: node.location)
                return nil
            }
            var values: [(value: Located<String>, synonyms: PerLanguage<String>)] = []
            for (value, synonyms) in namedObjects(valuesNode, "\(what) values") {
                values.append((value, perLanguage(synonyms, "\(what) value \(value.value)", strings: true)))
            }
            return EntityDefinition(name: name, kind: .list(values))
        default:
            diagnostics.error(
                .invalidValue,
                "unknown entity type \"\(type.value)\"",
                at: type.location,
                hint: Spelling.closest(to: type.value, in: ["regex", "list"]).map { "did you mean \"\($0)\"?" }
                    ?? "use \"regex\" or \"list\"; built-in entities need no declaration"
            )
            return nil
        }
    }

    package mutating func valueType(_ node: JSONNode?, _ what: String) -> Located<ValueType>? {
        guard let text = string(node, what) else { return nil }
        guard let type = ValueType(rawValue: text.value) else {
            let names = ValueType.allCases.map(\.rawValue)
            diagnostics.error(
                .invalidValue,
                "unknown type \"\(text.value)\" for \(what)",
                at: text.location,
                hint: Spelling.closest(to: text.value, in: names).map { "did you mean \"\($0)\"?" }
                    ?? "use one of \(names.joined(separator: ", "))"
            )
            return nil
        }
        return Located(type, at: text.range)
    }

    package mutating func decodeSlot(_ name: Located<String>, _ node: JSONNode) -> SlotDefinition? {
        let what = "slot \(name.value)"
        guard checkName(name, .slot),
            let members = object(node, what, allowed: ["type", "entity", "sensitive", "display"], required: ["type"]),
            let type = valueType(members["type"]?.value, "\(what) type")
        else { return nil }
        var slot = SlotDefinition(name: name, type: type)
        slot.entity = string(members["entity"]?.value, "\(what) entity")
        slot.sensitive = bool(members["sensitive"]?.value, "\(what) sensitive") ?? false
        for (value, textsNode) in namedObjects(members["display"]?.value, "\(what) display") {
            slot.display.append(displayTexts(value, textsNode, "\(what) display \"\(value.value)\""))
        }
        return slot
    }

    /// `{"en": "on time", "ar": "في موعدها"}`: one display text per language.
    private mutating func displayTexts(_ value: Located<String>, _ node: JSONNode, _ what: String) -> SlotDisplay {
        var display = SlotDisplay(value: value)
        guard let members = node.members else {
            wrongType(node, expected: "an object of languages, such as {\"en\": \"on time\"}", for: what)
            return display
        }
        var seen: [String: SourceLocation] = [:]
        for member in members {
            guard let language = languageKey(member, in: what, seen: &seen),
                let text = string(member.value, "\(what) in \(member.key)")
            else { continue }
            if text.value.isEmpty {
                // Reported, and kept so the language does not also count as missing: the bot does not compile.
                diagnostics.error(.invalidValue, "a display text cannot be empty", at: text.location)
            }
            display.texts.append((language, text))
        }
        return display
    }

    // MARK: Events and actions

    package mutating func decodeEvent(_ name: Located<String>, _ node: JSONNode) -> EventDefinition? {
        let what = "event \(name.value)"
        let keys = ["description", "fields", "idempotencyKey", "expiresAt", "supersedes"]
        guard checkName(name, .event), let members = object(node, what, allowed: keys) else { return nil }
        var event = EventDefinition(name: name)
        for (fieldName, fieldNode) in namedObjects(members["fields"]?.value, "\(what) fields") {
            let fieldWhat = "field \(fieldName.value) of \(what)"
            guard checkName(fieldName, .field),
                let field = object(fieldNode, fieldWhat, allowed: ["type", "required", "slot"], required: ["type"]),
                let type = valueType(field["type"]?.value, "\(fieldWhat) type")
            else { continue }
            event.fields.append(
                EventDefinition.Field(
                    name: fieldName,
                    type: type,
                    required: bool(field["required"]?.value, "\(fieldWhat) required") ?? false,
                    slot: string(field["slot"]?.value, "\(fieldWhat) slot")
                )
            )
        }
        event.idempotencyKey = strings(members["idempotencyKey"]?.value, "\(what) idempotencyKey")
        event.expiresAt = string(members["expiresAt"]?.value, "\(what) expiresAt")
        event.supersedes = strings(members["supersedes"]?.value, "\(what) supersedes")
        _ = string(members["description"]?.value, "\(what) description")
        return event
    }

    package mutating func decodeAction(_ name: Located<String>, _ node: JSONNode) -> ActionDefinition? {
        let what = "action \(name.value)"
        guard checkName(name, .action),
            let members = object(node, what, allowed: ["description", "inputs", "outputs", "optionalOutputs"])
        else { return nil }
        _ = string(members["description"]?.value, "\(what) description")
        return ActionDefinition(
            name: name,
            inputs: strings(members["inputs"]?.value, "\(what) inputs"),
            outputs: strings(members["outputs"]?.value, "\(what) outputs"),
            optionalOutputs: strings(members["optionalOutputs"]?.value, "\(what) optionalOutputs")
        )
    }
}
