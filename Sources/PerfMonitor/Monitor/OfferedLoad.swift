/// The load an open-loop run offered, to judge its throughput by whether the service kept up.
///
/// An open-loop driver offers arrivals at a set rate, so the throughput it measures is at most
/// that rate, and over a finite run a little under it: a perfect ten-minute run at 2000 req/s
/// ends at 1999.5 req/s. Such a run meets the throughput target when it offered at least the
/// target rate and the service completed at least ``keptUpShare`` of what was offered.
public struct OfferedLoad: Sendable, Equatable {
    /// The share of the offered requests that must complete (0.99).
    public static let keptUpShare = 0.99

    /// The rate the schedule offers, in requests per second.
    public var rateRPS: Double
    /// Requests offered.
    public var offered: Int
    /// Requests completed (whether they succeeded or not: success has its own target).
    public var completed: Int

    /// Creates an offered load.
    ///
    /// - Parameters:
    ///   - rateRPS: The schedule's rate.
    ///   - offered: Requests offered.
    ///   - completed: Requests completed.
    public init(rateRPS: Double, offered: Int, completed: Int) {
        self.rateRPS = rateRPS
        self.offered = offered
        self.completed = completed
    }

    /// Completed / offered, in `0...1`; 1 when nothing was offered.
    public var keptUpRatio: Double {
        offered > 0 ? min(1, Double(max(0, completed)) / Double(offered)) : 1
    }
}

extension PerformanceSummary {
    /// This summary held against targets, its throughput judged by the offered load: met when the
    /// offered rate reaches the target and at least ``OfferedLoad/keptUpShare`` of the offered
    /// requests completed. The throughput ratio is then (offered rate / target) × (completed /
    /// offered), capped at ``TargetComparison/cap``, so a perfect run at the target rate scores 1.
    ///
    /// - Parameters:
    ///   - targets: The targets.
    ///   - offeredLoad: What the open-loop load offered.
    public func compared(with targets: PerformanceTargets, offeredLoad: OfferedLoad) -> TargetComparison {
        var comparison = compared(with: targets)
        let rate = TargetComparison.finite(offeredLoad.rateRPS)
        comparison.meetsThroughput =
            rate >= targets.minThroughputRPS && offeredLoad.keptUpRatio >= OfferedLoad.keptUpShare
        comparison.throughputRatio =
            TargetComparison.higherIsBetter(actual: rate, target: targets.minThroughputRPS) * offeredLoad.keptUpRatio
        comparison.overallScore =
            (comparison.throughputRatio + comparison.latencyRatio + comparison.successRatio + comparison.memoryRatio)
            / 4
        return comparison
    }
}
