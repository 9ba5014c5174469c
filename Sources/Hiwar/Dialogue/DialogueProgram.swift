internal import Foundation
internal import PCRE2Kit

/// The flows, events, responses and settings of a compiled bot, resolved for the engine:
/// state references become ``StateKey``s, conditions and response templates are parsed once.
///
/// Built only from a definition that compiled without errors, so every reference resolves; a
/// piece that somehow does not is skipped rather than trusted. A class: every turn reads it, and
/// none should copy it.
final class DialogueProgram: Sendable {
    let states: [StateKey: StateDefinition]
    /// Each flow's start state.
    let flowStarts: [String: StateKey]
    let globalTransitions: [TransitionDefinition]
    /// Each state's transitions by trigger.
    let stateTables: [StateKey: TransitionTable]
    /// The global transitions by trigger.
    let globalTable: TransitionTable
    /// The intents each state expects (passed to the matcher every turn).
    let expectedIntents: [StateKey: Set<String>]
    let conditions: [String: Condition]
    /// Slot requests' `pattern`s, compiled to match a whole value, by their source.
    let slotPatterns: [String: Pattern]
    let responses: [String: [LanguageCode: [ResponseTemplate]]]
    let events: [String: EventDefinition]
    let slots: [String: SlotDefinition]
    /// How replies show slot values: slot → stored value → language → text.
    let displayTexts: [String: [String: [LanguageCode: String]]]
    let actions: [String: ActionDefinition]
    /// Where conversations start and where a vanished state sends them after a reload.
    let home: StateKey
    let languages: [LanguageCode]
    let defaultLanguage: LanguageCode
    /// The language of an Arabic-script message that could not be told apart, when the conversation has none.
    let arabicScriptLanguage: LanguageCode?
    let fallbackChains: [LanguageCode: [LanguageCode]]
    let digitScripts: [LanguageCode: DigitScript]
    let calendars: [LanguageCode: ReplyCalendar]
    /// Normalized escalation keywords, each with its words joined by single spaces for a
    /// whole-word search.
    let escalationKeywords: [(keyword: String, phrase: String)]
    let handoffAfterFallbacks: Int
    let cardNumberWarning: String?
    let dropsOverdueJobs: Bool
    let overdueGrace: TimeInterval
    /// How long idempotency keys are remembered.
    let idempotencyRetention: TimeInterval

    init(
        definition: BotDefinition,
        normalizer: TextNormalizer,
        defaultLanguage: LanguageCode,
        languages: [LanguageCode]
    ) {
        var states: [StateKey: StateDefinition] = [:]
        var conditions: [String: Condition] = [:]
        func addCondition(_ text: Located<String>?) {
            guard let text, conditions[text.value] == nil else { return }
            if let parsed = try? ConditionParser.parse(text.value) { conditions[text.value] = parsed }
        }
        func addTransition(_ transition: TransitionDefinition?) {
            addCondition(transition?.condition)
        }
        var slotPatterns: [String: Pattern] = [:]
        var firstStart: StateKey?
        var flowStarts: [String: StateKey] = [:]
        for flow in definition.flows {
            for state in flow.states {
                let key = StateKey(flow: flow.name.value, state: state.name.value)
                if states[key] != nil { continue }
                states[key] = state
                state.transitions.forEach(addTransition)
                for request in state.slots {
                    addTransition(request.onFail)
                    if let source = request.pattern?.value, slotPatterns[source] == nil {
                        // Validation compiled it the same way; a bot with an error never gets here.
                        slotPatterns[source] = try? SlotPatterns.compile(source)
                    }
                }
                addTransition(state.action?.onSuccess)
                addTransition(state.action?.onError)
                addTransition(state.action?.onTimeout)
            }
            if let start = flow.start, flowStarts[flow.name.value] == nil {
                let key = StateKey(flow: flow.name.value, state: start.value)
                flowStarts[flow.name.value] = key
                if firstStart == nil { firstStart = key }
            }
        }
        definition.globalTransitions.forEach(addTransition)
        self.states = states
        self.flowStarts = flowStarts
        self.conditions = conditions
        self.slotPatterns = slotPatterns
        self.globalTransitions = definition.globalTransitions
        self.stateTables = states.mapValues { TransitionTable($0.transitions) }
        self.globalTable = TransitionTable(definition.globalTransitions)
        self.expectedIntents = states.mapValues { Set($0.expects.map(\.value)) }.filter { !$0.value.isEmpty }

        var responses: [String: [LanguageCode: [ResponseTemplate]]] = [:]
        for response in definition.responses where responses[response.name.value] == nil {
            var perLanguage: [LanguageCode: [ResponseTemplate]] = [:]
            for (language, texts) in response.templates {
                perLanguage[language.value, default: []] += texts.compactMap {
                    try? ResponseTemplate(parsing: $0.value)
                }
            }
            responses[response.name.value] = perLanguage
        }
        self.responses = responses
        self.events = Dictionary(definition.events.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        var slots = Dictionary(definition.slots.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        if let file = definition.files.first {
            for builtin in SymbolTable.builtinSlots(in: file) where slots[builtin.name.value] == nil {
                slots[builtin.name.value] = builtin
            }
        }
        self.slots = slots
        self.displayTexts = Self.displayTexts(slots: definition.slots, entities: definition.entities)
        self.actions = Dictionary(
            definition.actions.map { ($0.name.value, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.languages = languages
        self.defaultLanguage = defaultLanguage
        let settings = definition.settings
        self.arabicScriptLanguage =
            settings?.arabicScriptLanguage?.value ?? languages.first { $0 == .arabic || $0 == .persian }
        var home = firstStart ?? StateKey(flow: "", state: "")
        if let start = settings?.start?.value, let dot = start.lastIndex(of: ".") {
            let key = StateKey(flow: String(start[..<dot]), state: String(start[start.index(after: dot)...]))
            if states[key] != nil { home = key }
        }
        self.home = home
        self.fallbackChains = Dictionary(
            (settings?.fallbacks ?? []).map { ($0.language.value, $0.chain.map(\.value)) },
            uniquingKeysWith: { first, _ in first }
        )
        self.digitScripts = Dictionary(
            (settings?.digits ?? []).compactMap { entry in
                DigitScript(rawValue: entry.script.value).map { (entry.language.value, $0) }
            },
            uniquingKeysWith: { first, _ in first }
        )
        self.calendars = Dictionary(
            (settings?.calendars ?? []).compactMap { entry in
                ReplyCalendar(rawValue: entry.calendar.value).map { (entry.language.value, $0) }
            },
            uniquingKeysWith: { first, _ in first }
        )
        self.escalationKeywords = (settings?.escalationKeywords ?? []).flatMap { $0.values }.map {
            let normalized = normalizer.normalize(literal: $0.value)
            return (normalized, normalized.split(separator: " ").joined(separator: " "))
        }
        self.handoffAfterFallbacks = settings?.handoffAfterFallbacks ?? 0
        self.cardNumberWarning = settings?.cardNumberWarning?.value
        self.dropsOverdueJobs = settings?.overduePolicy?.value == "drop"
        self.idempotencyRetention = TimeInterval(
            settings?.idempotencyRetention.flatMap { ISODuration($0.value) }?.approximateSeconds ?? 30 * 86_400
        )
        self.overdueGrace = TimeInterval(
            settings?.overdueGrace.flatMap { ISODuration($0.value) }?.approximateSeconds ?? 3600
        )
    }

    /// The state a transition target names: `state` in `flow`, or `flow.state`.
    func resolve(_ target: String, from flow: String) -> StateKey? {
        let local = StateKey(flow: flow, state: target)
        if states[local] != nil { return local }
        guard let dot = target.lastIndex(of: ".") else { return nil }
        let key = StateKey(flow: String(target[..<dot]), state: String(target[target.index(after: dot)...]))
        return states[key] != nil ? key : nil
    }

    /// Whether a message (normalized) holds an escalation keyword, and which.
    func escalationKeyword(in normalized: String) -> String? {
        escalationKeywords.first { PhraseSearch.firstRange(ofPhrase: $0.phrase, in: normalized) != nil }?.keyword
    }

    /// The languages to try for a response, in order: the language, its fallbacks, the default.
    func languageChain(for language: LanguageCode) -> [LanguageCode] {
        var chain = [language] + (fallbackChains[language] ?? [])
        if !chain.contains(defaultLanguage) { chain.append(defaultLanguage) }
        return chain
    }
}

/// The digits a reply uses.
public enum DigitScript: String, Sendable, Hashable, Codable, CaseIterable {
    /// 0123456789.
    case latin
    /// Arabic-Indic: ٠١٢٣٤٥٦٧٨٩.
    case arabic
    /// Extended Arabic-Indic (Persian): ۰۱۲۳۴۵۶۷۸۹.
    case persian

    /// `text` with its digits (in any of the three scripts) written in this script.
    func apply(to text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let digit: UInt32? =
                (0x30...0x39).contains(value)
                ? value - 0x30
                : (0x660...0x669).contains(value)
                    ? value - 0x660 : (0x6F0...0x6F9).contains(value) ? value - 0x6F0 : nil
            guard let digit else {
                scalars.append(scalar)
                continue
            }
            let base: UInt32 = self == .latin ? 0x30 : self == .arabic ? 0x660 : 0x6F0
            scalars.append(Unicode.Scalar(base + digit) ?? scalar)
        }
        return String(scalars)
    }
}

extension Pattern {
    /// Whether the anchored pattern matches `value` (limits exceeded count as no).
    func matchesWhole(_ value: String) -> Bool {
        if case .match = firstMatch(in: value) { return true }
        return false
    }
}

extension DialogueProgram {
    /// Display texts: a list entity's first synonym in each language, then the slot's own `display`,
    /// which wins.
    fileprivate static func displayTexts(
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
