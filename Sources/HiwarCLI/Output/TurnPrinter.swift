import Foundation
import Hiwar
import HiwarTesting

/// Prints turns for people (the REPL) and as JSON objects (`repl --json`).
struct TurnPrinter {
    let colors: Bool

    /// `bot> …` lines for the replies, a dim line with what was understood, effects after.
    func human(_ turn: Turn) -> String {
        var lines: [String] = []
        var facts: [String] = []
        switch turn.input {
        case .message:
            let refused = turn.effects.contains { $0.kind == .invalidAnswer }
            if let slot = turn.answered {
                facts.append(refused ? "answer to \(slot), refused" : "answer to \(slot)")
            } else {
                facts.append(turn.intent ?? "fallback")
                if let score = turn.score { facts.append(String(format: "%.2f", score)) }
            }
        case .event(let name, _): facts.append("notice \(name)")
        case .scheduled(let id, let due): facts.append("job \(id) due \(Self.timestamp(due))")
        case .release: facts.append("released")
        }
        facts.append("[\(turn.language)]")
        // Only what the turn kept: a slot found but refused, or found in a message that did nothing
        // with it, is not shown as if it were set.
        let kept = Set(turn.effects.filter { $0.kind == .slotSet }.compactMap { $0.details["slot"] })
        let shown = turn.slots.keys.filter(kept.contains).sorted()
        if !shown.isEmpty {
            facts.append(shown.map { "\($0)=\(turn.slots[$0] ?? "")" }.joined(separator: " "))
        }
        facts.append(
            turn.stateBefore == turn.stateAfter
                ? "state \(turn.stateAfter)" : "state \(turn.stateBefore) → \(turn.stateAfter)"
        )
        lines.append(Terminal.paint("  " + facts.joined(separator: " · "), .dim, enabled: colors))
        for reply in turn.replies {
            lines.append(Terminal.paint("bot>", .cyan, enabled: colors) + " " + reply.text)
        }
        for effect in turn.effects where effect.kind != .slotSet && effect.kind != .transition {
            lines.append(Terminal.paint("  ⤷ \(effect)", .yellow, enabled: colors))
        }
        return lines.joined(separator: "\n")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// One output line of `hiwar repl --json`.
struct JSONReplyLine: Encodable {
    struct EffectLine: Encodable {
        let kind: String
        let details: [String: String]
    }

    struct ErrorLine: Encodable {
        let code: String
        let message: String
    }

    var session: String?
    var intent: String?
    var score: Double?
    var slots: [String: String]?
    var answered: String?
    var lang: String?
    var state: String?
    var replies: [String]?
    var responses: [String]?
    var effects: [EffectLine]?
    var turns: Int?
    var error: ErrorLine?

    /// The line for the turns one input produced (several when a clock move fires reminders).
    init(session: String, turns: [Turn], state: ConversationState) {
        self.session = session
        let message = turns.first { if case .message = $0.input { return true } else { return false } }
        intent = message?.intent
        score = message?.score
        slots = message.map(\.slots) ?? [:]
        answered = message?.answered
        lang = (turns.last?.language ?? state.pinnedLanguage ?? state.language).map(\.rawValue)
        self.state = state.state.description
        replies = turns.flatMap { $0.replies.map(\.text) }
        responses = turns.flatMap { $0.replies.map(\.response) }
        effects = turns.flatMap { $0.effects.map { EffectLine(kind: $0.kind.rawValue, details: $0.details) } }
        self.turns = turns.count
    }

    init(session: String?, code: String, message: String) {
        self.session = session
        error = ErrorLine(code: code, message: message)
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            return #"{"error":{"code":"internal","message":"could not encode the reply"}}"#
        }
        return text
    }
}
