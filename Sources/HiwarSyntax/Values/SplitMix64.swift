/// SplitMix64: a small, fast, deterministic generator, for repeatable choices (a reply's variation from the
/// conversation's seed) and repeatable corpora (property tests, benchmarks).
package struct SplitMix64: RandomNumberGenerator, Sendable {
    package var state: UInt64

    /// A generator that starts at `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next value; advances the state.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// SplitMix64's output function: mixes 64 bits so that nearby inputs give unrelated outputs.
    package static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
