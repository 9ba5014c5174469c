import Foundation
import Testing

/// Kills the notifications example again and again while 1,200 reminders fire from its SQLite
/// store, then lets it finish: every reminder is sent, and always with the same id.
@Suite("Reminders survive kills while they fire")
struct ReminderKillTests {
    static let customers = 1_200

    @Test("1,200 reminders due, SIGKILL at 20 random points, restart: each sent at least once, with one id")
    func killWhileFiring() async throws {
        let path = temporaryStorePath()
        let binary = SQLiteSessionStoreTests.binary("hiwar-example-notifications")
        let feed = FileManager.default.temporaryDirectory.appendingPathComponent("reminders-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: feed) }
        var lines: [String] = []
        for customer in 0..<Self.customers {
            lines.append(
                #"{"at": "2026-01-05T09:00:00+04:00", "customer": "k\#(customer)", "event": "card.expiring", "#
                    + #""data": {"card_last4": "4821", "expiry": "2026-02"}}"#
            )
            lines.append(
                #"{"at": "2026-01-05T09:01:00+04:00", "customer": "k\#(customer)", "text": "remind me next week"}"#
            )
        }
        try (lines.joined(separator: "\n") + "\n").write(to: feed, atomically: true, encoding: .utf8)
        let setup = try Self.run(binary, ["--store", path, feed.path], killAfterSent: nil)
        #expect(setup.status == 0, "\(setup.output.suffix(500))")

        let fire = ["--store", path, "--until", "2026-01-20T09:00:00+04:00", "/dev/null"]
        var sent: [String] = []
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<20 {
            let run = try Self.run(binary, fire, killAfterSent: Int.random(in: 0...50, using: &generator))
            sent += run.sent
            if run.killed { kills += 1 }
        }
        let last = try Self.run(binary, fire, killAfterSent: nil)
        #expect(last.status == 0)
        sent += last.sent
        #expect(kills >= 15, "most runs were killed while reminders fired")

        // "sent k17#3 to k17: As promised, …": the conversation and the turn's id.
        var ids: [String: Set<String>] = [:]
        for line in sent {
            let words = line.split(separator: " ", maxSplits: 4)
            guard words.count == 5, words[0] == "sent", words[2] == "to" else { continue }
            ids[String(words[3].dropLast()), default: []].insert(String(words[1]))
            #expect(line.contains("As promised, a reminder"), "\(line)")
        }
        #expect(ids.count == Self.customers, "every reminder was sent (\(ids.count) of \(Self.customers))")
        #expect(ids.values.allSatisfy { $0.count == 1 }, "each reminder always with the same id")
    }

    struct Run {
        var status: Int32
        var killed: Bool
        var sent: [String]
        var output: String
    }

    /// Runs the example; with `killAfterSent`, kills it with SIGKILL once it has sent that many reminders.
    static func run(_ binary: URL, _ arguments: [String], killAfterSent: Int?) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var killed = false
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let limit = killAfterSent, !killed,
                text.components(separatedBy: "\nsent ").count - 1 + (text.hasPrefix("sent ") ? 1 : 0) >= limit
            {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        // Only whole lines count: a line cut by the kill was not sent.
        let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
        let sent = complete.split(separator: "\n").filter { $0.hasPrefix("sent ") }.map(String.init)
        return Run(
            status: process.terminationStatus,
            killed: killed && process.terminationReason == .uncaughtSignal,
            sent: sent,
            output: text
        )
    }
}
