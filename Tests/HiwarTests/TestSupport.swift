import Foundation
import Testing

@testable import Hiwar

/// Reads a fixture file shipped with this test target.
func fixtureText(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

/// Decodes the spec's escapes: `\u{H…}` is that code point, `\\` a backslash.
func unescapeVector(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index < scalars.count {
        if scalars[index] == "\\", index + 1 < scalars.count {
            if scalars[index + 1] == "\\" {
                result.append("\\")
                index += 2
                continue
            }
            if scalars[index + 1] == "u", index + 2 < scalars.count, scalars[index + 2] == "{",
                let close = scalars[(index + 3)...].firstIndex(of: "}"),
                let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 3)..<close])), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                result.append(scalar)
                index = close + 1
                continue
            }
        }
        result.append(scalars[index])
        index += 1
    }
    return String(result)
}

/// Rows of a TAB-separated table with a header row, as dictionaries keyed by column.
func tsvRows(_ text: String) -> [[String: String]] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard !lines.isEmpty else { return [] }
    let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    return lines.map { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var row: [String: String] = [:]
        for (index, name) in header.enumerated() where index < fields.count { row[name] = fields[index] }
        return row
    }
}

/// The root of this package's checkout, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A deterministic random number generator (the library's SplitMix64), so property tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var inner: SplitMix64
    init(seed: UInt64) { inner = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { inner.next() }
}

/// A message matched twice: through the prefilter, and against every pattern (what the prefilter must agree with).
func matchBothWays(
    _ bot: CompiledBot,
    _ message: NormalizedText,
    expected: Set<String> = [],
    scratch: MatcherScratch
) -> (prefiltered: [IntentMatch], everyPattern: [IntentMatch]) {
    var noTrace: Matcher.Trace? = nil
    let prefiltered = bot.matcher.match(message, expected: expected, scratch: scratch, trace: &noTrace)
    let everyPattern = bot.matcher.match(
        message,
        expected: expected,
        scratch: scratch,
        trace: &noTrace,
        allPatterns: true
    )
    return (prefiltered, everyPattern)
}
