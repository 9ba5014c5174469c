import Foundation

@testable import HiwarSyntax

/// The repository's root, for the corpora under `Tests/`.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A deterministic random number generator (the front end's SplitMix64), so property tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var inner: SplitMix64
    init(seed: UInt64) { inner = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { inner.next() }
}
