/// The headline figures of a monitor since it started, ready to hold against targets.
public struct PerformanceSummary: Sendable, Equatable {
    /// Requests per second averaged over the uptime.
    public var throughputRPS: Double
    /// The highest throughput over one collection interval.
    public var peakThroughputRPS: Double
    /// Mean latency, in milliseconds.
    public var meanLatencyMs: Double
    /// Median latency, in milliseconds.
    public var latencyP50Ms: Double
    /// 95th percentile latency, in milliseconds.
    public var latencyP95Ms: Double
    /// 99th percentile latency, in milliseconds.
    public var latencyP99Ms: Double
    /// The largest latency, in milliseconds.
    public var maxLatencyMs: Double
    /// Requests recorded.
    public var totalRequests: UInt64
    /// Successful / all requests; 1 when there were none (nothing failed).
    public var successRate: Double
    /// Memory in megabytes: the figure reported with `updateMemoryUsage(bytes:)`, else the RSS.
    public var memoryMB: Double
    /// Peak resident set size in megabytes, or nil when it cannot be read.
    public var peakResidentMB: Double?
    /// Open stream sessions.
    public var activeConnections: Int
    /// The last reported worker utilization, in `0...1`.
    public var workerUtilization: Double
    /// Cache hits / lookups; 0 when there were none.
    public var cacheEfficiency: Double
    /// Backpressure events recorded.
    public var backpressureEvents: UInt64
    /// Time since the monitor started.
    public var uptime: Duration
    /// The figures of each declared operation, in declared order; empty when none was declared
    /// (see ``MonitoringConfiguration/operations``). The figures above are the totals.
    public var operations: [OperationSummary] = []

    /// This summary held against targets.
    public func compared(with targets: PerformanceTargets = .default) -> TargetComparison {
        TargetComparison(
            throughputRPS: throughputRPS,
            latencyP95Ms: latencyP95Ms,
            successRate: successRate,
            memoryMB: memoryMB,
            targets: targets
        )
    }
}

/// The figures of one named operation since the monitor started: the same headline figures as
/// ``PerformanceSummary``, counted over that operation's requests alone.
///
/// The monitor's totals include every operation's requests, and those recorded without one.
public struct OperationSummary: Sendable, Equatable {
    /// The operation's name, as declared in ``MonitoringConfiguration/operations``.
    public var name: String
    /// Requests recorded under the operation.
    public var totalRequests: UInt64
    /// Of those, the failed ones.
    public var failedRequests: UInt64
    /// The operation's requests per second averaged over the uptime.
    public var throughputRPS: Double
    /// Mean latency, in milliseconds.
    public var meanLatencyMs: Double
    /// Median latency, in milliseconds.
    public var latencyP50Ms: Double
    /// 95th percentile latency, in milliseconds.
    public var latencyP95Ms: Double
    /// 99th percentile latency, in milliseconds.
    public var latencyP99Ms: Double
    /// The largest latency, in milliseconds; 0 when there were no requests.
    public var maxLatencyMs: Double
    /// Successful / all of the operation's requests; 1 when there were none (nothing failed).
    public var successRate: Double

    /// Failed / all of the operation's requests; 0 when there were none.
    public var errorRate: Double { 1 - successRate }
}
