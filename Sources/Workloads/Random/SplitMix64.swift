/// SplitMix64, the small generator that seeds ``SeededGenerator`` and derives independent streams.
///
/// Each call to `next()` adds a fixed odd constant to the state and scrambles it, so any seed,
/// zero included, gives a well-mixed sequence. It is not meant as the main generator: it only
/// spreads one 64-bit seed over the 256 bits of xoshiro256** state.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The current state; the next output is a scramble of `state + 0x9E37_79B9_7F4A_7C15`.
    public private(set) var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    ///
    /// - Parameter seed: Any 64-bit value.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
