/// The figures a service is expected to reach.
///
/// Decoding accepts files written before a target existed: a missing `maxMonitorOverheadPercent`
/// or `maxRecordNsPerOp` takes its default (2% and 25 ns); the other keys are required.
public struct PerformanceTargets: Sendable, Equatable, Codable {
    /// The least acceptable throughput, in requests per second.
    public var minThroughputRPS: Double
    /// The greatest acceptable 95th percentile latency, in milliseconds.
    public var maxLatencyP95Ms: Double
    /// The least acceptable fraction of successful requests, in `0...1`.
    public var minSuccessRate: Double
    /// The greatest acceptable memory, in megabytes (2^20 bytes).
    public var maxMemoryMB: Double
    /// The greatest acceptable cost of the monitor itself, in percent of the CPU time per request.
    public var maxMonitorOverheadPercent: Double
    /// The greatest acceptable cost of one `StreamPerformanceMonitor.recordRequest` call on one
    /// thread, in nanoseconds (the monitor's documented bound).
    public var maxRecordNsPerOp: Double

    /// Creates targets.
    public init(
        minThroughputRPS: Double,
        maxLatencyP95Ms: Double,
        minSuccessRate: Double,
        maxMemoryMB: Double,
        maxMonitorOverheadPercent: Double = 2,
        maxRecordNsPerOp: Double = 25
    ) {
        self.minThroughputRPS = minThroughputRPS
        self.maxLatencyP95Ms = maxLatencyP95Ms
        self.minSuccessRate = minSuccessRate
        self.maxMemoryMB = maxMemoryMB
        self.maxMonitorOverheadPercent = maxMonitorOverheadPercent
        self.maxRecordNsPerOp = maxRecordNsPerOp
    }

    /// Decodes targets, giving the monitor's own targets their defaults when the keys are absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            minThroughputRPS: try container.decode(Double.self, forKey: .minThroughputRPS),
            maxLatencyP95Ms: try container.decode(Double.self, forKey: .maxLatencyP95Ms),
            minSuccessRate: try container.decode(Double.self, forKey: .minSuccessRate),
            maxMemoryMB: try container.decode(Double.self, forKey: .maxMemoryMB),
            maxMonitorOverheadPercent: try container.decodeIfPresent(Double.self, forKey: .maxMonitorOverheadPercent)
                ?? Self.default.maxMonitorOverheadPercent,
            maxRecordNsPerOp: try container.decodeIfPresent(Double.self, forKey: .maxRecordNsPerOp)
                ?? Self.default.maxRecordNsPerOp
        )
    }

    /// 2000 req/s, P95 25 ms, 99% success, 100 MB, monitor overhead 2%, `recordRequest` 25 ns.
    public static let `default` = PerformanceTargets(
        minThroughputRPS: 2000,
        maxLatencyP95Ms: 25,
        minSuccessRate: 0.99,
        maxMemoryMB: 100,
        maxMonitorOverheadPercent: 2,
        maxRecordNsPerOp: 25
    )
}
