/// Everything recorded in one hour or one day, built by merging interval histograms.
public struct HistoryAggregate: Sendable, Equatable {
    /// The length of the period.
    public enum Period: String, Sendable, Codable {
        case hour
        case day
    }

    /// Hour or day.
    public var period: Period
    /// The start of the period, in seconds since the epoch (aligned to the UTC hour or day).
    public var startSecondsSinceEpoch: Double
    /// The latency of every request in the period (percentiles come from these merged counts).
    public var latency: HistogramSnapshot
    /// Requests in the period.
    public var requests: UInt64
    /// Failed requests in the period.
    public var failures: UInt64
    /// The seconds of the period the monitor covered.
    public var coveredSeconds: Double
    /// The highest per-interval RPS seen.
    public var peakRequestsPerSecond: Double
    /// The highest memory figure seen, in bytes.
    public var peakMemoryBytes: Double
    private var memorySum: Double
    private var intervals: Int

    /// Creates an empty aggregate for the period starting at `start`.
    public init(period: Period, startSecondsSinceEpoch start: Double) {
        self.period = period
        startSecondsSinceEpoch = start
        latency = HistogramSnapshot()
        requests = 0
        failures = 0
        coveredSeconds = 0
        peakRequestsPerSecond = 0
        peakMemoryBytes = 0
        memorySum = 0
        intervals = 0
    }

    /// Mean requests per second over the covered part of the period.
    public var requestsPerSecond: Double { coveredSeconds > 0 ? Double(requests) / coveredSeconds : 0 }
    /// Failed / all requests, 0 when there were none.
    public var errorRate: Double { requests > 0 ? Double(failures) / Double(requests) : 0 }
    /// Mean of the memory figures seen, in bytes.
    public var meanMemoryBytes: Double { intervals > 0 ? memorySum / Double(intervals) : 0 }

    /// Adds one collection interval.
    mutating func add(interval latency: HistogramSnapshot, failures: UInt64, seconds: Double, memoryBytes: Double) {
        self.latency.merge(latency)
        requests &+= latency.count
        self.failures &+= failures
        coveredSeconds += seconds
        if seconds > 0 { peakRequestsPerSecond = max(peakRequestsPerSecond, Double(latency.count) / seconds) }
        peakMemoryBytes = max(peakMemoryBytes, memoryBytes)
        memorySum += memoryBytes
        intervals += 1
    }

    /// Adds a finished shorter aggregate (an hour into a day).
    mutating func add(_ other: HistoryAggregate) {
        latency.merge(other.latency)
        requests &+= other.requests
        failures &+= other.failures
        coveredSeconds += other.coveredSeconds
        peakRequestsPerSecond = max(peakRequestsPerSecond, other.peakRequestsPerSecond)
        peakMemoryBytes = max(peakMemoryBytes, other.peakMemoryBytes)
        memorySum += other.memorySum
        intervals += other.intervals
    }
}
