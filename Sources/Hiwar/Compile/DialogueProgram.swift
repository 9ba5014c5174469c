internal import Foundation
internal import HiwarSyntax

/// The flows, events, responses and settings of a compiled bot, lowered for the engine by ``FlowLowering``:
/// transition targets are ``StateKey``s, guards parsed conditions, durations parsed, slot patterns compiled.
///
/// Immutable once built; the runtime reads it and never sees a definition record. Built only from a definition that
/// compiled without errors, so every reference resolves; a piece that somehow does not is skipped rather than
/// trusted. A class: every turn reads it, and none should copy it.
final class DialogueProgram: Sendable {
    let states: [StateKey: StateProgram]
    /// Each state's transitions by trigger.
    let stateTables: [StateKey: TransitionTable]
    /// The global transitions by trigger.
    let globalTable: TransitionTable
    /// The intents each state expects (passed to the matcher every turn).
    let expectedIntents: [StateKey: Set<String>]
    /// Where conversations start and where a vanished state sends them after a reload.
    let home: StateKey
    let responses: [String: [LanguageCode: [ResponseTemplate]]]
    let events: [String: EventSchema]
    let slots: [String: SlotTraits]
    /// How replies show slot values: slot → stored value → language → text.
    let displayTexts: [String: [String: [LanguageCode: String]]]
    let actions: [String: ActionSignature]
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
        states: [StateKey: StateProgram],
        globalTransitions: [Transition],
        expectedIntents: [StateKey: Set<String>],
        home: StateKey,
        responses: [String: [LanguageCode: [ResponseTemplate]]],
        events: [String: EventSchema],
        slots: [String: SlotTraits],
        displayTexts: [String: [String: [LanguageCode: String]]],
        actions: [String: ActionSignature],
        languages: [LanguageCode],
        defaultLanguage: LanguageCode,
        arabicScriptLanguage: LanguageCode?,
        fallbackChains: [LanguageCode: [LanguageCode]],
        digitScripts: [LanguageCode: DigitScript],
        calendars: [LanguageCode: ReplyCalendar],
        escalationKeywords: [(keyword: String, phrase: String)],
        handoffAfterFallbacks: Int,
        cardNumberWarning: String?,
        dropsOverdueJobs: Bool,
        overdueGrace: TimeInterval,
        idempotencyRetention: TimeInterval
    ) {
        self.states = states
        self.stateTables = states.mapValues { TransitionTable($0.transitions) }
        self.globalTable = TransitionTable(globalTransitions)
        self.expectedIntents = expectedIntents
        self.home = home
        self.responses = responses
        self.events = events
        self.slots = slots
        self.displayTexts = displayTexts
        self.actions = actions
        self.languages = languages
        self.defaultLanguage = defaultLanguage
        self.arabicScriptLanguage = arabicScriptLanguage
        self.fallbackChains = fallbackChains
        self.digitScripts = digitScripts
        self.calendars = calendars
        self.escalationKeywords = escalationKeywords
        self.handoffAfterFallbacks = handoffAfterFallbacks
        self.cardNumberWarning = cardNumberWarning
        self.dropsOverdueJobs = dropsOverdueJobs
        self.overdueGrace = overdueGrace
        self.idempotencyRetention = idempotencyRetention
    }

    /// The languages to try for a response, in order: the language, its fallbacks, the default.
    func languageChain(for language: LanguageCode) -> [LanguageCode] {
        var chain = [language] + (fallbackChains[language] ?? [])
        if !chain.contains(defaultLanguage) { chain.append(defaultLanguage) }
        return chain
    }
}
