import Foundation
import Hiwar
import HiwarSQLite
import Logging
import Synchronization
import Testing

/// Keeps every log record, rendered with its metadata, for tests that read what was logged.
final class CapturedLog: Sendable {
    private let records = Mutex<[String]>([])
    var all: [String] { records.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "test") { _ in
            var handler = CapturingHandler(log: self)
            handler.logLevel = .trace
            return handler
        }
    }

    fileprivate func append(_ record: String) { records.withLock { $0.append(record) } }
}

private struct CapturingHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        log.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })")
    }
}

@Suite("Card numbers never reach the store or the logs")
struct CardNumberLeakTests {
    struct Corpus: Decodable {
        struct Card: Decodable {
            let text: String
            let number: String
        }
        let cards: [Card]
    }

    /// A bot with a free-text answer and a handoff: the two places a raw message used to be kept.
    static let bot = """
        {"settings": {"languages": ["en"], "cardNumberWarning": "no_cards"},
         "slots": {"details": {"type": "string", "entity": "text"}},
         "intents": {"feedback": {"patterns": {"en": ["i have feedback"]}},
           "human": {"patterns": {"en": ["talk to a person"]}}},
         "responses": {"ask": {"en": ["Tell me more."]}, "thanks": {"en": ["Thanks: {details}"]},
           "no_cards": {"en": ["Please don't send card numbers."]}},
         "flows": {"main": {"start": "idle", "states": {
           "idle": {"on": [{"intent": "feedback", "goto": "details"}, {"intent": "human", "handoff": "asked"}]},
           "details": {"slots": [{"slot": "details", "prompt": "ask"}],
             "on": [{"when": "exists details", "say": "thanks", "goto": "idle"}]}}}}}
        """

    @Test("as a message, inside a handoff and as a free-text answer: the SQLite files and debug logs stay clean")
    func storeAndLogs() async throws {
        let corpus = try JSONDecoder().decode(
            Corpus.self,
            from: Data(contentsOf: packageRoot.appendingPathComponent("Tests/CardNumbers/corpus.json"))
        )
        let result = BotCompiler.compile(files: [SourceFile(path: "bot.json", text: Self.bot)])
        let bot = try #require(result.bot, "\(result.diagnostics)")
        let path = temporaryStorePath()
        let log = CapturedLog()
        let engine = DialogueEngine(
            bot: bot,
            store: try SQLiteSessionStore(path: path),
            clock: ManualClock(start),
            seed: 1,
            logger: log.logger()
        )
        for (index, card) in corpus.cards.enumerated() {
            let plain = try await engine.send(card.text, to: "plain-\(index)")
            #expect(plain.replies.map(\.text) == ["Please don't send card numbers."], "\(card.text.debugDescription)")
            try await engine.send("talk to a person", to: "handoff-\(index)")
            try await engine.send(card.text, to: "handoff-\(index)")
            try await engine.send("i have feedback", to: "answer-\(index)")
            let answer = try await engine.send(card.text, to: "answer-\(index)")
            #expect(answer.effects.allSatisfy { $0.kind != .slotSet }, "\(card.text.debugDescription)")
        }
        var files: [String] = []
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix): created readable by its owner only")
            files.append(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path + suffix)), as: UTF8.self))
        }
        #expect(!log.all.isEmpty, "the engine logs every turn at debug level")
        let everything = Self.digitsOnly((files + log.all).joined(separator: "\n"))
        for number in Set(corpus.cards.map(\.number)) {
            #expect(!everything.contains(number), "\(number) was stored or logged")
        }
    }

    /// Digits of any script as ASCII, all else dropped.
    static func digitsOnly(_ text: String) -> String {
        String(
            text.unicodeScalars.compactMap { scalar -> Character? in
                guard let value = scalar.properties.numericValue, (0...9).contains(value) else { return nil }
                return Character(String(Int(value)))
            }
        )
    }
}
