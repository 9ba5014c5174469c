import Foundation
import Testing

/// `hiwar repl` in a real terminal (tmux): line editing, completion, history, Ctrl-C and
/// Ctrl-D, notices, time travel, `:why`, and `:save` producing a test that `hiwar test` passes.
@Suite("Interactive REPL in a terminal", .serialized)
final class InteractiveReplTests {
    /// A fresh folder per test (Swift Testing makes an instance per test), removed afterwards.
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repl-tty-\(UUID().uuidString)")
    private var history: URL { folder.appendingPathComponent("history") }

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    private func start(history: URL) throws -> TerminalSession {
        let session = try TerminalSession(
            [CLIRunner.binary.path, "repl", "Intents", "--clock", "2026-11-23T09:00", "--history", history.path],
            in: CLIRunner.packageRoot
        )
        // Starting is not what is tested: under the full suite's load (four servers and PostgreSQL in the fault
        // test) a debug build may take a while to compile the bot; each step after it keeps its 20 s.
        try session.waitFor("Type :help", seconds: 120)
        return session
    }

    @Test("a whole session: completion, a notice, a reminder fired by :clock, :why, history, :save → hiwar test")
    func wholeSession() throws {
        let saved = folder.appendingPathComponent("saved.json")
        let terminal = try start(history: history)
        defer { terminal.close() }

        // Tab completes the command, the event and its fields.
        try terminal.type(":ev")
        try terminal.press("Tab")
        try terminal.waitFor("you> :event ")
        try terminal.type("card.expiri")
        try terminal.press("Tab")
        try terminal.waitFor("you> :event card.expiring ")
        try terminal.type("card_")
        try terminal.press("Tab")
        try terminal.waitFor("card.expiring card_last4=")
        try terminal.enter("4821 expiry=2026-02")
        try terminal.waitFor("4821")
        try terminal.waitFor("state common.idle → card.expiring")

        // A customer's answer, then time travel fires the reminder it asked for.
        try terminal.enter("remind me next week")
        try terminal.waitFor("card.remind_later")
        try terminal.enter(":clock +7d")
        try terminal.waitFor("clock: 2026-11-30")
        try terminal.waitFor("→ card.reminded")

        // :why explains the last message: pattern locations and the deciding rule.
        try terminal.enter(":why")
        let why = try terminal.waitFor("decided by:")
        #expect(why.contains("normalized: remind me next week"))
        #expect(why.contains("cards.json:"))

        // Ctrl-C abandons a half-typed line; the REPL goes on.
        try terminal.type("this line is abandoned")
        try terminal.press("C-c")
        try terminal.enter(":state")
        let state = try terminal.waitFor("state:    card.reminded")
        #expect(!state.contains("this line is abandoned\n  fallback"))

        // Arabic through the line editor, and history recall (Up) of the previous line.
        try terminal.enter("حدث البطاقة")
        try terminal.waitFor("card.update · ")
        try terminal.press("Up")
        try terminal.waitFor("you> حدث البطاقة", count: 2)
        try terminal.press("C-c")

        // :save, then Ctrl-D leaves, and the saved conversation passes as a test.
        try terminal.enter(":save \(saved.path)")
        try terminal.waitFor("saved 4 steps")
        try terminal.press("C-d")
        try terminal.waitForExit()
        let test = try CLIRunner.run(["test", saved.path])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("saved.json › saved"))
        #expect(test.stdout.contains(" passed, 0 failed"))

        // The history outlives the session: the next one recalls the last line typed.
        let next = try start(history: history)
        defer { next.close() }
        try next.press("Up")
        try next.waitFor("you> :save \(saved.path)")
        try next.press("C-c")
        try next.press("C-d")
        try next.waitForExit()
    }

    @Test("under make, Ctrl-C at the prompt reaches only the REPL: make neither stops nor says Interrupt")
    func interruptUnderMake() throws {
        let makefile = folder.appendingPathComponent("repl.mk")
        try "repl:\n\t'\(CLIRunner.binary.path)' repl Intents --history none\n".write(
            to: makefile,
            atomically: true,
            encoding: .utf8
        )
        let terminal = try TerminalSession(
            ["sh", "-c", "make -s -f '\(makefile.path)' repl; echo make-exit=$?"],
            in: CLIRunner.packageRoot
        )
        defer { terminal.close() }
        try terminal.waitFor("Type :help")
        try terminal.type("a line abandoned")
        try terminal.press("C-c")
        try terminal.enter("hello")
        try terminal.waitFor("bot> Hello")
        try terminal.enter(":quit")
        let screen = try terminal.waitFor("make-exit=")
        #expect(screen.contains("make-exit=0"))
        #expect(!screen.contains("Interrupt"))
    }

    @Test("--no-color: no escape sequences on a terminal; colours without it")
    func noColor() throws {
        let broken = CLIRunner.packageRoot.appendingPathComponent("Tests/HiwarCLITests/Fixtures/broken-bot").path
        for (flag, coloured) in [([String](), true), (["--no-color"], false)] {
            let terminal = try TerminalSession(
                ["env", "-u", "NO_COLOR", CLIRunner.binary.path, "validate", broken] + flag,
                in: CLIRunner.packageRoot,
                environment: ["TERM": "xterm-256color"]
            )
            defer { terminal.close() }
            try terminal.waitForExit()
            let screen = try terminal.screen(escapes: true)
            #expect(screen.contains("unknown-key"))
            #expect(screen.contains("\u{1B}[") == coloured, "validate \(flag): \(screen)")
        }
    }

    @Test("a line with a full card number never reaches the history file")
    func cardNumbersStayOutOfHistory() throws {
        let terminal = try start(history: history)
        defer { terminal.close() }
        for form in [
            "my card is 4111 1111 1111 1111", "کارت ۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱", "card 4111\u{A0}1111\u{2013}1111\u{200B}1111",
            "order 123456789012345678901 card 4111111111111111", ":event card.expiring card_last4=4111111111111111",
        ] {
            try terminal.enter(form)
        }
        try terminal.enter("hello")
        try terminal.waitFor("bot> Hello")
        try terminal.press("C-d")
        try terminal.waitForExit()
        let kept = try String(contentsOf: history, encoding: .utf8)
        #expect(kept.contains("hello"))
        #expect(!kept.contains("4111") && !kept.contains("۴۱۱۱"))
        let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
