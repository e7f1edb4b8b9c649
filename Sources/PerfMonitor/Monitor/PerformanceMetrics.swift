/// A point-in-time view of everything the monitor tracks; window figures cover the sliding
/// throughput window (10 s by default), cumulative ones everything since start.
public struct PerformanceMetrics: Sendable, Equatable {
    /// When the view was taken.
    public var at: MonitorInstant
    /// Time since the monitor started.
    public var uptime: Duration
    /// Requests recorded since start.
    public var totalRequests: UInt64
    /// Failed requests since start.
    public var failedRequests: UInt64
    /// Successful / all requests since start; 1 when there were none.
    public var successRate: Double
    /// Failed / all requests over the window; 0 when there were none.
    public var windowErrorRate: Double
    /// Requests per second over the sliding window.
    public var currentRPS: Double
    /// The highest requests per second over one collection interval.
    public var peakRPS: Double
    /// Requests per second averaged over the uptime.
    public var averageRPS: Double
    /// Simple moving average of interval RPS, or nil before the first interval.
    public var rpsMovingAverage: Double?
    /// Exponentially weighted moving average of interval RPS, or nil before the first interval.
    public var rpsExponentialAverage: Double?
    /// Median latency over the window, in milliseconds.
    public var latencyP50Ms: Double
    /// 95th percentile latency over the window, in milliseconds.
    public var latencyP95Ms: Double
    /// 99th percentile latency over the window, in milliseconds.
    public var latencyP99Ms: Double
    /// Mean latency over the window, in milliseconds.
    public var meanLatencyMs: Double
    /// Simple moving average of interval P95 latency, in milliseconds.
    public var latencyP95MovingAverage: Double?
    /// Exponentially weighted moving average of interval P95 latency, in milliseconds.
    public var latencyP95ExponentialAverage: Double?
    /// The trend of interval RPS over the trend window.
    public var throughputTrend: Trend
    /// The trend of interval P95 latency over the trend window.
    public var latencyTrend: Trend
    /// Memory: the reported figure, else the RSS; nil when neither is known.
    public var memoryBytes: UInt64?
    /// The process's resident set size and other resource figures.
    public var resources: ResourceUsage
    /// Open stream sessions.
    public var activeConnections: Int
    /// The last reported worker utilization, in `0...1`.
    public var workerUtilization: Double
    /// The last reported queue depth.
    public var queueDepth: Int
    /// Cache hits / lookups since start; 0 when there were none.
    public var cacheHitRatio: Double
    /// Cache lookups since start.
    public var cacheLookups: UInt64
    /// Backpressure events since start.
    public var backpressureEvents: UInt64
    /// Batches recorded since start.
    public var batches: UInt64
    /// Mean batch size; 0 when there were none.
    public var meanBatchSize: Double
    /// Errors by kind since start, sorted by kind.
    public var errorsByKind: [String: UInt64]
    /// The most recent anomaly events, oldest first.
    public var recentAnomalies: [AnomalyEvent]
    /// The share of the host's CPU time the hypervisor took from this machine over the last
    /// collection interval, in percent (`/proc/stat`'s steal); nil when the host is not read.
    public var hostCPUStealPercent: Double? = nil
}
