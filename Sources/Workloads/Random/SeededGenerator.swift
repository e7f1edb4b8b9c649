/// A fast, seedable random number generator: xoshiro256** seeded by ``SplitMix64``.
///
/// The same seed (and stream) always gives exactly the same sequence, on every platform and in
/// every release of this package: workloads record their seeds and a run can be replayed. It is
/// a value type, so copying a generator forks its sequence; pass it `inout` to share one stream.
///
/// It is not cryptographically secure.
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// let roll = generator.next(below: 6) + 1
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// The seed this generator was created with.
    public let seed: UInt64
    /// The stream this generator was created with; 0 for the main stream.
    public let stream: UInt64

    /// Creates a generator for one seed and, optionally, one of its independent streams.
    ///
    /// Streams let parts of a workload (each connection of a closed-loop driver, say) draw from
    /// their own sequences while one seed still fixes the whole run.
    ///
    /// - Parameters:
    ///   - seed: Any 64-bit value.
    ///   - stream: Which of the seed's streams to draw from; streams are independent of each other.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
        var mixer = SplitMix64(seed: seed)
        if stream != 0 {
            // Mix the stream number into the seed through SplitMix64's own scrambler, so that
            // nearby (seed, stream) pairs still start far apart.
            var streamMixer = SplitMix64(seed: stream ^ 0x5851_F42D_4C95_7F2D)
            mixer = SplitMix64(seed: mixer.next() ^ streamMixer.next())
        }
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the one state xoshiro cannot leave
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 &- amount))
    }
}

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
