import Foundation
import Hiwar
import HiwarTesting

/// The interactive loop of `hiwar repl`: messages, colon commands, automatic reload.
struct InteractiveRepl {
    let directory: String
    let session: BotSession
    let actionsPath: String?
    let seed: UInt64
    let start: Date

    private let id = "repl"
    private var lastMessage: (text: String, expected: Set<String>, now: Date)?
    private var lastTurns: [Turn] = []
    private var recorded: [SavedStep] = []
    private var modified: [String: Date] = [:]
    private let colors: Bool
    private let interactive = isatty(STDIN_FILENO) == 1
    private var reader: any LineReader

    init(
        directory: String,
        session: BotSession,
        actionsPath: String?,
        seed: UInt64,
        start: Date,
        historyPath: String?,
        compiledFiles: [String: Date]? = nil,
        colors: Bool = Terminal.colorsOnStandardOutput
    ) {
        self.colors = colors
        self.directory = directory
        self.session = session
        self.actionsPath = actionsPath
        self.seed = seed
        self.start = start
        self.modified = compiledFiles ?? Self.modificationDates(directory)
        if Terminal.isInteractive {
            reader = EditLineReader(historyPath: historyPath, completion: Self.completion(for: session.bot))
        } else {
            reader = PlainLineReader()
        }
    }

    /// The names tab completion offers for a bot.
    static func completion(for bot: CompiledBot) -> ReplCompletion {
        var events: [String: [String]] = [:]
        for event in bot.definition.events { events[event.name.value] = event.fields.map(\.name.value) }
        return ReplCompletion(
            intents: bot.intentNames.sorted(),
            events: events,
            slots: bot.slotNames,
            languages: bot.languages.map(\.rawValue)
        )
    }

    static let help = """
        <message>              talk to the bot as the customer
        :event NAME k=v …      deliver a notice (or :event NAME {"k": "v"})
        :clock                 show the manual clock
        :clock +3d | +2h | P1W move the clock forward; reminders that fall due fire
        :clock 2026-12-01T09:00  set the clock (bot's time zone, or give an offset)
        :state                 the current state, sub-flow stack, awaited slot, handoff and jobs
        :slots [NAME]          what the conversation knows (sensitive values masked)
        :why                   the last message's full explanation and the transitions taken
        :why INTENT            why that intent did or did not win the last message
        :lang en|ar|fa|auto    fix the reply language, or follow the customer again
        :release               give a handed-off conversation back to the bot
        :reload                compile the bot again (also automatic when a file changes)
        :save FILE             write this conversation as a conversation test
        :load FILE             replay a conversation test here
        :reset                 start a new conversation
        :help                  this list
        :quit                  leave (Ctrl-D too)

        On a terminal: Tab completes commands, events and their fields, intents, slots and
        languages; Up and Down walk the history (kept between sessions, see --history);
        Ctrl-C abandons the line being typed.
        """

    mutating func run() async {
        if interactive {
            print(
                "hiwar \(HiwarVersion.number): \(session.bot.intentNames.count) intents, "
                    + "\(session.bot.stateNames.count) states from \(directory); clock \(TurnPrinter.timestamp(session.clock.now())). "
                    + "Type :help for commands, :quit to leave."
            )
        }
        while true {
            fflush(nil)
            let line: String
            switch reader.read(prompt: "you> ") {
            case .end: return
            case .interrupted: continue
            case .line(let text): line = text
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            // A line carrying a full card number (in any form CardNumbers knows) stays out of the history file.
            if !CardNumbers.contains(trimmed) { reader.remember(trimmed) }
            reloadIfChanged()
            if trimmed.hasPrefix(":") {
                if await !command(trimmed) { return }
            } else {
                await message(line)
            }
            fflush(nil)
        }
    }

    private mutating func message(_ text: String) async {
        do {
            let before = try await session.engine.conversation(id)
            let expected = Set(
                session.bot.definition.flows.first { $0.name.value == before.state.flow }?
                    .states.first { $0.name.value == before.state.state }?.expects.map(\.value) ?? []
            )
            // :why explains, and :save writes, only what may be kept: card numbers masked.
            lastMessage = (CardNumbers.redacted(text), expected, session.clock.now())
            let turns = try await session.send(text, to: id)
            show(turns)
            if CardNumbers.contains(text) {
                // Refused, it changed nothing the later steps depend on; masked, it would not replay the same.
                print("(a message with a full card number is not recorded for :save)")
            } else {
                recorded.append(SavedStep(user: text, turns: turns, state: try await session.engine.conversation(id)))
            }
        } catch {
            print("error: \(error)")
        }
    }

    private func show(_ turns: [Turn]) {
        let printer = TurnPrinter(colors: colors)
        for turn in turns { print(printer.human(turn)) }
    }

    /// Runs a colon command; `false` to quit.
    private mutating func command(_ line: String) async -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        do {
            switch name {
            case ":quit", ":q", ":exit": return false
            case ":help": print(Self.help)
            case ":why": why(argument)
            case ":state": try await printState()
            case ":slots": try await printSlots(argument)
            case ":event": try await event(argument)
            case ":clock": try await clock(argument)
            case ":lang": try await language(argument)
            case ":release":
                let turns = try await session.release(id)
                show(turns)
                recorded.append(SavedStep(release: turns, state: try await session.engine.conversation(id)))
            case ":reload": reload(reason: "reloaded")
            case ":save": try save(argument)
            case ":load": try await load(argument)
            case ":reset":
                try await session.engine.reset(id)
                recorded.removeAll()
                lastMessage = nil
                print("a new conversation starts at \(session.bot.startState)")
            default: print("unknown command \(name); :help lists the commands")
            }
        } catch {
            print("error: \(error)")
        }
        return true
    }

    private func why(_ intent: String) {
        guard let lastMessage else {
            print("nothing to explain yet: type a message first")
            return
        }
        if !intent.isEmpty {
            let report = session.bot.explain(
                lastMessage.text,
                intent: intent,
                expected: lastMessage.expected,
                now: lastMessage.now
            )
            print(report.description)
            return
        }
        print(session.bot.explain(lastMessage.text, expected: lastMessage.expected, now: lastMessage.now).description)
        if let turn = lastTurnsForWhy() {
            print("transitions:")
            for effect in turn.effects
            where effect.kind == .transition || effect.kind == .action || effect.kind == .invalidAnswer {
                print("  \(effect)")
            }
            print("  state \(turn.stateBefore) → \(turn.stateAfter); replies: \(turn.replies.map(\.response))")
        }
    }

    private func lastTurnsForWhy() -> Turn? { recorded.last { $0.user != nil }?.turn }

    private func printState() async throws {
        let state = try await session.engine.conversation(id)
        print("state:    \(state.state)")
        if !state.returnStack.isEmpty {
            print("returns:  \(state.returnStack.map(\.description).reversed().joined(separator: " ← "))")
        }
        if let awaiting = state.awaiting { print("awaiting: \(awaiting) (attempt \(state.attempts + 1))") }
        print(
            "language: \(state.pinnedLanguage.map { "\($0) (fixed)" } ?? state.language?.rawValue ?? "\(session.bot.defaultLanguage) (default)")"
        )
        if let handoff = state.handoff {
            print("handoff:  \(handoff.reason) since \(TurnPrinter.timestamp(handoff.since))")
        }
        print("clock:    \(TurnPrinter.timestamp(session.clock.now()))")
        for job in state.jobs {
            switch job.kind {
            case .event(let pending): print("job \(job.id):    \(pending.event) at \(TurnPrinter.timestamp(job.due))")
            case .timeout(let key, _, _):
                print("job \(job.id):    timeout of \(key) at \(TurnPrinter.timestamp(job.due))")
            }
        }
        if !state.heldEvents.isEmpty { print("held:     \(state.heldEvents.map(\.event).joined(separator: ", "))") }
    }

    private func printSlots(_ only: String) async throws {
        let state = try await session.engine.conversation(id)
        if !only.isEmpty && !session.bot.slotNames.contains(only) {
            print("no slot is called \(only); slots: \(session.bot.slotNames.joined(separator: ", "))")
            return
        }
        if !only.isEmpty && state.slots[only] == nil { print("\(only) is not set") }
        if only.isEmpty && state.slots.isEmpty { print("no slots set") }
        for slot in state.slots.keys.sorted() where only.isEmpty || slot == only {
            let value = state.slots[slot] ?? ""
            print("\(slot) = \(session.bot.isSensitive(slot: slot) ? Redaction.mask(value) : value)")
        }
    }

    private mutating func event(_ argument: String) async throws {
        let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            print("usage: :event NAME key=value …   (events: \(session.bot.eventNames.joined(separator: ", ")))")
            return
        }
        var data: [String: String] = [:]
        let rest = parts.count > 1 ? parts[1] : ""
        if rest.hasPrefix("{") {
            switch JSONDocument.read(SourceFile(path: "<event>", text: rest)) {
            case .failure(let error):
                print("error: column \(error.location.column): \(error.message)")
                return
            case .success(let node):
                for member in node.members ?? [] { data[member.key] = member.value.scalarText }
            }
        } else {
            for pair in rest.split(separator: " ") {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard keyValue.count == 2 else {
                    print("error: \"\(pair)\" is not key=value")
                    return
                }
                data[keyValue[0]] = keyValue[1]
            }
        }
        do {
            let turns = try await session.deliver(name, data: data, to: id)
            show(turns)
            recorded.append(
                SavedStep(notice: name, data: data, turns: turns, state: try await session.engine.conversation(id))
            )
        } catch let error as DeliveryError {
            print("refused (\(error.code.rawValue)): \(error.message)")
        }
    }

    private mutating func clock(_ argument: String) async throws {
        if argument.isEmpty {
            print("clock: \(TurnPrinter.timestamp(session.clock.now()))")
            return
        }
        let turns: [Turn]
        if let duration = ClockArgument.duration(argument) {
            turns = try await session.advance(by: duration)
        } else if let date = ClockArgument.date(argument, timeZone: session.bot.timeZone) {
            turns = try await session.setClock(date)
        } else {
            print("usage: :clock +3d | +2h | P1W | 2026-12-01T09:00")
            return
        }
        print("clock: \(TurnPrinter.timestamp(session.clock.now()))")
        show(turns)
        recorded.append(SavedStep(clock: argument, turns: turns, state: try await session.engine.conversation(id)))
    }

    private func language(_ argument: String) async throws {
        if argument == "auto" {
            try await session.pin(nil, for: id)
            print("replies follow the customer's language")
        } else if session.bot.languages.contains(LanguageCode(rawValue: argument)) {
            try await session.pin(LanguageCode(rawValue: argument), for: id)
            print("replies in \(argument)")
        } else {
            print("usage: :lang \(session.bot.languages.map(\.rawValue).joined(separator: "|"))|auto")
        }
    }

    private mutating func reloadIfChanged() {
        let now = Self.modificationDates(directory)
        if now != modified {
            modified = now
            reload(reason: "files changed; reloaded")
        }
    }

    private mutating func reload(reason: String) {
        modified = Self.modificationDates(directory)
        let result = BotCompiler.compile(paths: [directory])
        if !result.diagnostics.isEmpty {
            let formatter = DiagnosticFormatter(diagnostics: result.diagnostics, files: result.files, colors: colors)
            print(formatter.render(.human), terminator: "")
        }
        guard let bot = result.bot else {
            print("the bot did not compile; still running the previous one")
            return
        }
        session.engine.replaceBot(bot)
        EditLineReader.update(Self.completion(for: bot))
        print("\(reason): \(bot.intentNames.count) intents, \(bot.stateNames.count) states")
    }

    static func modificationDates(_ directory: String) -> [String: Date] {
        var dates: [String: Date] = [:]
        let files = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []
        for file in files where file.hasSuffix(".json") {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            dates[path] = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        return dates
    }

    private func save(_ path: String) throws {
        guard !path.isEmpty else {
            print("usage: :save FILE")
            return
        }
        let target = URL(fileURLWithPath: path).standardized
        let folder = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = SavedFile(
            bot: Self.relativePath(from: folder, to: URL(fileURLWithPath: directory).standardized),
            actions: actionsPath.map { Self.relativePath(from: folder, to: URL(fileURLWithPath: $0).standardized) },
            conversations: [
                SavedConversation(
                    name: target.deletingPathExtension().lastPathComponent,
                    clock: TurnPrinter.timestamp(start),
                    seed: seed,
                    steps: recorded
                )
            ]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(file)
        data.append(0x0A)  // a text file ends with a newline
        try PrivateFile.write(data, to: target.path)
        print("saved \(recorded.count) steps to \(path); run it with: hiwar test \(path)")
    }

    private mutating func load(_ path: String) async throws {
        guard let source = SourceFile(contentsOf: path) else {
            print("error: cannot read \(path)")
            return
        }
        let file = try ConversationTestDecoder.decode(source)
        let runner = ConversationRunner(bot: session.bot, actions: session.engine.actions)
        for conversation in file.conversations {
            try await session.engine.reset(id)
            if let text = conversation.clock, let date = ClockArgument.date(text, timeZone: session.bot.timeZone) {
                session.clock.set(date)
            }
            print(Terminal.paint("▶ \(conversation.name)", .bold, enabled: colors))
            let printer = TurnPrinter(colors: colors)
            let result = await runner.run(conversation, file: path, session: session, sessionID: id) { step, turns in
                switch step.action {
                case .user(let text): print("you> \(text)")
                case .notice(let event, _): print("notice> \(event)")
                case .clock(let text): print("clock> \(text)")
                case .release: print("release>")
                }
                for turn in turns { print(printer.human(turn)) }
            }
            if result.passed {
                print(Terminal.paint("✔ every expectation held", .green, enabled: colors))
            } else {
                for failure in result.failures { print(Terminal.paint("✘ " + failure, .red, enabled: colors)) }
            }
        }
    }

    static func relativePath(from folder: URL, to target: URL) -> String {
        let base = folder.pathComponents
        let path = target.pathComponents
        var common = 0
        while common < min(base.count, path.count) && base[common] == path[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        let rest = Array(path[common...])
        let joined = (ups + rest).joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}

/// What `:save` writes: the conversation test format.
struct SavedFile: Encodable {
    let bot: String
    let actions: String?
    let conversations: [SavedConversation]
}

struct SavedConversation: Encodable {
    let name: String
    let clock: String
    let seed: UInt64
    let steps: [SavedStep]
}

struct SavedStep: Encodable {
    struct Expect: Encodable {
        var intent: String?
        var state: String
        var responses: [String]
    }

    var user: String?
    var notice: String?
    var data: [String: String]?
    var clock: String?
    var release: Bool?
    var expect: Expect
    /// The turn, for `:why`; not written.
    var turn: Turn?

    private enum CodingKeys: String, CodingKey {
        case user, notice, data, clock, release, expect
    }

    init(user: String, turns: [Turn], state: ConversationState) {
        self.user = user
        expect = Expect(
            intent: turns.first?.intent,
            state: state.state.description,
            responses: turns.flatMap { $0.replies.map(\.response) }
        )
        turn = turns.first
    }

    init(notice: String, data: [String: String], turns: [Turn], state: ConversationState) {
        self.notice = notice
        self.data = data.mapValues(CardNumbers.redacted)
        expect = Expect(state: state.state.description, responses: turns.flatMap { $0.replies.map(\.response) })
    }

    init(clock: String, turns: [Turn], state: ConversationState) {
        self.clock = clock
        expect = Expect(state: state.state.description, responses: turns.flatMap { $0.replies.map(\.response) })
    }

    init(release turns: [Turn], state: ConversationState) {
        release = true
        expect = Expect(state: state.state.description, responses: turns.flatMap { $0.replies.map(\.response) })
    }
}
