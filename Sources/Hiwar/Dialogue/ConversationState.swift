public import Foundation
public import HiwarSyntax

/// Everything the engine remembers about one conversation: kept in the ``SessionStore`` after
/// every turn, so a restart loses nothing.
///
/// Values are plain `Codable` data, so a store can keep them as JSON. Sensitive slots are stored
/// (the conversation needs them) but never printed unmasked.
public struct ConversationState: Sendable, Hashable, Codable {
    /// The conversation's identifier, chosen by the host (a phone number, a chat id).
    public var id: String
    /// The current state.
    public var state: StateKey
    /// Where each sub-flow entered with `call` returns to, innermost last.
    public var returnStack: [StateKey] = []
    /// Slot values in canonical form.
    public var slots: [String: String] = [:]
    /// The language replies are in: the customer's last identified language.
    public var language: LanguageCode?
    /// A language fixed by the host or `:lang`, overriding identification.
    public var pinnedLanguage: LanguageCode?
    /// The slot the bot asked for and is waiting on.
    public var awaiting: String?
    /// Answers tried for the awaited slot.
    public var attempts = 0
    /// Set while a person has the conversation; the bot stays silent until released.
    public var handoff: Handoff?
    /// Idempotency keys of notices already delivered, with when; kept for the bot's
    /// `settings.idempotencyRetention` (at most ``deliveredKeyLimit``).
    public var deliveredKeys: [String: Date] = [:]
    /// Notices that arrived while a person had the conversation, delivered on release (at most
    /// ``heldLimit``: a newer one supersedes the oldest).
    public var heldEvents: [PendingEvent] = []
    /// Turns of fired reminders and timeouts, committed but not yet handed to the host: handed over
    /// (again) by the next ``DialogueEngine/runDueJobs(onTurn:)`` if the process died first.
    public var outbox: [Turn] = []
    /// Reminders and timeouts, soonest first.
    public var jobs: [ScheduledJob] = []
    /// How many turns the conversation has had.
    public var turnCount = 0
    /// Counts entries into states, so a timeout scheduled in one visit never fires in another.
    public var entrySerial = 0
    /// The last turn's time.
    public var lastActivity: Date?
    /// The recent exchange (at most ``transcriptLimit`` lines), handed over with a handoff.
    public var transcript = Transcript(limit: ConversationState.transcriptLimit)
    /// Seeds the choice among response variations.
    public var seed: UInt64

    /// How many lines ``transcript`` keeps.
    public static let transcriptLimit = 100
    /// How many notices are held during a handoff.
    public static let heldLimit = 100
    /// How many idempotency keys are kept at most, however recent (the oldest goes first).
    public static let deliveredKeyLimit = 10_000

    /// A new conversation in `state`.
    public init(id: String, state: StateKey, seed: UInt64) {
        self.id = id
        self.state = state
        self.seed = seed
    }

    /// When the next job falls due, if any; the distant past while the outbox holds turns not handed
    /// over, so the store lists the conversation at once.
    public var nextDue: Date? { outbox.isEmpty ? jobs.map(\.due).min() : .distantPast }

    private enum CodingKeys: String, CodingKey {
        case id, state, returnStack, slots, language, pinnedLanguage, awaiting, attempts, handoff, deliveredKeys,
            heldEvents, outbox, jobs, turnCount, entrySerial, lastActivity, transcript, seed
    }

    /// Decodes a stored conversation; fields a store written by an older version lacks take their
    /// defaults, and the older list of idempotency keys counts as delivered at the last activity.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        state = try container.decode(StateKey.self, forKey: .state)
        seed = try container.decode(UInt64.self, forKey: .seed)
        returnStack = try container.decodeIfPresent([StateKey].self, forKey: .returnStack) ?? []
        slots = try container.decodeIfPresent([String: String].self, forKey: .slots) ?? [:]
        language = try container.decodeIfPresent(LanguageCode.self, forKey: .language)
        pinnedLanguage = try container.decodeIfPresent(LanguageCode.self, forKey: .pinnedLanguage)
        awaiting = try container.decodeIfPresent(String.self, forKey: .awaiting)
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        handoff = try container.decodeIfPresent(Handoff.self, forKey: .handoff)
        heldEvents = try container.decodeIfPresent([PendingEvent].self, forKey: .heldEvents) ?? []
        outbox = try container.decodeIfPresent([Turn].self, forKey: .outbox) ?? []
        jobs = try container.decodeIfPresent([ScheduledJob].self, forKey: .jobs) ?? []
        turnCount = try container.decodeIfPresent(Int.self, forKey: .turnCount) ?? 0
        entrySerial = try container.decodeIfPresent(Int.self, forKey: .entrySerial) ?? 0
        lastActivity = try container.decodeIfPresent(Date.self, forKey: .lastActivity)
        transcript =
            try container.decodeIfPresent(Transcript.self, forKey: .transcript)
            ?? Transcript(limit: Self.transcriptLimit)
        if let keys = try? container.decodeIfPresent([String: Date].self, forKey: .deliveredKeys) {
            deliveredKeys = keys
        } else if let old = try? container.decodeIfPresent([String].self, forKey: .deliveredKeys) {
            let at = lastActivity ?? Date(timeIntervalSince1970: 0)
            deliveredKeys = Dictionary(old.map { ($0, at) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

extension ConversationState {
    /// A handoff in progress.
    public struct Handoff: Sendable, Hashable, Codable {
        /// Why the conversation went to a person.
        public var reason: String
        /// When.
        public var since: Date

        /// Creates a handoff record.
        public init(reason: String, since: Date) {
            self.reason = reason
            self.since = since
        }
    }
}

extension ConversationState {
    /// One line of a transcript.
    public struct TranscriptLine: Sendable, Hashable, Codable {
        /// Who wrote it.
        public enum Speaker: String, Sendable, Hashable, Codable {
            /// The customer.
            case customer
            /// The bot.
            case bot
            /// A notice from the business.
            case notice
        }

        /// Who wrote it.
        public var speaker: Speaker
        /// The text, with card numbers masked, at most ``maximumLength`` characters.
        public var text: String
        /// When.
        public var at: Date

        /// How many characters (Unicode scalars) of a message are stored: as many as the matcher reads.
        public static let maximumLength = 4_096

        /// `text` as stored: its first ``maximumLength`` scalars, then "…" when it was longer.
        public static func stored(_ text: String) -> String {
            guard text.utf8.count > maximumLength, text.unicodeScalars.count > maximumLength else { return text }
            var kept = String.UnicodeScalarView(text.unicodeScalars.prefix(maximumLength))
            kept.append("…")
            return String(kept)
        }
    }
}

extension ConversationState {
    /// A notice waiting to be delivered.
    public struct PendingEvent: Sendable, Hashable, Codable {
        /// The event type.
        public var event: String
        /// Its payload.
        public var data: [String: String]

        /// Creates a pending notice.
        public init(event: String, data: [String: String]) {
            self.event = event
            self.data = data
        }
    }
}

extension ConversationState {
    /// Work the engine owes a conversation at a given time.
    public struct ScheduledJob: Sendable, Hashable, Codable {
        /// What to do.
        public enum Kind: Sendable, Hashable, Codable {
            /// Deliver a notice (a reminder).
            case event(PendingEvent)
            /// Take a state's `after` transition if the conversation is still in that visit.
            case timeout(state: StateKey, transition: Int, entry: Int)
        }

        /// Unique within the conversation.
        public var id: Int
        /// When it falls due.
        public var due: Date
        /// What to do.
        public var kind: Kind

        /// Creates a job.
        public init(id: Int, due: Date, kind: Kind) {
            self.id = id
            self.due = due
            self.kind = kind
        }
    }
}
