import Foundation
import Hiwar
import HiwarSQLite
import PCRE2Kit

/// `hiwar-bench`: release-build measurements, printed as tables.
///
/// Not a test: numbers vary by machine.
///
/// Usage: `hiwar-bench [all|normalization|pcre2|matcher|dialogue]`, or `hiwar-bench matcher DIR FILE` for your own bot. Run through `make bench`, which
/// builds in release mode.
@main
enum BenchmarkMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let which = arguments.first ?? "all"
        if which == "matcher-child", arguments.count == 3, let size = Int(arguments[1]), let count = Int(arguments[2]) {
            MatcherBenchmark.runChildSize(size, messageCount: count)
            return
        }
        if which == "regex-child", arguments.count == 3, let size = Int(arguments[1]), let count = Int(arguments[2]) {
            MatcherBenchmark.runChildSize(size, messageCount: count, regex: true)
            return
        }
        if which == "matcher-loop", arguments.count == 3, let size = Int(arguments[1]),
            let seconds = Double(arguments[2])
        {
            MatcherBenchmark.loop(size: size, seconds: seconds)
            return
        }
        if which == "dialogue-loop", arguments.count >= 2, let seconds = Double(arguments[1]) {
            let sqlite = arguments.count >= 3 && arguments[2].hasPrefix("sqlite")
            let tasks = arguments.count >= 4 ? Int(arguments[3]) ?? 1 : 1
            let durability: SQLiteSessionStore.Durability =
                arguments.count >= 3 && arguments[2] == "sqlite-normal" ? .normal : .full
            await DialogueBenchmark.loop(seconds: seconds, sqlite: sqlite, durability: durability, tasks: tasks)
            return
        }
        if which == "--help" || which == "-h" {
            print(usage)
            return
        }
        print(
            "hiwar-bench: PCRE2 \(PCRE2Library.version), JIT \(PCRE2Library.isJITAvailable ? "available" : "unavailable")"
        )
        #if DEBUG
        print("warning: this is a debug build; run `make bench` for release numbers")
        #endif
        if which == "matcher", arguments.count == 3 {
            MatcherBenchmark.runUserBot(directory: arguments[1], messagesFile: arguments[2])
            return
        }
        if which == "dialogue" {
            await DialogueBenchmark.run(directory: arguments.count > 1 ? arguments[1] : "Intents")
            return
        }
        if which == "all" || which == "normalization" { NormalizationBenchmark.run() }
        if which == "all" || which == "pcre2" { PCRE2Benchmark.run() }
        if which == "all" || which == "matcher" {
            let sizes =
                ProcessInfo.processInfo.environment["HIWAR_BENCH_SIZES"].map {
                    $0.split(separator: ",").compactMap { Int($0) }
                } ?? [10, 100, 1_000, 5_000, 10_000]
            MatcherBenchmark.runSuite(sizes: sizes, messageCount: 20_000)
        }
        if which == "all" || which == "regex" {
            let sizes =
                ProcessInfo.processInfo.environment["HIWAR_BENCH_REGEX_SIZES"].map {
                    $0.split(separator: ",").compactMap { Int($0) }
                } ?? [100, 1_000, 5_000]
            MatcherBenchmark.runRegexSuite(sizes: sizes, messageCount: 20_000)
        }
        if which == "all" { await DialogueBenchmark.run() }
    }
}

let usage = """
    usage: hiwar-bench [all|normalization|pcre2|matcher|regex|dialogue [BOT_DIRECTORY]]
           hiwar-bench matcher BOT_DIRECTORY MESSAGES_FILE   (one message per line)
               hiwar-bench matcher-loop INTENTS SECONDS   (only the hot path, for a profiler)
           hiwar-bench dialogue-loop SECONDS [memory|sqlite|sqlite-normal [TASKS]]   (only engine turns, for a profiler)
    HIWAR_BENCH_SIZES=10,100,1000 limits the synthetic sizes (HIWAR_BENCH_REGEX_SIZES the regex bot's); HIWAR_BENCH_STORES=memory leaves the
    dialogue benchmark's SQLite runs out.
    """

/// Runs `body` repeatedly for about `seconds` and returns the best per-iteration time of five rounds, in seconds.
///
/// The best round is the least disturbed by other work on the machine.
func measure(seconds: Double = 0.4, _ body: () -> Void) -> Double {
    var best = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<5 {
        var iterations = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            body()
            iterations += 1
            elapsed = (clock.now - start).seconds
        } while elapsed < seconds / 5
        best = min(best, elapsed / Double(iterations))
    }
    return best
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
