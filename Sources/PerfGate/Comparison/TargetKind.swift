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
