/// How the key of each request is chosen from a key space `0 ..< keySpace`.
///
/// Keys stand for what a cache or a shard would see: uniform keys defeat a cache, Zipf keys give
/// it a hot head. Sample with a ``KeySampler``, which precomputes what each draw needs.
public enum KeyDistribution: Sendable, Hashable, CustomStringConvertible {
    /// Every key in `0 ..< keySpace` is equally likely.
    case uniform(keySpace: UInt64)
    /// Key `k` (0-based) has probability proportional to `1 / (k + 1)^exponent`: key 0 is the most
    /// popular. `exponent` must be above 0; 0.99 is the usual "YCSB" skew.
    case zipf(keySpace: UInt64, exponent: Double)

    /// The number of distinct keys.
    public var keySpace: UInt64 {
        switch self {
        case .uniform(let keySpace), .zipf(let keySpace, _): keySpace
        }
    }

    /// Checks that the parameters can be sampled.
    ///
    /// - Parameter field: The field path to name in the error, such as `workload.keys`.
    /// - Throws: ``WorkloadsError`` with code `invalidKeys` naming the bad value.
    public func validate(field: String = "keys") throws(WorkloadsError) {
        if keySpace < 1 {
            throw Self.invalid("\(field).keySpace is \(keySpace); it must be at least 1.")
        }
        if case .zipf(_, let exponent) = self, !(exponent.isFinite && exponent > 0 && exponent <= 20) {
            throw Self.invalid("\(field).exponent is \(exponent); it must be above 0 and at most 20.")
        }
    }

    /// The distribution in words, such as `zipf(10000 keys, s 0.99)`.
    public var description: String {
        switch self {
        case .uniform(let keySpace): "uniform(\(keySpace) keys)"
        case .zipf(let keySpace, let exponent): "zipf(\(keySpace) keys, s \(exponent))"
        }
    }

    private static func invalid(_ message: String) -> WorkloadsError {
        WorkloadsError(code: .invalidKeys, message: "The key distribution is invalid: " + message)
    }
}
