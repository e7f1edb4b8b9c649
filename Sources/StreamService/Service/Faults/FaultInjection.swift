/// Faults to inject into the service, to check that the measurement sees them: a slowdown, a stall and an error
/// rate.
///
/// A benchmark that cannot see a 20 % slowdown or a 300 ms stall cannot guard against one; run a suite with a fault
/// and check that the comparison flags it. Out-of-range values are clamped: a negative or non-finite slowdown counts
/// as 0, the error rate is clamped to `0...1`.
///
/// ```swift
/// let faults = FaultInjection(
///     slowdownPercent: 20,
///     stall: FaultInjection.Stall(start: .seconds(5), length: .milliseconds(300)),
///     errorRate: 0.01
/// )
/// ```
public struct FaultInjection: Sendable, Equatable {
    /// Extra CPU work per message, in percent of its normal work: 20 repeats a fifth of each message's transform
    /// passes and mixing iterations (backend iterations included on a cache miss).
    public var slowdownPercent: Double
    /// A pause of every worker, or `nil` for none.
    public var stall: Stall?
    /// The fraction of messages that fail with ``ServiceFailureKind/injected`` after their normal work, in `0...1`.
    ///
    /// Which messages fail is fixed by the service's seed and each message's sequence number, so it does not depend
    /// on which worker runs them: the same seed fails the same messages.
    public var errorRate: Double

    /// No fault.
    public static let none = FaultInjection()

    /// Creates a set of faults.
    ///
    /// - Parameters:
    ///   - slowdownPercent: Extra CPU work per message, in percent of its normal work.
    ///   - stall: A pause of every worker, or `nil`.
    ///   - errorRate: The fraction of messages that fail with ``ServiceFailureKind/injected``.
    public init(slowdownPercent: Double = 0, stall: Stall? = nil, errorRate: Double = 0) {
        self.slowdownPercent = slowdownPercent
        self.stall = stall
        self.errorRate = errorRate
    }

    /// The slowdown as a fraction of the normal work, at least 0.
    var slowdownFraction: Double {
        slowdownPercent.isFinite ? max(0, slowdownPercent) / 100 : 0
    }

    /// The error rate within `0...1`; NaN counts as 0.
    var clampedErrorRate: Double {
        errorRate.isNaN ? 0 : min(max(errorRate, 0), 1)
    }
}
