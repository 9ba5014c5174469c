import Foundation
import Hiwar
import PCRE2Kit

/// The same patterns and subjects matched with the JIT and with PCRE2's interpreter.
enum PCRE2Benchmark {
    static let patterns = [
        "(?<![\\p{L}\\p{N}_])(?:where|track)(?![\\p{L}\\p{N}_]).{0,60}?(?<![\\p{L}\\p{N}_])order(?![\\p{L}\\p{N}_])",
        "(?<![\\p{L}\\p{N}_])(?<order_id>#?[0-9]{6,10})(?![\\p{L}\\p{N}_])",
        "(?<![\\p{L}\\p{N}_])(?:و|ف)?(?:لل|(?:ب|ك|ل)?(?:ال)?)طلب(?:ي|ك|ه|ها|نا|كم|هم|يه|ات|يات)?(?![\\p{L}\\p{N}_])",
        "(?<![\\p{L}\\p{N}_])مي ?خواهم(?![\\p{L}\\p{N}_])",
        "(?<![\\p{L}\\p{N}_])(?<airline>[a-z][a-z0-9]|[0-9][a-z]) ?(?<number>[0-9]{1,4})(?![\\p{L}\\p{N}_])",
    ]
    static let subjects = [
        "where is my order #558120 it was supposed to arrive yesterday",
        "اين طلبي رقم 558120 كان من المفروض يوصل امس", "مي خواهم سفارشم را لغو كنم",
        "hi can you check me in for flight ek 203 tomorrow please", "the weather is nice today, tell me a joke",
        String(repeating: "cancel ", count: 500),
    ]

    static func run() {
        let normalizer = TextNormalizer()
        let normalizedSubjects = subjects.map { normalizer.normalize(message: $0) }
        print("\nPCRE2 matching: \(patterns.count) patterns × \(subjects.count) subjects (one of 3.5 KB), per pass")
        print(pad("engine", 14) + pad("µs/pass", 10) + "ns/match")
        var results: [String: Double] = [:]
        for jit in [true, false] {
            let compiled = patterns.compactMap { try? Pattern($0, options: .caseless, jit: jit) }
            let scratch = MatchScratch()
            let time = measure {
                for pattern in compiled {
                    for subject in normalizedSubjects { blackHole(pattern.run(subject, using: scratch)) }
                }
            }
            let name = jit ? "JIT" : "interpreter"
            results[name] = time
            let perMatch = time / Double(compiled.count * normalizedSubjects.count) * 1e9
            print(pad(name, 14) + pad(String(format: "%.2f", time * 1e6), 10) + String(format: "%.0f", perMatch))
        }
        if let jit = results["JIT"], let interpreter = results["interpreter"] {
            print(String(format: "JIT speed-up over the interpreter: %.1f×", interpreter / jit))
        }
    }
}
