public import Foundation
package import Hiwar

/// The result of one conversation test (or of one intent's examples).
public struct ConversationResult: Sendable {
    /// The test file's path (`examples` for a bot's examples).
    public let file: String
    /// The conversation's name.
    public let name: String
    /// Where the conversation is written, `path:line:column`.
    public let location: String
    /// What did not hold, one line each, with the step; empty when it passed.
    public let failures: [String]
    /// How long it took, in seconds.
    public let duration: TimeInterval
    /// The conversation's line in its file, so reports follow file order.
    public var line = 0

    /// Whether every expectation held.
    public var passed: Bool { failures.isEmpty }

    /// Creates a result.
    public init(file: String, name: String, location: String, failures: [String], duration: TimeInterval, line: Int = 0)
    {
        self.file = file
        self.name = name
        self.location = location
        self.failures = failures
        self.duration = duration
        self.line = line
    }
}

/// Runs conversation tests: each conversation in a fresh session on a manual clock with a fixed
/// seed, so a run is deterministic.
package struct ConversationRunner {
    /// The default start time: 2026-01-05 09:00 in the bot's time zone (a Monday).
    package static func defaultStart(in zone: TimeZone) -> Date {
        ClockArgument.date("2026-01-05T09:00", timeZone: zone) ?? Date(timeIntervalSince1970: 1_767_600_000)
    }

    package let bot: CompiledBot
    package let actions: ActionRegistry

    package init(bot: CompiledBot, actions: ActionRegistry) {
        self.bot = bot
        self.actions = actions
    }

    /// Runs one conversation; `onTurn` sees every turn (the REPL's `:load` prints them).
    package func run(
        _ test: ConversationTest,
        file: String,
        session: BotSession? = nil,
        sessionID: String = "test",
        onTurn: (TestStep, [Turn]) -> Void = { _, _ in }
    ) async -> ConversationResult {
        let started = Date()
        var failures: [String] = []
        let start: Date
        if let text = test.clock {
            guard let date = ClockArgument.date(text, timeZone: bot.timeZone) else {
                return ConversationResult(
                    file: file,
                    name: test.name,
                    location: test.location.description,
                    failures: ["\(test.location): \"\(text)\" is not a time (2026-11-23T09:00 or with an offset)"],
                    duration: 0,
                    line: test.location.line
                )
            }
            start = date
        } else {
            start = Self.defaultStart(in: bot.timeZone)
        }
        let session = session ?? BotSession(bot: bot, actions: actions, start: start, seed: test.seed)
        do {
            if let lang = test.lang { try await session.pin(LanguageCode(rawValue: lang), for: sessionID) }
            if test.startState != nil || !test.startSlots.isEmpty {
                let state = test.startState
                let slots = test.startSlots
                let home = bot
                guard state.map({ Self.stateKey($0, in: home) != nil }) ?? true else {
                    failures.append("\(test.location): the start state \(state ?? "") does not exist")
                    return ConversationResult(
                        file: file,
                        name: test.name,
                        location: test.location.description,
                        failures: failures,
                        duration: 0,
                        line: test.location.line
                    )
                }
                try await session.engine.update(sessionID) { conversation in
                    if let key = state.flatMap({ Self.stateKey($0, in: home) }) { conversation.state = key }
                    for (slot, value) in slots { conversation.slots[slot] = value }
                }
            }
        } catch {
            failures.append("\(test.location): \(error)")
        }
        for (index, step) in test.steps.enumerated() {
            let label = "step \(index + 1) (\(step.location))"
            do {
                let turns: [Turn]
                switch step.action {
                case .user(let text): turns = try await session.send(text, to: sessionID)
                case .notice(let event, let data):
                    do {
                        turns = try await session.deliver(event, data: data, to: sessionID)
                        if let code = step.expectError {
                            failures.append(
                                "\(label): expected the notice to be refused with \(code), it was delivered"
                            )
                        }
                    } catch let error as DeliveryError {
                        if step.expectError != error.code.rawValue {
                            failures.append("\(label): the notice was refused: \(error)")
                        }
                        onTurn(step, [])
                        continue
                    }
                case .clock(let text):
                    if let duration = ClockArgument.duration(text) {
                        turns = try await session.advance(by: duration)
                    } else if let date = ClockArgument.date(text, timeZone: bot.timeZone) {
                        turns = try await session.setClock(date)
                    } else {
                        failures.append("\(label): \"\(text)\" is neither +3d/P3D nor a time")
                        continue
                    }
                case .release: turns = try await session.release(sessionID)
                }
                onTurn(step, turns)
                let state = try await session.engine.conversation(sessionID)
                failures += Self.check(step.expect, turns: turns, state: state).map { "\(label): \($0)" }
            } catch {
                failures.append("\(label): \(error)")
            }
        }
        return ConversationResult(
            file: file,
            name: test.name,
            location: test.location.description,
            failures: failures,
            duration: Date().timeIntervalSince(started),
            line: test.location.line
        )
    }

    package static func stateKey(_ text: String, in bot: CompiledBot) -> StateKey? {
        guard let dot = text.lastIndex(of: ".") else { return nil }
        let key = StateKey(flow: String(text[..<dot]), state: String(text[text.index(after: dot)...]))
        return bot.stateNames.contains(key.description) ? key : nil
    }

    /// Every way `turns` fall short of `expect`, as `expected …, got …` lines.
    package static func check(_ expect: Expectation, turns: [Turn], state: ConversationState) -> [String] {
        var problems: [String] = []
        let message = turns.first { if case .message = $0.input { return true } else { return false } }
        let replies = turns.flatMap(\.replies)
        let effects = turns.flatMap(\.effects)
        if let intent = expect.intent, (message?.intent ?? "-") != intent {
            problems.append("intent: expected \(intent), got \(message?.intent ?? "no message turn")")
        }
        if let expected = expect.state, state.state.description != expected {
            problems.append("state: expected \(expected), got \(state.state)")
        }
        if let lang = expect.lang, (turns.last?.language.rawValue ?? "-") != lang {
            problems.append("lang: expected \(lang), got \(turns.last?.language.rawValue ?? "-")")
        }
        for (slot, expected) in expect.slots.sorted(by: { $0.key < $1.key }) {
            let actual = state.slots[slot]
            if actual != expected {
                problems.append(
                    "slot \(slot): expected \(expected.map { "\"\($0)\"" } ?? "unset"), got \(actual.map { "\"\($0)\"" } ?? "unset")"
                )
            }
        }
        if let responses = expect.responses, replies.map(\.response) != responses {
            problems.append("responses: expected \(responses), got \(replies.map(\.response))")
        }
        if let matchers = expect.replies {
            if matchers.count != replies.count {
                problems.append("replies: expected \(matchers.count), got \(replies.count)")
            }
            for (index, matcher) in matchers.enumerated() {
                let actual = index < replies.count ? replies[index].text : nil
                if actual.map(matcher.matches) != true {
                    problems.append(
                        "reply \(index + 1): expected \(matcher)\n      - got: \(actual.map { "\"\($0)\"" } ?? "nothing")"
                    )
                }
            }
        }
        if let matcher = expect.reply, !replies.contains(where: { matcher.matches($0.text) }) {
            let got = replies.map { "\"\($0.text)\"" }.joined(separator: "\n        ")
            problems.append("reply: expected one \(matcher)\n      - got: \(got.isEmpty ? "no reply" : got)")
        }
        for (kind, details) in expect.effects {
            let found = effects.contains { effect in
                effect.kind.rawValue == kind && details.allSatisfy { effect.details[$0.key] == $0.value }
            }
            if !found {
                problems.append(
                    "effects: expected \(kind) \(details.isEmpty ? "" : "\(details) "), got \(effects.map(\.description))"
                )
            }
        }
        for kind in expect.noEffects where effects.contains(where: { $0.kind.rawValue == kind }) {
            problems.append("effects: expected no \(kind), got \(effects.map(\.description))")
        }
        if let handoff = expect.handoff, (state.handoff != nil) != handoff {
            problems.append(
                "handoff: expected \(handoff ? "handed off" : "with the bot"), got \(state.handoff != nil ? "handed off (\(state.handoff?.reason ?? ""))" : "with the bot")"
            )
        }
        return problems
    }
}
