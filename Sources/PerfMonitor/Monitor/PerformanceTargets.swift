/// The figures a service is expected to reach.
public struct PerformanceTargets: Sendable, Equatable, Codable {
    /// The least acceptable throughput, in requests per second.
    public var minThroughputRPS: Double
    /// The greatest acceptable 95th percentile latency, in milliseconds.
    public var maxLatencyP95Ms: Double
    /// The least acceptable fraction of successful requests, in `0...1`.
    public var minSuccessRate: Double
    /// The greatest acceptable memory, in megabytes (2^20 bytes).
    public var maxMemoryMB: Double
    /// The greatest acceptable cost of the monitor itself, in percent of throughput.
    public var maxMonitorOverheadPercent: Double

    /// Creates targets.
    public init(
        minThroughputRPS: Double,
        maxLatencyP95Ms: Double,
        minSuccessRate: Double,
        maxMemoryMB: Double,
        maxMonitorOverheadPercent: Double = 2
    ) {
        self.minThroughputRPS = minThroughputRPS
        self.maxLatencyP95Ms = maxLatencyP95Ms
        self.minSuccessRate = minSuccessRate
        self.maxMemoryMB = maxMemoryMB
        self.maxMonitorOverheadPercent = maxMonitorOverheadPercent
    }

    /// 2000 req/s, P95 25 ms, 99% success, 100 MB, monitor overhead 2%.
    public static let `default` = PerformanceTargets(
        minThroughputRPS: 2000,
        maxLatencyP95Ms: 25,
        minSuccessRate: 0.99,
        maxMemoryMB: 100,
        maxMonitorOverheadPercent: 2
    )
}
