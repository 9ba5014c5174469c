package import Foundation
package import Hiwar
import Logging

/// One bot under test: a dialogue engine on a manual clock, fixture actions and a store (in memory by default).
///
/// The REPL, `repl --json` and `hiwar test` all drive conversations through it, so what an author sees in the REPL is
/// what a test checks.
package final class BotSession: Sendable {
    package let engine: DialogueEngine
    package let clock: ManualClock

    package init(
        bot: CompiledBot,
        actions: ActionRegistry,
        start: Date,
        seed: UInt64 = 1,
        store: any SessionStore = InMemorySessionStore()
    ) {
        clock = ManualClock(start)
        engine = DialogueEngine(
            bot: bot,
            actions: actions,
            store: store,
            clock: clock,
            seed: seed,
            logger: .init(label: "hiwar.repl") { _ in SwiftLogNoOpLogHandler() }
        )
    }

    package var bot: CompiledBot { engine.bot }

    /// A message; messages do not move the clock.
    package func send(_ text: String, to session: String) async throws -> [Turn] {
        [try await engine.send(text, to: session)]
    }

    /// A notice.
    ///
    /// Throws ``DeliveryError`` for a bad payload.
    package func deliver(_ event: String, data: [String: String], to session: String) async throws -> [Turn] {
        [try await engine.deliver(event: event, data: data, to: session)]
    }

    /// Moves the clock forward and fires what falls due (for every session).
    package func advance(by duration: ISODuration) async throws -> [Turn] {
        clock.advance(by: duration, in: bot.timeZone)
        return try await engine.runDueJobs()
    }

    /// Sets the clock and fires what falls due.
    package func setClock(_ date: Date) async throws -> [Turn] {
        clock.set(date)
        return try await engine.runDueJobs()
    }

    /// Hands a conversation back to the bot.
    package func release(_ session: String) async throws -> [Turn] {
        [try await engine.release(session)]
    }

    /// Fixes (or with `nil`, frees) a session's reply language.
    package func pin(_ language: LanguageCode?, for session: String) async throws {
        try await engine.update(session) { $0.pinnedLanguage = language }
    }
}

/// Reads an action fixture file, or an empty registry when there is none.
package enum FixtureLoader {
    package static func actions(at path: String?) throws -> ActionRegistry {
        guard let path else { return ActionRegistry() }
        guard let file = SourceFile(contentsOf: path) else {
            throw CLIError("cannot read the action fixtures \(path)")
        }
        return try ActionFixtures.load(file)
    }

    /// `Tests/Conversations/actions.json` beside a bot directory's parent, when it exists: the
    /// shipped bot's fixtures, used by `make repl`.
    package static func defaultPath(for directory: String) -> String? {
        let candidate = URL(fileURLWithPath: directory).deletingLastPathComponent()
            .appendingPathComponent("Tests/Conversations/actions.json").path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }
}

/// A failure the CLI reports with a message and exit code 1.
package struct CLIError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
