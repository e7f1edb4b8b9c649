import PerfMonitor

/// What a probe of a ``CapacitySearch`` must meet to pass: a latency bound, a success rate, and a
/// driver that held its schedule.
public struct CapacityCriteria: Sendable, Hashable {
    /// The highest acceptable 95th percentile latency.
    public var maxLatencyP95: Duration
    /// The smallest acceptable ``DriverReport/successRate``, in `0 ... 1`.
    public var minSuccessRate: Double
    /// Whether an invalid run (the driver fell behind) fails the probe.
    public var requiresValidRun: Bool

    /// Creates criteria.
    ///
    /// - Parameters:
    ///   - maxLatencyP95: The highest acceptable P95 latency; 25 ms by default.
    ///   - minSuccessRate: The smallest acceptable success rate; 0.99 by default.
    ///   - requiresValidRun: Whether an invalid run fails the probe; `true` by default.
    public init(
        maxLatencyP95: Duration = .milliseconds(25),
        minSuccessRate: Double = 0.99,
        requiresValidRun: Bool = true
    ) {
        self.maxLatencyP95 = maxLatencyP95
        self.minSuccessRate = minSuccessRate
        self.requiresValidRun = requiresValidRun
    }

    /// The default criteria: P95 at most 25 ms, 99% success, a valid run.
    public static let `default` = CapacityCriteria()

    /// Why a report misses the criteria, one sentence per criterion missed.
    ///
    /// - Parameter report: The probe's report.
    /// - Returns: The reasons, empty when the report passes.
    /// - Complexity: O(histogram buckets).
    public func failures(of report: DriverReport) -> [String] {
        var reasons: [String] = []
        if requiresValidRun, let reason = report.validity.reason {
            reasons.append("The run was invalid. " + reason)
        }
        let p95 = report.latency.percentile(0.95)
        if report.latency.isEmpty {
            reasons.append("No request completed.")
        } else if p95 > maxLatencyP95 {
            reasons.append(
                "Latency P95 was \(Self.milliseconds(p95)) ms, above \(Self.milliseconds(maxLatencyP95)) ms."
            )
        }
        if report.successRate < minSuccessRate {
            reasons.append(
                "Success rate was \(Self.percent(report.successRate))%, below \(Self.percent(minSuccessRate))%."
            )
        }
        return reasons
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String((duration.seconds * 100_000).rounded() / 100)
    }

    private static func percent(_ fraction: Double) -> String {
        String((fraction * 10_000).rounded() / 100)
    }
}
