import Foundation
import PCRE2Kit
import Testing

@Suite("Pattern: compiling and matching")
struct PatternTests {
    @Test("the JIT is used when the library has one")
    func jit() throws {
        let pattern = try Pattern("order (\\d+)")
        #expect(pattern.isJITCompiled == PCRE2Library.isJITAvailable)
        let interpreted = try Pattern("order (\\d+)", jit: false)
        #expect(!interpreted.isJITCompiled)
        #expect(interpreted.firstMatch(in: "my order 12").match?.groups[1] == 9..<11)
        #expect(PCRE2Library.version.hasPrefix("10."))
    }

    @Test("\\b and \\w see Arabic and Persian letters as letters (UCP)")
    func arabicWordBoundaries() throws {
        let salam = try Pattern("\\bسلام\\b")
        #expect(salam.firstMatch(in: "قل سلام عليكم").match != nil)
        #expect(salam.firstMatch(in: "والسلام").match == nil)
        let word = try Pattern("\\w+")
        let subject = "سفارش"
        let match = try #require(word.firstMatch(in: subject).match)
        #expect(match.text(ofGroup: 0, in: subject) == "سفارش")
        let persian = try Pattern("\\bپرواز\\b")
        #expect(persian.firstMatch(in: "پرواز من").match != nil)
        #expect(persian.firstMatch(in: "پروازم").match == nil)
    }

    @Test("caseless matching uses Unicode case folding")
    func caseless() throws {
        let pattern = try Pattern("zoë", options: .caseless)
        #expect(pattern.firstMatch(in: "HELLO ZOË").match != nil)
        let greek = try Pattern("σ", options: .caseless)
        #expect(greek.firstMatch(in: "Σ").match != nil)
        let strict = try Pattern("zoë")
        #expect(strict.firstMatch(in: "ZOË").match == nil)
    }

    @Test("named groups give byte ranges into the subject")
    func namedGroups() throws {
        let pattern = try Pattern("(?<airline>[a-z]{2}) ?(?<number>[0-9]{1,4})(?<suffix>x)?", options: .caseless)
        #expect(pattern.captureCount == 3)
        #expect(pattern.groupNumber(named: "airline") == 1)
        #expect(pattern.groupNumber(named: "number") == 2)
        let subject = "پرواز EK 203 فردا"
        let match = try #require(pattern.firstMatch(in: subject).match)
        #expect(match.text(ofGroup: 1, in: subject) == "EK")
        #expect(match.text(ofGroup: 2, in: subject) == "203")
        #expect(match.groups.count == 4)
        #expect(match.groups[3] == nil, "a group that did not take part is nil, and the result is padded")
        #expect(match.range == 11..<17)
    }

    @Test("matching from an offset, on empty patterns and empty subjects")
    func offsets() throws {
        let pattern = try Pattern("ab")
        #expect(pattern.firstMatch(in: "ab ab", from: 1).match?.range == 3..<5)
        #expect(pattern.firstMatch(in: "ab", from: 3) == .failed(PCRE2Error(code: -33, message: "bad offset value")))
        #expect(try Pattern("").firstMatch(in: "").match?.range == 0..<0)
        #expect(pattern.firstMatch(in: "").match == nil)
    }

    @Test("a compile error carries PCRE2's message and the offset in bytes and scalars")
    func compileError() {
        #expect(throws: PCRE2Error.self) { try Pattern("ab(c") }
        do {
            _ = try Pattern("ab(c")
        } catch {
            #expect(error.message == "missing closing parenthesis")
            #expect(error.offset == 4)
        }
        do {
            _ = try Pattern("طلب[")
        } catch {
            #expect(error.message == "missing terminating ] for character class")
            #expect(error.offset == 7, "offsets are UTF-8 bytes: three Arabic letters are six bytes")
            #expect(error.scalarOffset(in: "طلب[") == 4)
        }
    }

    @Test("\\C is refused: it could split a UTF-8 sequence")
    func neverBackslashC() {
        #expect(throws: PCRE2Error.self) { try Pattern("a\\Cb") }
    }

    @Test("a catastrophic pattern reports limit exceeded quickly instead of hanging or matching")
    func catastrophicPattern() throws {
        for jit in [true, false] {
            let pattern = try Pattern("(a+)+$", jit: jit)
            let subject = String(repeating: "a", count: 30) + "b"
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                #expect(pattern.firstMatch(in: subject) == .limitExceeded(.match), "jit: \(jit)")
            }
            #expect(elapsed < .seconds(5), "a hang would take minutes; the limit answers in milliseconds")
        }
        // The interpreter's depth and heap limits (the JIT honours only the match limit). The subject
        // holds the required final "c", so PCRE2's start-up optimizations cannot skip the work.
        let subject = String(repeating: "ab", count: 500) + "xc"
        let deep = try Pattern("^(a|ab)*c", limits: MatchLimits(matchLimit: 10_000_000, depthLimit: 50), jit: false)
        #expect(deep.firstMatch(in: subject) == .limitExceeded(.depth))
        let heavy = try Pattern("^(a|ab)*c", limits: MatchLimits(matchLimit: 10_000_000, heapLimitKiB: 1), jit: false)
        #expect(heavy.firstMatch(in: String(repeating: "ab", count: 5_000) + "xc") == .limitExceeded(.heap))
    }

    @Test("bytes that are not UTF-8 are decoded with replacement characters before matching")
    func invalidBytes() throws {
        let pattern = try Pattern("order")
        let (subject, outcome) = pattern.firstMatch(inBytes: [0xFF, 0x6F, 0x72, 0x64, 0x65, 0x72, 0xC3])
        #expect(subject == "\u{FFFD}order\u{FFFD}")
        #expect(outcome.match?.range == 3..<8)
    }

    @Test("running through an unowned handle gives the same status and groups as the pattern")
    func unownedHandle() throws {
        let patterns = [
            try Pattern("(?<id>\\d{3})"), try Pattern("طلب(ي)?"), try Pattern(""), try Pattern("(a+)+$"),
            try Pattern("order (\\d+)", jit: false),
        ]
        let subjects = ["", "order 123", "وين طلبي", String(repeating: "a", count: 30) + "b", "a\u{0}b 9876"]
        let byPattern = MatchScratch(groups: 0)
        let byHandle = MatchScratch(groups: 0)
        for pattern in patterns {
            let handle = pattern.unowned
            for subject in subjects {
                var bytes = subject
                let status = bytes.withUTF8 { handle.run($0, using: byHandle) }
                #expect(status == pattern.run(subject, using: byPattern), "\(pattern.source) on \(subject)")
                guard status == .matched else { continue }
                for group in 0...pattern.captureCount {
                    #expect(byHandle.groupRange(group) == byPattern.groupRange(group))
                }
            }
        }
    }

    @Test("a NUL in the subject is an ordinary character, never a terminator")
    func nul() throws {
        let pattern = try Pattern("b$")
        #expect(pattern.firstMatch(in: "a\u{0}b").match?.range == 2..<3)
    }
}

@Suite("Pattern: sharing and memory")
struct PatternConcurrencyTests {
    @Test("8 tasks matching one compiled pattern give the same results as one")
    func concurrentMatching() async throws {
        let pattern = try Pattern("(?<id>[0-9]{6})|(?<word>\\w+)")
        let subjects = (0..<500).map { $0 % 3 == 0 ? "order \(100_000 + $0)" : "طلب رقم \($0) سفارش" }
        let scratch = MatchScratch()
        let expected = subjects.map { pattern.firstMatch(in: $0, using: scratch) }
        let results = await withTaskGroup(of: [MatchOutcome].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let own = MatchScratch(groups: 1)
                    var outcomes: [MatchOutcome] = []
                    for _ in 0..<4 { outcomes = subjects.map { pattern.firstMatch(in: $0, using: own) } }
                    return outcomes
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        for result in results { #expect(result == expected) }
    }

    @Test("compiling and dropping 100,000 patterns does not grow memory")
    func noLeak() throws {
        func compileMany(_ count: Int) throws {
            for index in 0..<count {
                let pattern = try Pattern("(?<n>order|طلب) ?#?([0-9]{\(index % 5 + 1),10})")
                _ = pattern.firstMatch(in: "order 12345")
            }
        }
        try compileMany(5_000)  // warm up the allocator
        // Other suites run in this process at the same time and allocate too, so a round can be
        // disturbed for as long as they run; a leak, though, grows every round (20,000 patterns
        // with their JIT code are tens of megabytes). Rounds go on until one stays flat — once the
        // other suites are done, if not before — and a leak never gives one. The rounds are
        // bounded by time, not count: the whole test run must be able to finish first.
        var growths: [Int] = []
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(90) {
            let before = try residentBytes()
            try compileMany(20_000)
            growths.append(try residentBytes() - before)
            if let last = growths.last, last < 4 << 20 { break }
        }
        #expect((growths.min() ?? 0) < 4 << 20, "resident memory grew every round: \(growths) bytes")
    }

    private func residentBytes() throws -> Int {
        #if os(Linux)
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let fields = statm.split(separator: " ")
        let pages = try #require(fields.count > 1 ? Int(fields[1]) : nil)
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 0
        #endif
    }
}
