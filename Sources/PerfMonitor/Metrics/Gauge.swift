import Synchronization

/// A value that goes up and down, read and written atomically; holds a `Double`.
///
/// Non-finite values are ignored and counted in ``rejectedCount``, so a gauge never holds NaN.
public final class Gauge: Sendable {
    private let bits: Atomic<UInt64>
    private let rejected = Atomic<UInt64>(0)
    private let range: ClosedRange<Double>

    /// Creates a gauge.
    ///
    /// - Parameters:
    ///   - initialValue: The starting value.
    ///   - range: Values outside are clamped to it (for example `0...1` for a utilization).
    public init(
        _ initialValue: Double = 0,
        range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) {
        self.range = range
        bits = Atomic(min(max(initialValue, range.lowerBound), range.upperBound).bitPattern)
    }

    /// Sets the value, clamped to the gauge's range; a NaN or infinite value is rejected.
    @inline(__always)
    public func set(_ value: Double) {
        guard value.isFinite else {
            rejected.wrappingAdd(1, ordering: .relaxed)
            return
        }
        bits.store(min(max(value, range.lowerBound), range.upperBound).bitPattern, ordering: .relaxed)
    }

    /// The current value.
    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }

    /// How many non-finite values were rejected.
    public var rejectedCount: UInt64 { rejected.load(ordering: .relaxed) }
}
