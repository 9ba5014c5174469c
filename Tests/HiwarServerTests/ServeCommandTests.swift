import AsyncHTTPClient
import Foundation
import Hiwar
import HiwarSQLite
import NIOCore
import NIOHTTP1
import Testing

@Suite("hiwar serve, the built binary", .serialized)
struct ServeCommandTests {
    @Test("without a key it refuses to start, saying how to set one")
    func noKey() throws {
        let served = try ServedBot.launch(["Intents", "--port", "0"], environment: [:])
        let status = served.wait()
        #expect(status == 64)
        #expect(served.errorOutput.contains("no-keys"))
        #expect(served.errorOutput.contains("HIWAR_API_KEY"))
    }

    @Test(
        "a bad setting is refused before anything starts",
        arguments: [["--port", "70000"], ["--store", "redis://x"]]
    )
    func badSetting(arguments: [String]) throws {
        let served = try ServedBot.launch(["Intents"] + arguments, environment: ["HIWAR_API_KEY": "k"])
        #expect(served.wait() == 64)
        #expect(served.errorOutput.contains("hiwar serve:"))
    }

    @Test("--port 0 prints the address; SIGTERM finishes every accepted turn and each is in the store")
    func gracefulShutdown() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-serve-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("conversations.sqlite").path
        let served = try ServedBot.launch(
            ["Intents", "--port", "0", "--store", "sqlite:\(database)", "--log-level", "warning"],
            environment: ["HIWAR_API_KEY": "graceful-key"]
        )
        let port = try #require(served.port(), "no address printed: \(served.errorOutput)")
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let progress = Progress()
        let answered = await withTaskGroup(of: (String, Int)?.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let conversation = "burst-\(index % 100)"
                    let result = await Self.send(client, port: port, to: conversation)
                    await progress.finished()
                    return result
                }
            }
            // SIGTERM while most requests are still in flight.
            group.addTask {
                await progress.wait(until: 40)
                served.terminate()
                return nil
            }
            var answered: [(String, Int)] = []
            for await result in group { if let result { answered.append(result) } }
            return answered
        }
        try await client.shutdown()
        #expect(served.wait() == 0, "\(served.errorOutput)")
        #expect(answered.count >= 40)
        // Every turn the server answered is committed: the conversation has at least that many turns.
        let store = try SQLiteSessionStore(path: database)
        var highest: [String: Int] = [:]
        for (conversation, index) in answered { highest[conversation] = max(highest[conversation] ?? 0, index) }
        for (conversation, index) in highest {
            let state = try #require(try await store.load(conversation))
            #expect(state.turnCount >= index, "\(conversation): answered turn \(index), stored \(state.turnCount)")
        }
    }
}

extension ServeCommandTests {
    /// Sends one message; the conversation and the turn's index when the server answered 200.
    static func send(
        _ client: HTTPClient,
        port: Int,
        to conversation: String,
        key: String = "graceful-key"
    ) async -> (String, Int)? {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/conversations/\(conversation)/messages")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.body = .bytes(ByteBuffer(string: #"{"text": "where is my order?"}"#))
        guard let response = try? await client.execute(request, timeout: .seconds(30)),
            let body = try? await response.body.collect(upTo: 1 << 20),
            response.status.code == 200,
            let turn = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let index = turn["index"] as? Int
        else { return nil }
        return (conversation, index)
    }

    /// Counts finished requests.
    actor Progress {
        private var count = 0

        func finished() { count += 1 }

        func wait(until target: Int) async {
            while count < target { try? await Task.sleep(for: .milliseconds(1)) }
        }
    }
}

/// A `hiwar serve` process started from the package root.
final class ServedBot: @unchecked Sendable {
    // One test drives it; the lock-free fields are written before the test reads them.
    private let process = Process()
    private let output = Pipe()
    private let error = Pipe()

    static func launch(_ arguments: [String], environment: [String: String]) throws -> ServedBot {
        let served = ServedBot()
        let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hiwar")
        let direct = Bundle.main.bundleURL.appendingPathComponent("hiwar")
        served.process.executableURL = FileManager.default.isExecutableFile(atPath: direct.path) ? direct : binary
        served.process.arguments = ["serve"] + arguments
        served.process.currentDirectoryURL = ServerHarness.repository
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HIWAR_") }
        inherited.merge(environment) { $1 }
        served.process.environment = inherited
        served.process.standardOutput = served.output
        served.process.standardError = served.error
        try served.process.run()
        return served
    }

    /// The port from `listening on http://HOST:PORT`, or `nil` when the process ends first.
    func port() -> Int? {
        var text = ""
        let handle = output.fileHandleForReading
        while !text.contains("\n") {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #":(\d+) "#, options: .regularExpression) else { return nil }
        return Int(text[range].dropFirst().dropLast())
    }

    func terminate() { process.terminate() }

    /// SIGKILL: no shutdown, no flush — a node that dies.
    func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

    /// Waits for the exit and returns its status.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Standard error, read to the end once (the process must have ended or closed it).
    lazy var errorOutput: String = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
}
