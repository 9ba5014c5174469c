import Foundation
import Hiwar
import PCRE2Kit

/// `hiwar-bench`: release-build measurements, printed as tables.
///
/// Not a test: numbers vary by machine.
///
/// Usage: `hiwar-bench [normalization|pcre2|all]` (default `all`). Run through `make bench`, which
/// builds in release mode.
@main
enum BenchmarkMain {
    static func main() {
        let which = CommandLine.arguments.dropFirst().first ?? "all"
        print(
            "hiwar-bench: PCRE2 \(PCRE2Library.version), JIT \(PCRE2Library.isJITAvailable ? "available" : "unavailable")"
        )
        #if DEBUG
        print("warning: this is a debug build; run `make bench` for release numbers")
        #endif
        if which == "all" || which == "normalization" { NormalizationBenchmark.run() }
        if which == "all" || which == "pcre2" { PCRE2Benchmark.run() }
    }
}

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
