import ArgumentParser
import Foundation
import Hiwar
import HiwarTesting

/// `hiwar eval`: score a bot on labelled messages, in or out of a notice's context.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a bot on labelled messages (JSON lines), in and out of a notice's context.",
        discussion: """
            Each line is {"text", "intent", "slots"?, "lang"?, "tags"?, "id"?} and, for a reply to a notice, \
            "event", "data" and "reply_must_contain" (docs/eval.md). Every item runs in a fresh conversation on \
            the --clock; a notice is delivered before the text. Prints intent accuracy, macro-F1, fallback \
            precision and recall, exact slot match and facts per language, and the confusions. Exit status: 0, \
            1 when --min is not met, 64 for bad usage or a bot that does not compile, 65 when a line could not \
            be read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human
        case json
    }

    @Argument(help: "Labelled files (JSON lines).", completion: .file(extensions: ["jsonl"]))
    var files: [String]

    @Option(help: "The bot's directory.", completion: .directory)
    var bot: String = "Intents"

    @Option(
        help: "Action fixtures (default: the shipped bot's, when beside it).",
        completion: .file(extensions: ["json"])
    )
    var actions: String?

    @Option(help: "The time every conversation starts at (an item's \"clock\" overrides it).")
    var clock: String = "2026-11-23T09:00:00Z"

    @Flag(help: "List every item the bot got wrong: text, expected and actual, and the pattern that decided.")
    var misses = false

    @Flag(name: .customLong("by-tag"), help: "Print the scores of each tag's slice.")
    var byTag = false

    @Option(
        help: "Fail (exit 1) when intent, slots, facts or fallback precision fall below this in any language (0 to 1)."
    )
    var min: Double?

    @Option(help: "Output format.")
    var format: Format = .human

    @Option(help: "Also write JUnit XML (one test case per item) to this file.", completion: .file())
    var junit: String?

    func validate() throws {
        if let min, !(0...1).contains(min) { throw ValidationError("--min takes a number from 0 to 1") }
        if files.isEmpty { throw ValidationError("name at least one labelled file") }
    }

    func run() async throws {
        let result = BotCompiler.compile(paths: [bot])
        guard let compiled = result.bot else {
            let formatter = DiagnosticFormatter(diagnostics: result.diagnostics, files: result.files, colors: false)
            FileHandle.standardError.write(Data(formatter.render(.human).utf8))
            throw ExitCode(64)
        }
        guard let start = ClockArgument.date(clock, timeZone: compiled.timeZone) else {
            Self.fail("\"\(clock)\" is not a time (2026-11-23T09:00:00Z)")
            throw ExitCode(64)
        }
        let registry: ActionRegistry
        do {
            registry = try FixtureLoader.actions(at: actions ?? FixtureLoader.defaultPath(for: bot))
        } catch {
            Self.fail("\(error)")
            throw ExitCode(64)
        }
        var items: [LabelledItem] = []
        var errors: [LabelledItemError] = []
        for path in files {
            guard let source = SourceFile(contentsOf: path) else {
                Self.fail("cannot read \(path)")
                throw ExitCode(64)
            }
            let read = LabelledItemReader.read(source)
            errors += read.errors
            items += read.items
        }
        let known = Set(compiled.intentNames + ["fallback"])
        let events = Set(compiled.eventNames)
        items = items.filter { item in
            if let event = item.event, !events.contains(event) {
                errors.append(LabelledItemError(location: item.location, message: "unknown event \"\(event)\""))
                return false
            }
            return true
        }
        for item in items where !known.contains(item.intent) {
            FileHandle.standardError.write(
                Data("warning: \(item.location): the bot has no intent \"\(item.intent)\"\n".utf8)
            )
        }
        errors.sort { ($0.location.path, $0.location.line) < ($1.location.path, $1.location.line) }
        for error in errors.prefix(50) { Self.fail("\(error)") }
        if errors.count > 50 { Self.fail("… and \(errors.count - 50) more lines that could not be read") }
        let runner = EvaluationRunner(
            bot: compiled,
            actions: registry,
            start: start,
            scoredSlots: EvaluationRunner.labelledSlots(in: items)
        )
        let report = EvaluationReport(files: files, results: await runner.run(items))
        if let junit {
            do {
                try TestReporters.junit(report.junitResults()).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                Self.fail("cannot write \(junit): \(error)")
                throw ExitCode(64)
            }
        }
        switch format {
        case .human: print(report.human(misses: misses, tags: byTag), terminator: "")
        case .json: print(report.json())
        }
        if !errors.isEmpty { throw ExitCode(65) }
        if let min {
            let shortfalls = report.shortfalls(minimum: min)
            if !shortfalls.isEmpty {
                for line in shortfalls { FileHandle.standardError.write(Data("eval: below --min: \(line)\n".utf8)) }
                throw ExitCode.failure
            }
        }
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}
