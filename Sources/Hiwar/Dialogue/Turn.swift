public import Foundation
public import HiwarSyntax

/// What happened in one turn: the record a host logs, shows or sends on.
///
/// Every turn — a message, a notice, a reminder or timeout firing, a release — yields one.
/// Sensitive slot values are masked in ``slots``; the transcript keeps no full card numbers.
public struct Turn: Sendable, Hashable, Codable {
    /// What started the turn.
    public enum Input: Sendable, Hashable, Codable {
        /// A customer's message (card numbers masked).
        case message(String)
        /// A notice from the business.
        case event(String, data: [String: String])
        /// A reminder or timeout the engine scheduled.
        case scheduled(jobID: Int, due: Date)
        /// The host gave the conversation back to the bot.
        case release
    }

    /// The conversation.
    public var conversation: String
    /// The turn's number in the conversation, from 1.
    public var index: Int
    /// When it happened (the clock's time).
    public var at: Date
    /// What started it.
    public var input: Input
    /// The recognized intent (`fallback` when none), for messages.
    public var intent: String?
    /// The matcher's score for it.
    public var score: Double?
    /// Slots found in the message, sensitive values masked.
    public var slots: [String: String] = [:]
    /// The slot the bot had asked for, when this message answered it (kept or refused).
    ///
    /// `nil` for other messages. `intent` is then what the matcher saw in it, usually `fallback`.
    public var answered: String?
    /// The language of the replies.
    public var language: LanguageCode
    /// The state before the turn.
    public var stateBefore: StateKey
    /// The state after it.
    public var stateAfter: StateKey
    /// What the bot said, in order.
    public var replies: [Reply] = []
    /// Everything else that happened, in order.
    public var effects: [Effect] = []

    /// A stable identifier: the conversation and the turn's number in it.
    ///
    /// A turn handed over again after a crash (``DialogueEngine/runDueJobs(onTurn:)``) has the same
    /// one, so a channel can drop the repeat.
    public var id: String { "\(conversation)#\(index)" }

    /// Whether the conversation was handed to a person in this turn.
    public var handedOff: Bool { effects.contains { $0.kind == .handoff } }
}

/// Something a turn did besides replying: a handoff, an action, a reminder, a dropped notice.
public struct Effect: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of effect; the raw values are stable (they appear in `--json` and tests).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The conversation went to a person (`reason`, `transcript` line count).
        case handoff
        /// The conversation came back to the bot.
        case released
        /// A message arrived while a person had the conversation; the bot stayed silent.
        case paused
        /// A notice arrived while a person had the conversation and was held.
        case held
        /// An action ran (`action`, `outcome`: success, error, timeout, missing).
        case action
        /// A reminder was scheduled (`event`, `due`).
        case reminderScheduled = "reminder-scheduled"
        /// A scheduled job fired (`job`, `late` when it was overdue).
        case fired
        /// A scheduled job was dropped (`reason`).
        case jobDropped = "job-dropped"
        /// A pending notice was cancelled by a newer one (`event`, `by`).
        case superseded
        /// A notice was already delivered (`key`) and was ignored.
        case duplicate
        /// A notice arrived after its expiry (`field`, `expired`) and was dropped.
        case expired
        /// No transition took the notice or message (`trigger`).
        case unhandled
        /// A full card number was refused and not stored.
        case cardNumberRefused = "card-number-refused"
        /// A slot answer was refused (`slot`, `attempt`).
        case invalidAnswer = "invalid-answer"
        /// A slot was set (`slot`, `value`, masked when sensitive).
        case slotSet = "slot-set"
        /// A transition was taken (`from`, `to`, `trigger`).
        case transition
        /// The turn took too many transitions in a row and stopped (a loop in the flows).
        case loopStopped = "loop-stopped"
        /// The state the conversation was in no longer exists after a reload; it went home.
        case stateReset = "state-reset"
    }

    /// The kind.
    public var kind: Kind
    /// Details, by name.
    public var details: [String: String]

    /// Creates an effect.
    public init(_ kind: Kind, _ details: [String: String] = [:]) {
        self.kind = kind
        self.details = details
    }

    /// `kind key=value …`, keys sorted.
    public var description: String {
        ([kind.rawValue] + details.keys.sorted().map { "\($0)=\(details[$0] ?? "")" }).joined(separator: " ")
    }
}
