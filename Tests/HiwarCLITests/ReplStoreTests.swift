import Foundation
import Testing

@Suite("hiwar repl --store")
struct ReplStoreTests {
    @Test(
        "with a SQLite store, a conversation outlives the REPL: the next run answers from the notice",
        arguments: ["", "?synchronous=normal", "?synchronous=full"]
    )
    func durableAcrossRuns(option: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-repl-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("repl.sqlite")
        let store = "sqlite:" + file.path + option
        let first = try CLIRunner.run(
            ["repl", "--json", "--store", store, "Intents"],
            input:
                #"{"session": "c1", "event": "order.shipped", "data": {"order_id": "A-10293", "eta": "2026-12-08"}, "lang": "fa"}"#
                + "\n"
        )
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLIRunner.run(
            ["repl", "--json", "--store", store, "Intents"],
            input: #"{"session": "c1", "text": "کی می‌رسه؟"}"# + "\n"
        )
        #expect(second.status == 0, "\(second.stderr)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        )
        #expect(answer["intent"] as? String == "order.track")
        #expect((answer["replies"] as? [String])?.first?.contains("A-10293") == true, "\(second.stdout)")
        // The option is not part of the file's name.
        #expect(FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a SQLite file another process holds is refused: in-use, the file, what to do, exit status 1")
    func storeInUse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-repl-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("held.sqlite").path
        // Another process holds the file (util-linux's flock, without forking: the process killed is the holder).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", "--no-fork", file, "sh", "-c", "echo held; exec sleep 60"]
        let held = Pipe()
        holder.standardOutput = held
        try holder.run()
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        #expect(String(decoding: held.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("held"))
        let result = try CLIRunner.run(
            ["repl", "--json", "--store", "sqlite:" + file, "Intents"],
            input: #"{"session": "c1", "text": "وين طلبي؟"}"# + "\n"
        )
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: in-use: session store \(file): another process has it open"))
        #expect(result.stderr.contains("PostgreSQL"))
    }

    @Test("a --store that is none of the forms is a usage error")
    func badStore() throws {
        let result = try CLIRunner.run(["repl", "--json", "--store", "redis://x", "Intents"], input: "")
        #expect(result.status == 64)
        #expect(result.stderr.contains("sqlite:PATH"))
        let unknown = try CLIRunner.run(
            ["repl", "--json", "--store", "sqlite:x.db?synchronous=off", "Intents"],
            input: ""
        )
        #expect(unknown.status == 64, "synchronous=off would lose turns on any crash: not offered")
        #expect(unknown.stderr.contains("synchronous=normal"))
    }
}
