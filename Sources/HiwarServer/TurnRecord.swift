internal import Foundation
public import Hiwar

/// A turn as the API returns it: what started it, what was understood, what the bot said and did.
///
/// The same record answers `POST …/messages`, `…/events` and `…/release`, and is what the outbound webhook
/// carries for reminders and timeouts. Sensitive slot values are masked and no full card number appears.
public struct TurnRecord: Sendable, Hashable, Codable {
    /// What started the turn.
    public struct Input: Sendable, Hashable, Codable {
        /// `message`, `event`, `scheduled` or `release`.
        public var kind: String
        /// The message (card numbers masked), for `message`.
        public var text: String?
        /// The event's name, for `event`.
        public var event: String?
        /// The notice's payload, for `event`.
        public var data: [String: String]?
        /// The job's id, for `scheduled`.
        public var job: Int?
        /// When the job was due, for `scheduled`.
        public var due: String?
    }

    /// One thing the bot said.
    public struct ReplyRecord: Sendable, Hashable, Codable {
        /// The response it came from.
        public var response: String
        /// The text.
        public var text: String
        /// Its language.
        public var language: String
    }

    /// Something else the turn did.
    public struct EffectRecord: Sendable, Hashable, Codable {
        /// The effect's kind (`handoff`, `duplicate`, `reminder-scheduled`, …).
        public var kind: String
        /// Its details.
        public var details: [String: String]
    }

    /// `conversation#index`: the same for a turn delivered twice, so a channel can drop the repeat.
    public var id: String
    /// The conversation.
    public var conversation: String
    /// The turn's number in it, from 1.
    public var index: Int
    /// When it happened (ISO 8601, UTC).
    public var at: String
    /// What started it.
    public var input: Input
    /// The intent recognized in a message (`null` for other turns).
    public var intent: String?
    /// The matcher's score.
    public var score: Double?
    /// Slots found in the message, sensitive values masked.
    public var slots: [String: String]
    /// The slot this message answered, when the bot had asked for one.
    public var answered: String?
    /// The replies' language.
    public var language: String
    /// The state before the turn.
    public var stateBefore: String
    /// The state after it.
    public var state: String
    /// What the bot said, in order.
    public var replies: [ReplyRecord]
    /// Everything else that happened.
    public var effects: [EffectRecord]
    /// Whether the conversation went to a person in this turn.
    public var handedOff: Bool

    /// The record of `turn`.
    public init(_ turn: Turn) {
        id = turn.id
        conversation = turn.conversation
        index = turn.index
        at = Timestamps.string(turn.at)
        switch turn.input {
        case .message(let text): input = Input(kind: "message", text: text)
        case .event(let name, let data): input = Input(kind: "event", event: name, data: data)
        case .scheduled(let job, let due): input = Input(kind: "scheduled", job: job, due: Timestamps.string(due))
        case .release: input = Input(kind: "release")
        }
        intent = turn.intent
        score = turn.score
        slots = turn.slots
        answered = turn.answered
        language = turn.language.rawValue
        stateBefore = turn.stateBefore.description
        state = turn.stateAfter.description
        replies = turn.replies.map { ReplyRecord(response: $0.response, text: $0.text, language: $0.language.rawValue) }
        effects = turn.effects.map { EffectRecord(kind: $0.kind.rawValue, details: $0.details) }
        handedOff = turn.handedOff
    }
}

/// A conversation as `GET /v1/conversations/{id}` returns it.
public struct ConversationRecord: Sendable, Hashable, Codable {
    /// Who has the conversation when a person does.
    public struct HandoffRecord: Sendable, Hashable, Codable {
        /// Why it was handed off.
        public var reason: String
        /// Since when.
        public var since: String
    }

    /// A line of the transcript.
    public struct LineRecord: Sendable, Hashable, Codable {
        /// `customer`, `bot` or `business` and the like.
        public var speaker: String
        /// What was said (card numbers masked).
        public var text: String
        /// When.
        public var at: String
    }

    /// A reminder or timeout waiting.
    public struct JobRecord: Sendable, Hashable, Codable {
        /// Its id in the conversation.
        public var id: Int
        /// When it falls due.
        public var due: String
        /// `reminder` or `timeout`.
        public var kind: String
        /// The notice a reminder delivers.
        public var event: String?
    }

    /// The conversation's id.
    public var id: String
    /// Its state.
    public var state: String
    /// Its language, once known.
    public var language: String?
    /// Slots held, sensitive values masked.
    public var slots: [String: String]
    /// The handoff, while a person has the conversation.
    public var handoff: HandoffRecord?
    /// Notices held during a handoff.
    public var held: [String]
    /// The transcript's last lines.
    public var transcript: [LineRecord]
    /// Pending reminders and timeouts, soonest first.
    public var jobs: [JobRecord]
    /// Turns so far.
    public var turns: Int

    /// The record of `state`, masking what `bot` declares sensitive.
    public init(_ state: ConversationState, bot: CompiledBot) {
        id = state.id
        self.state = state.state.description
        language = (state.pinnedLanguage ?? state.language)?.rawValue
        slots = Dictionary(
            uniqueKeysWithValues: state.slots.map { name, value in
                (name, bot.isSensitive(slot: name) ? Redaction.mask(value) : CardNumbers.redacted(value))
            }
        )
        handoff = state.handoff.map { HandoffRecord(reason: $0.reason, since: Timestamps.string($0.since)) }
        held = state.heldEvents.map(\.event)
        transcript = state.transcript.map {
            LineRecord(speaker: $0.speaker.rawValue, text: CardNumbers.redacted($0.text), at: Timestamps.string($0.at))
        }
        jobs = state.jobs.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map { job in
            switch job.kind {
            case .event(let pending):
                JobRecord(id: job.id, due: Timestamps.string(job.due), kind: "reminder", event: pending.event)
            case .timeout:
                JobRecord(id: job.id, due: Timestamps.string(job.due), kind: "timeout", event: nil)
            }
        }
        turns = state.turnCount
    }
}

/// ISO 8601 instants in UTC with milliseconds: `2026-12-04T09:00:00.000Z`.
enum Timestamps {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func string(_ date: Date) -> String { date.formatted(style) }
}

extension TurnRecord {
    /// The record as JSON, byte for byte what `JSONEncoder` (sorted keys, slashes unescaped) writes, faster.
    func jsonBytes() -> [UInt8] {
        var json = JSONWriter()
        json.object { record in
            record.optional("answered", answered) { $0.string($1) }
            record.field("at") { $0.string(at) }
            record.field("conversation") { $0.string(conversation) }
            record.field("effects") {
                $0.array(effects) { json, effect in
                    json.object { object in
                        object.field("details") { $0.stringMap(effect.details) }
                        object.field("kind") { $0.string(effect.kind) }
                    }
                }
            }
            record.field("handedOff") { $0.bool(handedOff) }
            record.field("id") { $0.string(id) }
            record.field("index") { $0.integer(index) }
            record.field("input") { json in
                json.object { object in
                    object.optional("data", input.data) { $0.stringMap($1) }
                    object.optional("due", input.due) { $0.string($1) }
                    object.optional("event", input.event) { $0.string($1) }
                    object.optional("job", input.job) { $0.integer($1) }
                    object.field("kind") { $0.string(input.kind) }
                    object.optional("text", input.text) { $0.string($1) }
                }
            }
            record.optional("intent", intent) { $0.string($1) }
            record.field("language") { $0.string(language) }
            record.field("replies") {
                $0.array(replies) { json, reply in
                    json.object { object in
                        object.field("language") { $0.string(reply.language) }
                        object.field("response") { $0.string(reply.response) }
                        object.field("text") { $0.string(reply.text) }
                    }
                }
            }
            record.optional("score", score) { $0.number($1) }
            record.field("slots") { $0.stringMap(slots) }
            record.field("state") { $0.string(state) }
            record.field("stateBefore") { $0.string(stateBefore) }
        }
        return json.bytes
    }
}
