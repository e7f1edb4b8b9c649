/// Produces the key and payload size of each request of a run, reproducibly from a seed.
///
/// Drivers keep one generator per sender (the open-loop sender thread, each closed-loop
/// connection), so the sequence each one sees depends only on the seed and its stream.
public struct RequestGenerator: Sendable {
    /// The underlying random numbers.
    public private(set) var random: SeededGenerator
    /// How payload sizes are drawn.
    public let payloadSizes: PayloadSizeDistribution
    /// How keys are drawn.
    public let keys: KeySampler

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: The run's seed.
    ///   - stream: Which of the seed's independent streams this generator draws from.
    ///   - payloadSizes: How payload sizes are drawn.
    ///   - keys: How keys are drawn.
    public init(
        seed: UInt64,
        stream: UInt64 = 0,
        payloadSizes: PayloadSizeDistribution,
        keys: KeyDistribution
    ) {
        random = SeededGenerator(seed: seed, stream: stream)
        self.payloadSizes = payloadSizes
        self.keys = KeySampler(keys)
    }

    /// Draws the next request's key and payload size, in that order.
    ///
    /// - Complexity: O(1) expected.
    public mutating func next() -> (key: UInt64, payloadSize: Int) {
        let key = keys.nextKey(using: &random)
        let size = payloadSizes.nextSize(using: &random)
        return (key, size)
    }
}
