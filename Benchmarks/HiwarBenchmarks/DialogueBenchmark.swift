import Foundation
import Hiwar
import HiwarSQLite

/// Turns per second of the dialogue engine on the shipped bot, beside the matcher alone (the
/// floor: what a turn costs before any dialogue work) in the same run.
enum DialogueBenchmark {
    static let messages = [
        "when will it arrive?", "متى يوصل الطلب", "کی می‌رسه؟", "which gate?", "thanks", "purple elephants",
    ]

    static func run(directory: String = "Intents") async {
        let bot: CompiledBot
        do {
            bot = try CompiledBot(paths: [directory])
        } catch {
            print("dialogue: the bot in \(directory) does not compile:\n\(error)")
            return
        }
        print("\n== dialogue engine (\(directory), \(ProcessInfo.processInfo.activeProcessorCount) cores)")
        let count = 6_000
        let clock = ContinuousClock()

        var start = clock.now
        for index in 0..<count { _ = bot.match(messages[index % messages.count]) }
        let matcherOnly = Double(count) / seconds(clock.now - start)
        print(row("matcher alone (baseline), 1 task", matcherOnly))

        for (label, store) in [("in-memory store", InMemorySessionStore() as any SessionStore)] {
            let engine = DialogueEngine(bot: bot, store: store, clock: ManualClock(Date()), seed: 1)
            start = clock.now
            for index in 0..<count { await turn(engine, index, conversations: 100) }
            print(row("engine, \(label), 1 task", Double(count) / seconds(clock.now - start)))
            start = clock.now
            await inParallel(engine, turns: count, conversations: 1_000)
            print(row("engine, \(label), 8 tasks, 1,000 conversations", Double(count) / seconds(clock.now - start)))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hiwar-bench-\(UUID().uuidString).sqlite"
        ).path
        do {
            let engine = DialogueEngine(
                bot: bot,
                store: try SQLiteSessionStore(path: path),
                clock: ManualClock(Date()),
                seed: 1
            )
            let sqliteCount = 2_000
            start = clock.now
            await inParallel(engine, turns: sqliteCount, conversations: 500)
            print(row("engine, SQLite store (durable), 8 tasks", Double(sqliteCount) / seconds(clock.now - start)))
        } catch {
            print("dialogue: SQLite store: \(error)")
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `turns` turns spread over 8 tasks.
    private static func inParallel(_ engine: DialogueEngine, turns: Int, conversations: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for index in stride(from: lane, to: turns, by: 8) {
                        await turn(engine, index, conversations: conversations)
                    }
                }
            }
        }
    }

    /// Every tenth turn of a conversation is a notice, the rest messages.
    private static func turn(_ engine: DialogueEngine, _ index: Int, conversations: Int) async {
        let id = "c\(index % conversations)"
        if index % 10 == 0 {
            _ = try? await engine.deliver(
                event: "order.shipped",
                data: ["order_id": "A-\(index)", "eta": "2026-11-25"],
                to: id
            )
        } else {
            _ = try? await engine.send(messages[index % messages.count], to: id)
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func row(_ label: String, _ perSecond: Double) -> String {
        label.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%10.0f turns/s", perSecond)
    }
}
