/// Which way a metric is better.
public enum MetricPolarity: String, Sendable, Codable, Equatable {
    /// Larger values are better (throughput, success rate).
    case higher
    /// Smaller values are better (latency, errors, memory).
    case lower
}

/// The metric identifiers of a result file (DESIGN.md), with their units, polarity and the
/// practical threshold the comparator uses by default.
public enum MetricID: String, Sendable, Codable, CaseIterable, Comparable {
    case throughputRPS = "throughput_rps"
    case latencyP50Ms = "latency_p50_ms"
    case latencyP95Ms = "latency_p95_ms"
    case latencyP99Ms = "latency_p99_ms"
    case latencyMaxMs = "latency_max_ms"
    case successRate = "success_rate"
    case errorRate = "error_rate"
    case cacheHitRatio = "cache_hit_ratio"
    case backpressureEvents = "backpressure_events"
    case peakRSSMB = "peak_rss_mb"
    case cpuPercent = "cpu_percent"
    case workerUtilization = "worker_utilization"
    case scheduleLagP99Ms = "schedule_lag_p99_ms"
    case monitorOverheadPercent = "monitor_overhead_percent"
    case recordNsPerOp = "record_ns_per_op"
    /// The share of the host's CPU time the hypervisor stole during the run (``HostCPUTimes``):
    /// it describes the machine, not the code, and is never gated.
    case cpuStealPercent = "cpu_steal_percent"

    /// The metric an identifier names, with or without labels: `latency_p95_ms{operation=report}`
    /// is `latency_p95_ms` measured for one operation, with that metric's unit, polarity and
    /// threshold. Nil when the name before the labels is not a metric, or the labels are malformed.
    public init?(identifier: String) {
        guard let open = identifier.firstIndex(of: "{") else {
            self.init(rawValue: identifier)
            return
        }
        guard MetricID.labels(of: identifier) != nil else { return nil }
        self.init(rawValue: String(identifier[..<open]))
    }

    /// The identifier of this metric for one named operation: `latency_p95_ms{operation=report}`.
    public func identifier(operation: String) -> String { "\(rawValue){operation=\(operation)}" }

    /// The labels of an identifier: `[:]` for a plain one, `["operation": "report"]` for
    /// `latency_p95_ms{operation=report}`; nil when the braces hold anything but comma-separated
    /// `key=value` pairs of letters, digits, `_`, `.` and `-`.
    public static func labels(of identifier: String) -> [String: String]? {
        guard let open = identifier.firstIndex(of: "{") else { return [:] }
        guard identifier.hasSuffix("}") else { return nil }
        let inside = identifier[identifier.index(after: open)..<identifier.index(before: identifier.endIndex)]
        var labels: [String: String] = [:]
        for pair in inside.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, isLabelText(parts[0]), isLabelText(parts[1]),
                labels.updateValue(String(parts[1]), forKey: String(parts[0])) == nil
            else { return nil }
        }
        return labels
    }

    private static func isLabelText(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "_.-".unicodeScalars.contains(scalar))
            }
    }

    public static func < (lhs: MetricID, rhs: MetricID) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// The unit the values are in.
    public var unit: String {
        switch self {
        case .throughputRPS: "req/s"
        case .latencyP50Ms, .latencyP95Ms, .latencyP99Ms, .latencyMaxMs, .scheduleLagP99Ms: "ms"
        case .successRate, .errorRate, .cacheHitRatio, .workerUtilization: "ratio"
        case .backpressureEvents: "count"
        case .peakRSSMB: "MB"
        case .cpuPercent, .monitorOverheadPercent, .cpuStealPercent: "%"
        case .recordNsPerOp: "ns"
        }
    }

    /// Which way is better.
    public var polarity: MetricPolarity {
        switch self {
        case .throughputRPS, .successRate, .cacheHitRatio: .higher
        default: .lower
        }
    }

    /// The smallest relative change that matters in practice (0.05 = 5%); the comparator calls a
    /// change a regression only beyond it. Suites may override it per metric.
    public var defaultPracticalThreshold: Double {
        switch self {
        case .throughputRPS: 0.05
        case .latencyP50Ms, .latencyP95Ms, .latencyP99Ms: 0.10
        case .latencyMaxMs: 0.50
        case .successRate: 0.005
        case .errorRate: 0.50
        case .cacheHitRatio: 0.05
        case .backpressureEvents: 1.0
        case .peakRSSMB: 0.10
        case .cpuPercent: 0.15
        case .workerUtilization: 0.15
        case .scheduleLagP99Ms: 1.0
        case .monitorOverheadPercent: 1.0
        case .recordNsPerOp: 0.25
        case .cpuStealPercent: 1.0
        }
    }

    /// Whether a value below zero is a legitimate measurement (a paired difference that noise can
    /// push below 0) rather than a corrupt one.
    public var allowsNegativeValues: Bool { self == .monitorOverheadPercent }

    /// Whether the comparator gates on the metric (fails CI on its regression) by default; the
    /// others are reported only, because they are noisy by nature or describe the machine.
    /// `record_ns_per_op` gates: it is the minimum of many short timed loops, which interference
    /// can only raise, so it is stable enough to judge at its 25% threshold.
    public var isGatedByDefault: Bool {
        switch self {
        case .throughputRPS, .latencyP50Ms, .latencyP95Ms, .latencyP99Ms, .successRate, .peakRSSMB, .recordNsPerOp:
            true
        default: false
        }
    }
}
