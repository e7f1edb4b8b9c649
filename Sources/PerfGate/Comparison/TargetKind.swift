import Foundation
public import PerfMonitor

/// An absolute target a scenario can be judged against, and the metric that judges it.
public enum TargetKind: String, Sendable, Codable, Equatable, Hashable, CaseIterable, Comparable {
    /// `throughput_rps ≥ minThroughputRPS`.
    case throughput
    /// `latency_p95_ms ≤ maxLatencyP95Ms`.
    case latencyP95
    /// `success_rate ≥ minSuccessRate`.
    case successRate
    /// `peak_rss_mb ≤ maxMemoryMB`.
    case memory
    /// `monitor_overhead_percent ≤ maxMonitorOverheadPercent`, judged only where the metric is
    /// present.
    case monitorOverhead
    /// `record_ns_per_op ≤ maxRecordNsPerOp` (the cost of one `recordRequest` call), judged only
    /// where the metric is present.
    case recordCost

    /// Whether the target is a floor or a ceiling.
    public enum Direction: String, Sendable, Codable, Equatable {
        /// The value must be at least the bound.
        case atLeast
        /// The value must be at most the bound.
        case atMost
    }

    /// The metric the target judges.
    public var metric: MetricID {
        switch self {
        case .throughput: .throughputRPS
        case .latencyP95: .latencyP95Ms
        case .successRate: .successRate
        case .memory: .peakRSSMB
        case .monitorOverhead: .monitorOverheadPercent
        case .recordCost: .recordNsPerOp
        }
    }

    /// Whether the bound is a floor or a ceiling.
    public var direction: Direction {
        switch self {
        case .throughput, .successRate: .atLeast
        case .latencyP95, .memory, .monitorOverhead, .recordCost: .atMost
        }
    }

    /// Whether a scenario without the metric is skipped silently rather than reported: only
    /// monitor-overhead scenarios measure the monitor's own cost.
    public var isOptional: Bool {
        switch self {
        case .monitorOverhead, .recordCost: true
        case .throughput, .latencyP95, .successRate, .memory: false
        }
    }

    /// Whether the metric is a difference measured symmetrically, so that the gate bounds the
    /// pseudo-median of its rounds from the signed-rank distribution rather than their median
    /// from order statistics: the monitor's overhead, the median of log ratios of segments run
    /// with and without the monitor in Thue–Morse order, centred on the true overhead either way.
    var isSymmetricDifference: Bool { self == .monitorOverhead }

    /// The widest half-width, in the metric's unit, at which the target's interval is narrow
    /// enough to judge it, or nil for no goal: one percentage point for the monitor's overhead,
    /// half its 2% bound, so that "at risk" means near the bound rather than a noisy round.
    /// Wider intervals ask for extra rounds (``ComparisonReport/scenariosNeedingMoreRounds``).
    public var precisionGoal: Double? {
        switch self {
        case .monitorOverhead: 1
        case .throughput, .latencyP95, .successRate, .memory, .recordCost: nil
        }
    }

    /// The bound the targets set.
    public func bound(in targets: PerformanceTargets) -> Double {
        switch self {
        case .throughput: targets.minThroughputRPS
        case .latencyP95: targets.maxLatencyP95Ms
        case .successRate: targets.minSuccessRate
        case .memory: targets.maxMemoryMB
        case .monitorOverhead: targets.maxMonitorOverheadPercent
        case .recordCost: targets.maxRecordNsPerOp
        }
    }

    public static func < (lhs: TargetKind, rhs: TargetKind) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// A target a suite file declares for one scenario, on any metric of its results, such as
/// `"latency_p99_ms{operation=report}": "<= 40"`: judged like the built-in targets, from one-sided
/// confidence bounds on the median round.
///
/// A declared target on a metric one of the suite-wide targets also judges (`throughput_rps`,
/// `latency_p95_ms`, `success_rate`, `peak_rss_mb`) replaces that target for its scenario.
public struct MetricTarget: Sendable, Codable, Equatable, Hashable {
    /// The metric identifier, with its labels: `throughput_rps`, `latency_p95_ms{operation=report}`.
    public var metric: String
    /// Whether the value must be at least or at most the bound.
    public var direction: TargetKind.Direction
    /// The floor or ceiling.
    public var bound: Double

    /// Creates a target.
    public init(metric: String, direction: TargetKind.Direction, bound: Double) {
        self.metric = metric
        self.direction = direction
        self.bound = bound
    }

    /// The target as a suite file writes it: `">= 5000"` or `"<= 40"`.
    public var condition: String {
        (direction == .atLeast ? ">= " : "<= ") + MetricTarget.format(bound)
    }

    /// Reads a condition such as `">= 5000"` or `"<=40"`.
    ///
    /// - Returns: The direction and the bound, or nil when the text is neither `>=` nor `<=`
    ///   followed by a finite number.
    public static func condition(_ text: String) -> (TargetKind.Direction, Double)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let direction: TargetKind.Direction
        if trimmed.hasPrefix(">=") {
            direction = .atLeast
        } else if trimmed.hasPrefix("<=") {
            direction = .atMost
        } else {
            return nil
        }
        let number = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
        guard let bound = Double(number), bound.isFinite else { return nil }
        return (direction, bound)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
