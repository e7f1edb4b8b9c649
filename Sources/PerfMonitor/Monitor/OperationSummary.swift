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
