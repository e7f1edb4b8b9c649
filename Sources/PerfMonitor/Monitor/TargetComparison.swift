/// How a summary measures up to targets: an achievement ratio per target and an overall score.
///
/// Each ratio is "how many times the target was achieved", capped at 2.0: throughput is
/// actual / target; latency and memory, where less is better, are target / actual; success is
/// counted as its rate. The overall score is the mean of the four. A figure of zero never gives
/// NaN or infinity: zero latency or memory achieves the cap, zero throughput achieves 0, and a
/// target of zero is met by anything (the cap).
public struct TargetComparison: Sendable, Equatable {
    /// The targets compared against.
    public var targets: PerformanceTargets
    /// Throughput achievement, in `0...2`.
    public var throughputRatio: Double
    /// P95 latency achievement, in `0...2`.
    public var latencyRatio: Double
    /// Success achievement: the success rate, in `0...1`.
    public var successRatio: Double
    /// Memory achievement, in `0...2`.
    public var memoryRatio: Double
    /// The mean of the four parts, in `0...1.75`.
    public var overallScore: Double
    /// Whether throughput reached its target.
    public var meetsThroughput: Bool
    /// Whether P95 latency stayed within its target.
    public var meetsLatency: Bool
    /// Whether the success rate reached its target.
    public var meetsSuccessRate: Bool
    /// Whether memory stayed within its target.
    public var meetsMemory: Bool

    /// The largest value a part can contribute.
    public static let cap = 2.0

    /// Whether every target was met.
    public var meetsAllTargets: Bool { meetsThroughput && meetsLatency && meetsSuccessRate && meetsMemory }

    /// Compares figures with targets.
    public init(
        throughputRPS: Double,
        latencyP95Ms: Double,
        successRate: Double,
        memoryMB: Double,
        targets: PerformanceTargets
    ) {
        self.targets = targets
        throughputRatio = Self.higherIsBetter(actual: throughputRPS, target: targets.minThroughputRPS)
        latencyRatio = Self.lowerIsBetter(actual: latencyP95Ms, target: targets.maxLatencyP95Ms)
        successRatio = Self.finite(successRate).clamped(to: 0...1)
        memoryRatio = Self.lowerIsBetter(actual: memoryMB, target: targets.maxMemoryMB)
        overallScore = (throughputRatio + latencyRatio + successRatio + memoryRatio) / 4
        meetsThroughput = Self.finite(throughputRPS) >= targets.minThroughputRPS
        meetsLatency = Self.finite(latencyP95Ms) <= targets.maxLatencyP95Ms
        meetsSuccessRate = Self.finite(successRate) >= targets.minSuccessRate
        meetsMemory = Self.finite(memoryMB) <= targets.maxMemoryMB
    }

    static func higherIsBetter(actual: Double, target: Double) -> Double {
        let actual = max(0, finite(actual))
        guard target > 0, target.isFinite else { return cap }
        return min(actual / target, cap)
    }

    static func lowerIsBetter(actual: Double, target: Double) -> Double {
        let actual = max(0, finite(actual))
        guard target > 0, target.isFinite else { return actual == 0 ? cap : 0 }
        guard actual > 0 else { return cap }
        return min(target / actual, cap)
    }

    static func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
