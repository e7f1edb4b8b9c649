#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the payload size of each request is chosen, in bytes.
///
/// Every size is drawn from a ``SeededGenerator`` (or any `RandomNumberGenerator`), so a seed
/// fixes the whole sequence of sizes.
public enum PayloadSizeDistribution: Sendable, Hashable, CustomStringConvertible {
    /// Every request has the same size.
    case fixed(bytes: Int)
    /// Sizes spread evenly over `min ... max`.
    case uniform(min: Int, max: Int)
    /// Sizes whose logarithm is normal: half are below `median`; `sigma` is the standard deviation
    /// of the natural logarithm (0.5 gives a 1.65× spread per standard deviation). Sizes are
    /// clamped to `1 ... max`, which keeps the long right tail bounded.
    case logNormal(median: Int, sigma: Double, max: Int)

    /// Checks that the parameters can be sampled.
    ///
    /// - Parameter field: The field path to name in the error, such as `workload.payload`.
    /// - Throws: ``WorkloadsError`` with code `invalidPayload` naming the bad value.
    public func validate(field: String = "payload") throws(WorkloadsError) {
        switch self {
        case .fixed(let bytes):
            if bytes < 0 { throw Self.invalid("\(field).bytes is \(bytes); it must be 0 or more.") }
        case .uniform(let min, let max):
            if min < 0 || max < min {
                throw Self.invalid("\(field) is uniform(min: \(min), max: \(max)); it needs 0 ≤ min ≤ max.")
            }
        case .logNormal(let median, let sigma, let max):
            if median < 1 { throw Self.invalid("\(field).median is \(median); it must be at least 1 byte.") }
            if !sigma.isFinite || sigma < 0 {
                throw Self.invalid("\(field).sigma is \(sigma); it must be a finite number ≥ 0.")
            }
            if max < median { throw Self.invalid("\(field).max is \(max); it must be at least the median, \(median).") }
        }
    }

    /// Draws one size.
    ///
    /// - Parameter generator: The source of randomness; a ``SeededGenerator`` for reproducible runs.
    /// - Returns: A size in bytes, within the distribution's bounds.
    public func nextSize(using generator: inout some RandomNumberGenerator) -> Int {
        switch self {
        case .fixed(let bytes):
            return bytes
        case .uniform(let min, let max):
            let span = UInt64(max - min) &+ 1
            return min + Int(generator.next(below: span))
        case .logNormal(let median, let sigma, let max):
            let size = Double(median) * exp(sigma * generator.nextStandardNormal())
            return Int(Swift.min(Swift.max(size.rounded(), 1), Double(max)))
        }
    }

    /// The distribution in words, such as `log-normal(median 512 B, σ 0.6, max 16384 B)`.
    public var description: String {
        switch self {
        case .fixed(let bytes): "fixed(\(bytes) B)"
        case .uniform(let min, let max): "uniform(\(min)–\(max) B)"
        case .logNormal(let median, let sigma, let max): "log-normal(median \(median) B, σ \(sigma), max \(max) B)"
        }
    }

    private static func invalid(_ message: String) -> WorkloadsError {
        WorkloadsError(code: .invalidPayload, message: "The payload size distribution is invalid: " + message)
    }
}
