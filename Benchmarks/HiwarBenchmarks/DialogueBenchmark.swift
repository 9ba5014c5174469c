import Foundation
import Hiwar
import HiwarSQLite

/// Full turns per second of the dialogue engine — match, transition, render, load and save — beside the matcher alone
/// (what a turn costs before any dialogue work) in the same run: on the synthetic 1,000-intent bot with a dialogue, and
/// on a bot directory (the shipped bot by default).
///
/// One task (one core), then as many tasks as cores × 4 over 1,000 conversations; in memory and in SQLite.
enum DialogueBenchmark {
    struct Workload {
        let name: String
        let bot: CompiledBot
        let messages: [String]
    }

    static let shippedMessages = [
        "when will it arrive?", "متى يوصل الطلب", "کی می‌رسه؟", "which gate?", "thanks", "purple elephants",
    ]

    static func run(directory: String = "Intents") async {
        var workloads: [Workload] = []
        let synthetic = SyntheticBot(intents: 1_000)
        let compiled = BotCompiler.compile(files: [
            SourceFile(path: "synthetic-dialogue.json", text: synthetic.dialogueJSON)
        ])
        if let bot = compiled.bot {
            workloads.append(Workload(name: "synthetic, 1,000 intents", bot: bot, messages: synthetic.messages(5_000)))
        } else {
            print("dialogue: the synthetic bot does not compile:\n\(compiled.diagnostics.prefix(5))")
        }
        do {
            let bot = try CompiledBot(paths: [directory])
            workloads.append(Workload(name: directory, bot: bot, messages: shippedMessages))
        } catch {
            print("dialogue: the bot in \(directory) does not compile:\n\(error)")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for workload in workloads { await run(workload, cores: cores) }
    }

    /// Runs engine turns on the synthetic bot for `seconds`, doing nothing else, so that a profiler sees only the
    /// engine (and the store); prints turns per second.
    ///
    /// - Parameters:
    ///   - seconds: How long to run.
    ///   - sqlite: Keep conversations in a temporary SQLite store instead of memory.
    ///   - durability: The SQLite store's `synchronous` setting.
    ///   - tasks: Conversations driven at once.
    static func loop(
        seconds: Double,
        sqlite: Bool = false,
        durability: SQLiteSessionStore.Durability = .full,
        tasks: Int = 1
    ) async {
        let synthetic = SyntheticBot(intents: 1_000)
        guard
            let bot = BotCompiler.compile(files: [
                SourceFile(path: "synthetic-dialogue.json", text: synthetic.dialogueJSON)
            ]).bot
        else {
            print("error: the synthetic bot did not compile")
            return
        }
        let workload = Workload(name: "synthetic", bot: bot, messages: synthetic.messages(5_000))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hiwar-loop-\(UUID().uuidString).sqlite"
        )
        .path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store: any SessionStore
        do {
            store = sqlite ? try SQLiteSessionStore(path: path, durability: durability) : InMemorySessionStore()
        } catch {
            print("error: \(error)")
            return
        }
        let engine = DialogueEngine(bot: bot, store: store, clock: ManualClock(Date()), seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        var turns = 0
        while (clock.now - start).seconds < seconds {
            await inParallel(engine, workload, turns: 10_000, tasks: tasks)
            turns += 10_000
        }
        print("engine: \(turns) turns, \(Int(Double(turns) / (clock.now - start).seconds)) turns/s")
        if let durable = store as? SQLiteSessionStore {
            print("store: \(durable.commitCount) commits, \(turns / max(durable.commitCount, 1)) saves per commit")
        }
    }

    private static func run(_ workload: Workload, cores: Int) async {
        print("\n== dialogue engine: \(workload.name) (\(cores) cores; every 10th turn a notice)")
        let count = 20_000
        let clock = ContinuousClock()
        var start = clock.now
        for index in 0..<count { blackHole(workload.bot.match(workload.messages[index % workload.messages.count])) }
        let floor = Double(count) / (clock.now - start).seconds
        print(row("matcher alone (floor), 1 task", floor))
        if let busiest = workload.bot.definition.flows.flatMap(\.states).max(by: { $0.expects.count < $1.expects.count }
        ) {
            let expected = Set(busiest.expects.map(\.value))
            start = clock.now
            for index in 0..<count {
                blackHole(workload.bot.match(workload.messages[index % workload.messages.count], expected: expected))
            }
            print(
                row("matcher expecting \(expected.count) intents, 1 task", Double(count) / (clock.now - start).seconds)
            )
        }

        let memory = DialogueEngine(
            bot: workload.bot,
            store: InMemorySessionStore(),
            clock: ManualClock(Date()),
            seed: 1
        )
        await inParallel(memory, workload, turns: 2_000, tasks: 1)  // warm-up: conversations exist
        start = clock.now
        await inParallel(memory, workload, turns: count, tasks: 1)
        let one = Double(count) / (clock.now - start).seconds
        print(row("engine, in memory, 1 task", one))
        start = clock.now
        await inParallel(memory, workload, turns: count * 2, tasks: cores * 4)
        let all = Double(count * 2) / (clock.now - start).seconds
        print(
            row("engine, in memory, \(cores * 4) tasks on \(cores) cores", all)
                + String(format: "  (%.0f per core)", all / Double(cores))
        )

        // HIWAR_BENCH_STORES=memory leaves SQLite out (for profiling the engine alone).
        guard ProcessInfo.processInfo.environment["HIWAR_BENCH_STORES"] != "memory" else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hiwar-bench-\(UUID().uuidString).sqlite"
        ).path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let store = try SQLiteSessionStore(path: path)
            let durable = DialogueEngine(
                bot: workload.bot,
                store: store,
                clock: ManualClock(Date()),
                seed: 1
            )
            let sqliteCount = 3_000
            start = clock.now
            await inParallel(durable, workload, turns: sqliteCount, tasks: 1)
            print(row("engine, SQLite (a commit per turn), 1 task", Double(sqliteCount) / (clock.now - start).seconds))
            // Group commit: turns of different conversations that finish together share a commit; each task's
            // next turn starts only after its last one is durable.
            for tasks in [cores * 4, 64] {
                await groupCommit(durable, store, workload, tasks: tasks, label: "")
            }
            // The same with synchronous = NORMAL: commits are not flushed (a power cut may lose the last ones).
            let normalPath = path + "-normal"
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: normalPath + suffix) }
            }
            let normal = try SQLiteSessionStore(path: normalPath, durability: .normal)
            let relaxed = DialogueEngine(bot: workload.bot, store: normal, clock: ManualClock(Date()), seed: 1)
            await inParallel(relaxed, workload, turns: sqliteCount, tasks: 64)  // warm-up: conversations exist
            await groupCommit(relaxed, normal, workload, tasks: 64, label: ", synchronous=normal")
        } catch {
            print("dialogue: SQLite store: \(error)")
        }
    }

    /// Group-committed turns on `store`: turns per second and turns per commit.
    private static func groupCommit(
        _ engine: DialogueEngine,
        _ store: SQLiteSessionStore,
        _ workload: Workload,
        tasks: Int,
        label: String
    ) async {
        let clock = ContinuousClock()
        let turns = 12_000
        let commitsBefore = store.commitCount
        let start = clock.now
        await inParallel(engine, workload, turns: turns, tasks: tasks)
        let commits = store.commitCount - commitsBefore
        print(
            row("engine, SQLite (group commit\(label)), \(tasks) tasks", Double(turns) / (clock.now - start).seconds)
                + String(format: "  (%.1f turns per commit)", Double(turns) / Double(max(1, commits)))
        )
    }

    /// `turns` turns over 1,000 conversations, spread over `tasks` tasks.
    private static func inParallel(_ engine: DialogueEngine, _ workload: Workload, turns: Int, tasks: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for lane in 0..<tasks {
                group.addTask {
                    for index in stride(from: lane, to: turns, by: tasks) {
                        await turn(engine, workload, index)
                    }
                }
            }
        }
    }

    /// Every tenth turn of a conversation is a notice, the rest messages.
    private static func turn(_ engine: DialogueEngine, _ workload: Workload, _ index: Int) async {
        let id = "c\(index % 1_000)"
        if index % 10 == 0 {
            _ = try? await engine.deliver(
                event: "order.shipped",
                data: ["order_id": "A-\(index)", "eta": "2026-11-25"],
                to: id
            )
        } else {
            _ = try? await engine.send(workload.messages[index % workload.messages.count], to: id)
        }
    }

    private static func row(_ label: String, _ perSecond: Double) -> String {
        pad(label, 52) + String(format: "%10.0f turns/s %8.1f µs/turn", perSecond, 1e6 / perSecond)
    }
}
