internal import Foundation
public import HiwarSyntax
public import Logging
internal import Synchronization

/// Runs conversations: messages, notices, reminders and handoffs over a compiled bot.
///
/// One engine serves any number of conversations. Turns of one conversation run one at a time in
/// arrival order; different conversations run in parallel. Every turn loads the conversation
/// from the ``SessionStore`` and saves it before returning, so with a persistent store nothing
/// is lost when the process stops — reminders included.
///
/// ```swift
/// let bot = try CompiledBot(paths: ["Intents"])
/// let engine = DialogueEngine(bot: bot, actions: actions)
/// let notice = try await engine.deliver(event: "order.shipped", data: ["order_id": "A-10293", "eta": "2026-11-25"], to: "+9715550100")
/// let answer = try await engine.send("when will it arrive?", to: "+9715550100")
/// print(answer.replies.map(\.text))
/// ```
public final class DialogueEngine: Sendable {
    private let current: Mutex<CompiledBot>
    private let lanes = ConversationLanes()
    /// The handlers of the bot's actions.
    public let actions: ActionRegistry
    /// Where conversations are kept.
    public let store: any SessionStore
    /// Where the engine reads the time.
    public let clock: any ConversationClock
    private let seed: UInt64?
    private let logger: Logger

    /// Creates an engine.
    ///
    /// - Parameters:
    ///   - bot: The compiled bot.
    ///   - actions: Handlers for the bot's actions; a missing one takes the action's error path.
    ///   - store: Where conversations are kept (in memory by default).
    ///   - clock: The time source (the system clock by default; ``ManualClock`` in tests).
    ///   - seed: Fixes the choice among response variations (deterministic replies in tests);
    ///     `nil` picks a random seed per conversation.
    ///   - logger: Receives one debug record per turn (sensitive values masked) and scheduler errors. The host's
    ///     logger: by default the engine logs nothing (a library writes only where its host says).
    public init(
        bot: CompiledBot,
        actions: ActionRegistry = ActionRegistry(),
        store: any SessionStore = InMemorySessionStore(),
        clock: any ConversationClock = SystemClock(),
        seed: UInt64? = nil,
        logger: Logger = Logger(label: "hiwar.engine", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.current = Mutex(bot)
        self.actions = actions
        self.store = store
        self.clock = clock
        self.seed = seed
        self.logger = logger
    }

    /// The bot conversations run on now.
    public var bot: CompiledBot { current.withLock { $0 } }

    /// Swaps in a new bot (hot reload).
    ///
    /// Turns in progress finish on the old one; a conversation whose state the new bot no longer has goes to the start
    /// state at its next turn.
    public func replaceBot(_ bot: CompiledBot) {
        current.withLock { $0 = bot }
    }

    // MARK: Turns

    /// Handles a customer's message.
    ///
    /// - Parameters:
    ///   - text: What the customer wrote.
    ///   - conversation: The conversation's id.
    ///   - idempotencyKey: The channel's id for this message (an HTTP `Idempotency-Key`, a platform's message
    ///     id): a message whose key the conversation has seen within the bot's `idempotencyRetention` changes
    ///     nothing; its turn has a `duplicate` effect, no replies, and the index of the conversation's last turn.
    /// - Returns: The message's turn.
    /// - Throws: What the store throws; nothing is saved then.
    @discardableResult
    public func send(_ text: String, to conversation: String, idempotencyKey: String? = nil) async throws -> Turn {
        try await turn(conversation, input: .message(text)) { runner in
            if let idempotencyKey, runner.isDuplicateMessage(key: idempotencyKey) { return }
            await runner.handleMessage(text)
        }
    }

    /// Delivers a notice from the business.
    ///
    /// - Parameters:
    ///   - event: The event's name.
    ///   - data: Its payload.
    ///   - language: The customer's language, when the business knows it: the conversation keeps it (unless it is
    ///     pinned), so the notice and the replies after it are in that language. `nil` keeps the conversation's.
    ///   - idempotencyKey: The sender's key for this notice (an HTTP `Idempotency-Key`): a notice whose key the
    ///     conversation has seen within the bot's `idempotencyRetention` is not applied again and changes nothing;
    ///     its turn has a `duplicate` effect and the index of the conversation's last turn. The keys an event
    ///     declares from its fields work the same way.
    ///   - conversation: The conversation's id.
    /// - Returns: The notice's turn.
    /// - Throws: ``DeliveryError`` when the bot declares no such event or the payload does not
    ///   fit it (the conversation is not touched), or what the store throws.
    @discardableResult
    public func deliver(
        event: String,
        data: [String: String] = [:],
        language: LanguageCode? = nil,
        idempotencyKey: String? = nil,
        to conversation: String
    ) async throws -> Turn {
        let program = bot.dialogue
        try EventPayload.validate(data, for: program.events[event], named: event)
        if let language, !program.languages.contains(language) {
            throw DeliveryError(
                code: .unknownLanguage,
                message:
                    "the bot does not speak \"\(language)\" (its languages: \(program.languages.map(\.rawValue).joined(separator: ", ")))",
                field: nil
            )
        }
        return try await turn(conversation, input: .event(event, data: data)) { runner in
            if let language, runner.state.pinnedLanguage == nil { runner.state.language = language }
            if let idempotencyKey, runner.isDuplicate(event, key: idempotencyKey) { return }
            await runner.handleEvent(event, data: data)
        }
    }

    /// Gives a handed-off conversation back to the bot; notices held meanwhile are delivered.
    @discardableResult
    public func release(_ conversation: String) async throws -> Turn {
        try await turn(conversation, input: .release) { runner in
            await runner.release()
        }
    }

    /// Fires every reminder and timeout due by the clock's time, in each conversation's lane.
    ///
    /// Call it periodically (``runScheduler(every:onTurn:)`` does) and after moving a
    /// ``ManualClock``. Every job due when the call starts fires; a job that a fired one schedules
    /// already due waits for the next call. Jobs found overdue by more than the bot's grace (after
    /// a restart) follow its `overdueJobs` policy.
    ///
    /// Each fired job's turn is committed with the conversation's outbox, handed to `onTurn` as soon
    /// as it is committed, and taken out of the outbox once `onTurn` returns. A process that dies in
    /// between hands it over again on the next call, with the same ``Turn/id``: delivery is at least
    /// once, and a channel drops a repeated id. Turns a previous process left in an outbox come
    /// first.
    ///
    /// - Parameter onTurn: Hands a turn to the host (sends its replies). Called once per turn, from the
    ///   conversation's lane: turns of one conversation in order, conversations in parallel. When it throws,
    ///   the turn stays in the outbox and that conversation fires nothing more until a later call hands
    ///   it over (a webhook that is down delays, and never loses or reorders, a conversation's turns).
    /// - Returns: Every turn handed over, by conversation in due order.
    /// - Throws: What the store throws; a turn committed before it is handed over on the next call.
    @discardableResult
    public func runDueJobs(onTurn: (@Sendable (Turn) async throws -> Void)? = nil) async throws -> [Turn] {
        let now = clock.now()
        let due = try await store.conversationsWithJobs(dueBy: now)
        return try await withThrowingTaskGroup(of: [Turn].self) { group in
            for id in due {
                group.addTask { try await self.fireJobs(of: id, dueBy: now, onTurn: onTurn) }
            }
            var turns: [Turn] = []
            for try await batch in group { turns += batch }
            return turns.sorted { ($0.at, $0.conversation, $0.index) < ($1.at, $1.conversation, $1.index) }
        }
    }

    /// Fires due jobs every `interval` until the task is cancelled, passing each turn to `onTurn`.
    public func runScheduler(
        every interval: Duration = .seconds(1),
        onTurn: @escaping @Sendable (Turn) async throws -> Void
    ) async {
        while !Task.isCancelled {
            do {
                try await runDueJobs(onTurn: onTurn)
            } catch {
                logger.error("scheduler: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func fireJobs(
        of id: String,
        dueBy now: Date,
        onTurn: (@Sendable (Turn) async throws -> Void)?
    ) async throws -> [Turn] {
        try await lanes.run(id) {
            var turns: [Turn] = []
            // Turns committed by a process that died, or a host that failed, before handing them over. Another
            // process may hand the same turn over too (at least once, same id); nothing is lost.
            let waiting = try await self.store.exclusively(id) { try await self.store.load(id)?.outbox ?? [] }
            if !waiting.isEmpty {
                var handed: Set<String> = []
                var failed = false
                for turn in waiting {
                    do {
                        try await onTurn?(turn)
                    } catch {
                        self.logger.warning("outbox: \(turn.id) not handed over: \(error)")
                        failed = true
                        break
                    }
                    handed.insert(turn.id)
                    turns.append(turn)
                }
                try await self.removeFromOutbox(id, handed)
                // Order within a conversation holds: nothing new fires while an older turn waits.
                if failed { return turns }
            }
            let pending = try await self.store.exclusively(id) { try await self.store.load(id)?.jobs ?? [] }
            let due = pending.filter { $0.due <= now }.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map(\.id)
            for jobID in due {
                // Claimed under the conversation's lock, from the state as committed: a job another process fired
                // is gone, so each job fires once, and leaves in the same commit as the turn it produced.
                let fired = try await self.store.exclusively(id) { () async throws -> Turn? in
                    guard let current = try await self.store.load(id),
                        let job = current.jobs.first(where: { $0.id == jobID })
                    else { return nil }
                    return try await self.runTurn(
                        state: current,
                        input: .scheduled(jobID: job.id, due: job.due),
                        now: now,
                        outbox: true
                    ) {
                        await $0.fire(job)
                    }
                }
                guard let turn = fired else { continue }
                do {
                    try await onTurn?(turn)
                } catch {
                    // Committed in the outbox: the next call hands it over first, then fires the rest.
                    self.logger.warning("outbox: \(turn.id) not handed over: \(error)")
                    return turns
                }
                turns.append(turn)
                try await self.removeFromOutbox(id, [turn.id])
            }
            return turns
        }
    }

    /// Takes handed-over turns out of a conversation's outbox.
    private func removeFromOutbox(_ id: String, _ handed: Set<String>) async throws {
        guard !handed.isEmpty else { return }
        try await store.exclusively(id) {
            if var state = try await self.store.load(id), state.outbox.contains(where: { handed.contains($0.id) }) {
                state.outbox.removeAll { handed.contains($0.id) }
                try await self.store.save(state)
            }
        }
    }

    // MARK: Conversations

    /// The conversation with `id` as stored, or a new one at the bot's start state (not saved).
    public func conversation(_ id: String) async throws -> ConversationState {
        try await store.load(id) ?? newConversation(id)
    }

    /// Changes a conversation outside a turn (start mid-flow in a test, pin a language), saved
    /// in its lane.
    public func update(_ id: String, _ change: @escaping @Sendable (inout ConversationState) -> Void) async throws {
        try await lanes.run(id) {
            try await self.store.exclusively(id) {
                var state = try await self.store.load(id) ?? self.newConversation(id)
                change(&state)
                try await self.store.save(state)
            }
        }
    }

    /// Forgets a conversation.
    public func reset(_ id: String) async throws {
        try await lanes.run(id) { try await self.store.exclusively(id) { try await self.store.delete(id) } }
    }

    private func newConversation(_ id: String) -> ConversationState {
        let seed = self.seed.map { $0 ^ ResponseRenderer.mix(0, id, 0) } ?? UInt64.random(in: .min ... .max)
        return ConversationState(id: id, state: bot.dialogue.home, seed: seed)
    }

    private func turn(
        _ id: String,
        input: Turn.Input,
        _ body: @escaping @Sendable (inout TurnRunner) async -> Void
    ) async throws -> Turn {
        try await lanes.run(id) {
            try await self.store.exclusively(id) {
                let state = try await self.store.load(id) ?? self.newConversation(id)
                return try await self.runTurn(state: state, input: input, now: self.clock.now(), body)
            }
        }
    }

    /// Runs one turn and commits it; with `outbox`, the turn is committed in the conversation's outbox
    /// too, to be handed over and then taken out by the caller.
    private func runTurn(
        state: ConversationState,
        input: Turn.Input,
        now: Date,
        outbox: Bool = false,
        _ body: @Sendable (inout TurnRunner) async -> Void
    ) async throws -> Turn {
        let bot = self.bot
        var runner = TurnRunner(bot: bot, actions: actions, state: state, input: input, now: now)
        if bot.dialogue.states[runner.state.state] == nil {
            runner.effect(.stateReset, ["from": runner.state.state.description, "to": bot.dialogue.home.description])
            runner.state.state = bot.dialogue.home
            runner.state.returnStack.removeAll()
            runner.state.awaiting = nil
        }
        await body(&runner)
        var (saved, turn) = runner.finish()
        // A redelivered message or notice changes nothing, so nothing is committed: a retry after a lost answer
        // leaves the conversation as one delivery left it (its turn count, and so its later replies, included).
        let fromHost: Bool
        switch input {
        case .message, .event: fromHost = true
        case .scheduled, .release: fromHost = false
        }
        if runner.isRedelivery && !outbox && fromHost {
            turn.index = state.turnCount
            return turn
        }
        if outbox { saved.outbox.append(turn) }
        try await store.save(saved)
        log(turn)
        return turn
    }

    private func log(_ turn: Turn) {
        logger.debug(
            "turn",
            metadata: [
                "conversation": "\(turn.conversation)",
                "turn": "\(turn.index)",
                "intent": "\(turn.intent ?? "-")",
                "state": "\(turn.stateBefore) -> \(turn.stateAfter)",
                "slots": "\(turn.slots.keys.sorted().map { "\($0)=\(turn.slots[$0] ?? "")" }.joined(separator: " "))",
                "replies": "\(turn.replies.map(\.response).joined(separator: ","))",
                "effects": "\(turn.effects.map(\.kind.rawValue).joined(separator: ","))",
            ]
        )
    }
}
