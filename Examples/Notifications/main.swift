// A simulated messaging channel: business events and customer messages from a JSON-lines feed,
// many customers at once, conversations kept in SQLite, reminders fired as the feed's time moves.
//
// swift run hiwar-example-notifications [--store FILE] [--until TIME] [--hold] [--bot DIR] [FEED | -]
import Foundation
import Hiwar
import HiwarSQLite

/// The package's checkout, so the defaults work from any directory.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

struct Options {
    var feed = packageRoot.appendingPathComponent("Examples/Notifications/feed.jsonl").path
    var store: String?
    var until: Date?
    var hold = false
    var bot = packageRoot.appendingPathComponent("Intents").path
}

/// The feed's text: a file, a device such as /dev/null, or standard input for `-`.
func readFeed(_ path: String) throws -> String {
    let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
    guard let handle else {
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
}

func parseTime(_ text: String) -> Date? {
    ISO8601DateFormatter().date(from: text)
}

var options = Options()
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--store": options.store = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--until": options.until = arguments.isEmpty ? nil : parseTime(arguments.removeFirst())
    case "--bot": options.bot = arguments.isEmpty ? options.bot : arguments.removeFirst()
    case "--hold": options.hold = true
    default: options.feed = argument
    }
}

/// One line of the feed.
struct FeedLine: Decodable {
    let at: String
    let customer: String
    let text: String?
    let event: String?
    let data: [String: String]?
}

do {
    let bot = try CompiledBot(paths: [options.bot])
    let storePath =
        options.store
        ?? FileManager.default.temporaryDirectory
        .appendingPathComponent("hiwar-notifications-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
    let store = try SQLiteSessionStore(path: storePath)
    var actions = ActionRegistry()
    actions.register("cardUpdateLink") { request in
        ["update_url": "https://pay.example.com/update/\(request.inputs["card_last4"] ?? "")"]
    }
    let lines = try readFeed(options.feed).split(separator: "\n")
    let feed = try lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
        try JSONDecoder().decode(FeedLine.self, from: Data($0.utf8))
    }
    let start = feed.first.flatMap { parseTime($0.at) } ?? options.until ?? Date()
    let clock = ManualClock(start)
    let engine = DialogueEngine(bot: bot, actions: actions, store: store, clock: clock, seed: 3)
    var threads: [String: [String]] = [:]
    func record(_ turn: Turn, _ incoming: String?) {
        if let incoming { threads[turn.conversation, default: []].append(incoming) }
        for reply in turn.replies { threads[turn.conversation, default: []].append("  bot> \(reply.text)") }
        if turn.handedOff { threads[turn.conversation, default: []].append("  (handed to a person)") }
    }
    // Conversations of different customers run in parallel; each customer's lines stay in order.
    for line in feed {
        guard let at = parseTime(line.at) else { continue }
        clock.set(max(at, clock.now()))
        for turn in try await engine.runDueJobs() { record(turn, "  [reminder]") }
        if let text = line.text {
            record(try await engine.send(text, to: line.customer), "customer> \(text)")
        } else if let event = line.event {
            do {
                record(try await engine.deliver(event: event, data: line.data ?? [:], to: line.customer), "[\(event)]")
            } catch let error as DeliveryError {
                threads[line.customer, default: []].append("[\(event) refused: \(error.code.rawValue)]")
            }
        }
    }
    if let until = options.until {
        clock.set(until)
        // Each reminder goes out as soon as its turn is committed; one the channel may have missed
        // (the process died between commit and send) goes out again on the next run, with the same id.
        let sent = try await engine.runDueJobs { turn in
            for reply in turn.replies { print("sent \(turn.id) to \(turn.conversation): \(reply.text)") }
            fflush(nil)
        }
        for turn in sent { record(turn, "  [reminder]") }
    }
    for customer in threads.keys.sorted() {
        print("== \(customer)")
        for line in threads[customer] ?? [] { print(line) }
    }
    print("store: \(storePath), \(try await store.count()) conversations")
    fflush(nil)
    if options.hold {
        // For the durability test: stay alive until killed.
        while true { try await Task.sleep(for: .seconds(60)) }
    }
} catch {
    FileHandle.standardError.write(Data("hiwar-example-notifications: \(error)\n".utf8))
    exit(1)
}
