/// Everything a bot's JSON files declare, merged across files, with where each part was written.
///
/// This is the format's model (what authors write), before any checking or compiling. Names are
/// kept in file order; ``BotCompiler`` checks them and lowers them into a compiled bot.
package struct BotDefinition: Sendable {
    /// The files the definition was read from, in the order read.
    package var files: [SourceFile] = []
    /// The bot's settings (from whichever file declares `settings`; only one may).
    package var settings: SettingsDefinition?
    /// Intents, in file order.
    package var intents: [IntentDefinition] = []
    /// Entities, in file order.
    package var entities: [EntityDefinition] = []
    /// Slots, in file order.
    package var slots: [SlotDefinition] = []
    /// Event types, in file order.
    package var events: [EventDefinition] = []
    /// Action declarations, in file order.
    package var actions: [ActionDefinition] = []
    /// Flows, in file order.
    package var flows: [FlowDefinition] = []
    /// Transitions available in every state, in file order.
    package var globalTransitions: [TransitionDefinition] = []
    /// Responses, in file order.
    package var responses: [ResponseDefinition] = []
    /// Concepts (named word classes shared by patterns), in file order.
    package var concepts: [ConceptDefinition] = []

    /// Creates an empty definition.
    package init() {}
}

/// Strings per language, each with where it was written: `{"en": ["…"], "ar": ["…"]}`.
package typealias PerLanguage<Value> = [(language: Located<LanguageCode>, values: [Located<Value>])]

/// `settings`: languages, fallbacks, normalization, time zone, handoff rules.
package struct SettingsDefinition: Sendable {
    /// Where `settings` was written.
    package var location: SourceLocation
    /// The languages the bot speaks, in order of declaration.
    package var languages: [Located<LanguageCode>] = []
    /// The language used when the customer's cannot be identified.
    package var defaultLanguage: Located<LanguageCode>?
    /// The language of a short Arabic-script message that cannot be told apart ("سلام", "مرسی").
    ///
    /// Used when the conversation has no Arabic-script language yet. Default: the first of `ar` and `fa` the bot
    /// speaks.
    package var arabicScriptLanguage: Located<LanguageCode>?
    /// For each language, the languages whose responses stand in for a missing one (`fa → en`).
    package var fallbacks: [(language: Located<LanguageCode>, chain: [Located<LanguageCode>])] = []
    /// Normalization options.
    package var normalization = NormalizationOptions()
    /// The IANA time zone dates are resolved in (`Asia/Dubai`).
    package var timeZone: Located<String>?
    /// How many consecutive fallbacks hand the conversation to a person (0: never).
    package var handoffAfterFallbacks: Int = 0
    /// Typo tolerance: the edit distances allowed, or `nil` when it is off for the whole bot.
    package var typos: TypoPolicy? = TypoPolicy()
    /// Words that hand the conversation to a person at once (complaints, anger), per language.
    package var escalationKeywords: PerLanguage<String> = []
    /// The state every conversation starts in (`common.idle`); default: the first flow's start.
    package var start: Located<StateReference>?
    /// The response said when a message holds a full card number (which is never stored).
    package var cardNumberWarning: Located<String>?
    /// Per language, the digits replies use: `latin`, `arabic` (Arabic-Indic) or `persian`.
    package var digits: [(language: Located<LanguageCode>, script: Located<String>)] = []
    /// Per language, the calendar dates are shown in: `gregorian`, `persian` or `islamic-umalqura`.
    package var calendars: [(language: Located<LanguageCode>, calendar: Located<String>)] = []
    /// What happens to a reminder or timeout found overdue by more than `overdueGrace` (after a restart).
    package var overduePolicy: Located<String>?
    /// How late a job may fire and still count as on time (ISO 8601 duration; default `PT1H`).
    package var overdueGrace: Located<ISODuration>?
    /// How matches are ranked: `specificity` (Hiwar's order, the default) or `priority` (declared
    /// priority first, for a bot migrated from an engine where the first pattern in priority order wins).
    package var ranking: Located<String>?
    /// How long a delivered notice's idempotency key is remembered (ISO 8601 duration; default `P30D`).
    package var idempotencyRetention: Located<ISODuration>?
}

/// How far a misspelled word may be from the word a pattern uses (Damerau-Levenshtein).
package struct TypoPolicy: Sendable, Hashable {
    /// Words of at least this many letters tolerate one edit.
    package var oneEditFrom = 5
    /// Words of at least this many letters tolerate two edits.
    package var twoEditsFrom = 9

    /// Creates a policy; the defaults are one edit from 5 letters and two from 9.
    package init(oneEditFrom: Int = 5, twoEditsFrom: Int = 9) {
        self.oneEditFrom = oneEditFrom
        self.twoEditsFrom = twoEditsFrom
    }

    /// The distance allowed for a word of `length` letters.
    package func maximumDistance(forLength length: Int) -> Int {
        length >= twoEditsFrom ? 2 : length >= oneEditFrom ? 1 : 0
    }
}

/// One intent: what a customer means, and the ways they say it.
package struct IntentDefinition: Sendable {
    /// The intent's namespaced name (`order.track`).
    package var name: Located<String>
    /// Templates in Hiwar's pattern syntax, per language.
    package var patterns: PerLanguage<String> = []
    /// Raw PCRE2 regexes, in match form, per language.
    package var regexes: PerLanguage<String> = []
    /// Keyword sets (all words must appear, in any order), per language.
    package var keywords: PerLanguage<[String]> = []
    /// Evidence rules: parts joined by `+` (must appear, in any order) and `-` (must not appear), per language.
    package var evidence: PerLanguage<String> = []
    /// Templates and evidence rules that count only while the conversation's state expects the intent (short
    /// replies to a notice: "when?", "link pls"), per language.
    package var inContext: PerLanguage<String> = []
    /// Messages that must be recognized as this intent.
    package var examples: PerLanguage<String> = []
    /// Messages that must not be recognized as this intent.
    package var counterexamples: PerLanguage<String> = []
    /// A tie-breaker among matches of equal tier and specificity (higher wins).
    package var priority: Int = 0
    /// Whether keywords and template words tolerate typos.
    package var typos: Bool = true
    /// A courtesy (hello, thanks, yes, no): beside a request the request decides, and said amid more than a few
    /// words it is not recognized at all.
    package var courtesy: Bool = false
    /// A description for people.
    package var description: String?
}

/// A concept: a named class of words and phrases per language (`~arrive`), usable in templates, evidence rules and
/// other concepts.
package struct ConceptDefinition: Sendable {
    /// The concept's name, written `~name` where it is used.
    package var name: Located<String>
    /// Its members per language: templates (words, `<affixed>` stems, phrases, `~other` concepts).
    package var members: PerLanguage<String> = []
}

/// An entity: a kind of value found in messages.
package struct EntityDefinition: Sendable {
    /// How the entity finds its values.
    package enum Kind: Sendable {
        /// A raw PCRE2 regex in match form; the whole match (or its group `value`) is the value.
        case regex(Located<String>)
        /// Canonical values with synonyms per language.
        case list([(value: Located<String>, synonyms: PerLanguage<String>)])
    }

    /// The entity's name.
    package var name: Located<String>
    /// How it finds values.
    package var kind: Kind
}

/// A slot: a named value a conversation remembers.
package struct SlotDefinition: Sendable {
    /// The slot's name.
    package var name: Located<String>
    /// Its type.
    package var type: Located<ValueType>
    /// The entity that fills it from messages (a built-in or a declared one).
    package var entity: Located<String>?
    /// Whether the value is card data or otherwise private: redacted wherever it could be printed.
    package var sensitive: Bool = false
    /// How replies show each value, per language (`"on_time"` → "on time", "في موعدها", "به‌موقع").
    package var display: [SlotDisplay] = []
}

/// The text replies show for one value of a slot, per language.
package struct SlotDisplay: Sendable {
    /// The value as stored (`on_time`).
    package var value: Located<String>
    /// Its display text in each language.
    package var texts: [(language: Located<LanguageCode>, text: Located<String>)] = []
}

/// An event type: a notice the business sends into a conversation.
package struct EventDefinition: Sendable {
    /// One payload field.
    package struct Field: Sendable {
        /// The field's name.
        package var name: Located<String>
        /// Its type.
        package var type: Located<ValueType>
        /// Whether a payload without it is refused.
        package var required: Bool = false
        /// The slot it fills (by default the slot of the same name, if any).
        package var slot: Located<String>?
    }

    /// The event's namespaced name (`order.shipped`).
    package var name: Located<String>
    /// Payload fields.
    package var fields: [Field] = []
    /// Fields whose values, with the event name, make the idempotency key.
    package var idempotencyKey: [Located<String>] = []
    /// A date-time field after which the notice is dropped.
    package var expiresAt: Located<String>?
    /// Events this one replaces while they are pending.
    package var supersedes: [Located<String>] = []
}

/// An action a host registers in Swift, declared so references can be checked.
package struct ActionDefinition: Sendable {
    /// The action's name (`lookupOrder`).
    package var name: Located<String>
    /// Slots it reads.
    package var inputs: [Located<String>] = []
    /// Slots it always writes when it succeeds.
    package var outputs: [Located<String>] = []
    /// Slots it may write.
    package var optionalOutputs: [Located<String>] = []
}

/// A response: reply templates per language, with variations.
package struct ResponseDefinition: Sendable {
    /// The response's name.
    package var name: Located<String>
    /// Variations per language, parsed; a template that did not parse is left out (the decoder reported it).
    package var templates: PerLanguage<ResponseTemplate> = []
}

/// A flow: a state machine for one kind of conversation.
package struct FlowDefinition: Sendable {
    /// The flow's name.
    package var name: Located<String>
    /// The state a conversation enters first.
    package var start: Located<String>?
    /// States, in file order.
    package var states: [StateDefinition] = []
}

/// A state of a flow.
package struct StateDefinition: Sendable {
    /// One slot to fill in this state.
    package struct SlotRequest: Sendable {
        /// The slot.
        package var slot: Located<String>
        /// The response that asks for it.
        package var prompt: Located<String>?
        /// The response that asks again after an invalid answer.
        package var reprompt: Located<String>?
        /// How many answers are tried before `onFail`.
        package var maxAttempts: Int = 3
        /// Where to go when every attempt failed.
        package var onFail: TransitionDefinition?
        /// A regex the value must match (match form).
        package var pattern: Located<String>?
        /// The smallest number allowed.
        package var minimum: Double?
        /// The largest number allowed.
        package var maximum: Double?
        /// For durations: the shortest allowed (ISO 8601, written as `"minimum": "PT1H"`).
        package var minimumDuration: Located<ISODuration>?
        /// For durations: the longest allowed (ISO 8601, written as `"maximum": "P90D"`).
        package var maximumDuration: Located<ISODuration>?
        /// For dates: how many days before today are allowed (0: not in the past).
        package var maxDaysBefore: Int?
        /// For dates: how many days after today are allowed.
        package var maxDaysAfter: Int?
    }

    /// The state's name, unique in its flow.
    package var name: Located<String>
    /// Responses said on entry.
    package var say: [Located<String>] = []
    /// Intents this state expects: they win ties in the matcher.
    package var expects: [Located<String>] = []
    /// Slots to fill, in order.
    package var slots: [SlotRequest] = []
    /// An action called on entry.
    package var action: ActionCall?
    /// Outgoing transitions, in priority order.
    package var transitions: [TransitionDefinition] = []
    /// Whether the conversation may end here.
    package var isFinal: Bool = false
}

/// An action called on entering a state, with where its outcomes go.
package struct ActionCall: Sendable {
    /// The action.
    package var name: Located<String>
    /// Taken when the action succeeds.
    package var onSuccess: TransitionDefinition?
    /// Taken when it fails.
    package var onError: TransitionDefinition?
    /// Taken when it does not finish in time.
    package var onTimeout: TransitionDefinition?
    /// How long it may take, as an ISO 8601 duration.
    package var timeout: Located<ISODuration>?
}

/// A transition: a trigger, an optional guard, and what to do.
package struct TransitionDefinition: Sendable {
    /// What fires the transition.
    package enum Trigger: Sendable {
        /// A message recognized as this intent.
        case intent(Located<String>)
        /// A notice of this event type.
        case event(Located<String>)
        /// A condition over slots, checked after every turn.
        case condition
        /// Time passing without an answer (an ISO 8601 duration).
        case timeout(Located<ISODuration>)
        /// Taken unconditionally (action outcomes, slot failures).
        case always
    }

    /// Where the transition was written.
    package var location: SourceLocation
    /// What fires it.
    package var trigger: Trigger
    /// A condition that must hold (`exists eta and status == "shipped"`), parsed; `nil` when there is none or it
    /// did not parse (the decoder reported it).
    package var condition: Located<Condition>?
    /// The condition as written, for display.
    package var conditionSource: Located<String>?
    /// Responses said when it is taken.
    package var say: [Located<String>] = []
    /// Slot assignments: slot → literal or `{other}`.
    package var set: [(slot: Located<String>, value: Located<String>)] = []
    /// Slots the transition empties (`"clear": ["party_size"]`), before its `set`.
    package var clear: [Located<String>] = []
    /// An action to call.
    package var action: Located<String>?
    /// The target state: `state` in this flow, or `flow.state`.
    package var target: Located<StateReference>?
    /// A flow to enter as a sub-flow, returning here when it ends.
    package var call: Located<String>?
    /// Whether the transition ends a sub-flow and returns to where it was entered.
    package var returns: Bool = false
    /// Hands the conversation to a person, with this reason.
    package var handoff: Located<String>?
    /// Schedules a reminder after this duration (ISO 8601, or a slot such as `{duration}`).
    package var remindAfter: Located<DurationSource>?
    /// The event the reminder delivers (with the conversation's slots).
    package var remindEvent: Located<String>?
}
