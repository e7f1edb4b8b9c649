/// One collection interval of the monitor's history.
public struct HistoryPoint: Sendable, Equatable {
    /// The end of the interval.
    public var at: MonitorInstant
    /// Requests per second over the interval.
    public var requestsPerSecond: Double
    /// Mean latency over the interval, in milliseconds.
    public var meanLatencyMs: Double
    /// 95th percentile latency over the interval, in milliseconds.
    public var p95LatencyMs: Double
    /// Memory in use at the end of the interval, in bytes (the reported figure, else RSS; 0 if unknown).
    public var memoryBytes: Double
    /// Active connections at the end of the interval.
    public var activeConnections: Int
    /// Failed requests / all requests over the interval (0 when there were none).
    public var errorRate: Double
}
