#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the monitor tells the outside world as it runs.
public enum MonitorEvent: Sendable, Equatable {
    /// The figures of one collection interval.
    case report(PeriodicReport)
    /// A value that stood out.
    case anomaly(AnomalyEvent)
    /// A target missed for a sustained period, or met again (see ``TargetBreachEvent``).
    case targetBreach(TargetBreachEvent)
}

/// The figures of one collection interval, as logged.
public struct PeriodicReport: Sendable, Equatable {
    /// The end of the interval.
    public var at: MonitorInstant
    /// Time since the monitor started.
    public var uptime: Duration
    /// Requests completed in the interval.
    public var requests: UInt64
    /// Requests per second in the interval.
    public var requestsPerSecond: Double
    /// Median latency in the interval, in milliseconds.
    public var latencyP50Ms: Double
    /// 95th percentile latency in the interval, in milliseconds.
    public var latencyP95Ms: Double
    /// 99th percentile latency in the interval, in milliseconds.
    public var latencyP99Ms: Double
    /// Failed / all requests in the interval.
    public var errorRate: Double
    /// Memory in bytes, or nil when unknown.
    public var memoryBytes: UInt64?
    /// CPU percent of one core, or nil when unknown.
    public var cpuPercent: Double?
    /// Open stream sessions.
    public var activeConnections: Int
    /// Last reported queue depth.
    public var queueDepth: Int
    /// Last reported worker utilization.
    public var workerUtilization: Double
    /// Cache hits / lookups since start.
    public var cacheHitRatio: Double
    /// Backpressure events since start.
    public var backpressureEvents: UInt64
    /// The share of the host's CPU time the hypervisor stole in the interval, in percent, or nil
    /// when unknown (``HostCPUTimes``). A latency rise up to that share of the interval (60 ms
    /// for 6% of a second) or a throughput drop up to that share is not raised as an anomaly.
    public var hostCPUStealPercent: Double? = nil
}

extension MonitorEvent {
    /// The event as one line of JSON (no newline), keys sorted, time in ISO 8601.
    ///
    /// Every report line has the keys `activeConnections`, `backpressureEvents`, `cacheHitRatio`,
    /// `cpuPercent`, `errorRate`, `hostCPUStealPercent`, `latencyP50Ms`, `latencyP95Ms`,
    /// `latencyP99Ms`, `memoryBytes`, `queueDepth`, `requests`, `requestsPerSecond`, `time`, `type` ("report"), `uptimeSeconds`,
    /// `workerUtilization`; every anomaly line `expected`, `kind`, `score`, `severity`, `time`,
    /// `type` ("anomaly"), `value`; every target-breach line `intervals`, `metric`, `state`
    /// ("breached" or "resolved"), `threshold`, `time`, `type` ("target_breach"), `value`. Unknown
    /// figures are `null`.
    public var jsonLine: String {
        switch self {
        case .report(let report):
            return JSONValue.object([
                "type": .string("report"),
                "time": .string(ISO8601.string(secondsSinceEpoch: report.at.secondsSinceEpoch)),
                "uptimeSeconds": .number(report.uptime.seconds),
                "requests": .unsigned(report.requests),
                "requestsPerSecond": .number(report.requestsPerSecond),
                "latencyP50Ms": .number(report.latencyP50Ms),
                "latencyP95Ms": .number(report.latencyP95Ms),
                "latencyP99Ms": .number(report.latencyP99Ms),
                "errorRate": .number(report.errorRate),
                "memoryBytes": report.memoryBytes.map(JSONValue.unsigned) ?? .null,
                "cpuPercent": .number(report.cpuPercent),
                "hostCPUStealPercent": .number(report.hostCPUStealPercent),
                "activeConnections": .integer(Int64(report.activeConnections)),
                "queueDepth": .integer(Int64(report.queueDepth)),
                "workerUtilization": .number(report.workerUtilization),
                "cacheHitRatio": .number(report.cacheHitRatio),
                "backpressureEvents": .unsigned(report.backpressureEvents),
            ]).rendered()
        case .anomaly(let event):
            return JSONValue.object([
                "type": .string("anomaly"),
                "time": .string(ISO8601.string(secondsSinceEpoch: event.at.secondsSinceEpoch)),
                "kind": .string(event.kind.rawValue),
                "severity": .string(event.severity.rawValue),
                "value": .number(event.value),
                "expected": .number(event.expected),
                "score": .number(event.score),
            ]).rendered()
        case .targetBreach(let event):
            return JSONValue.object([
                "type": .string("target_breach"),
                "time": .string(ISO8601.string(secondsSinceEpoch: event.at.secondsSinceEpoch)),
                "state": .string(event.state.rawValue),
                "metric": .string(event.metric.rawValue),
                "value": .number(event.value),
                "threshold": .number(event.threshold),
                "intervals": .integer(Int64(event.intervals)),
            ]).rendered()
        }
    }
}

/// Receives the monitor's periodic reports and anomaly events.
///
/// The monitor calls `emit` from its collection task, never while holding a lock.
public protocol MonitorEventSink: Sendable {
    /// Handles one event.
    func emit(_ event: MonitorEvent)
}

/// Writes each event as one JSON line to a file descriptor (standard error by default).
public struct JSONLinesSink: MonitorEventSink {
    private let descriptor: Int32

    /// Creates a sink writing to `descriptor` (2, standard error, by default).
    public init(fileDescriptor descriptor: Int32 = 2) {
        self.descriptor = descriptor
    }

    public func emit(_ event: MonitorEvent) {
        var line = event.jsonLine
        line += "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
