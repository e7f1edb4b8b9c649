/// A target that an interval figure crossed for a sustained period, or came back within.
///
/// The monitor raises one when a figure of ``MonitoringConfiguration/breachIntervals`` collection
/// intervals in a row misses its target (``State/breached``), and one when as many intervals in a
/// row meet it again (``State/resolved``); never for a single bad interval, so a clean steady run
/// raises none. An interval without requests says nothing about latency or errors and neither
/// extends nor ends their streak.
public struct TargetBreachEvent: Sendable, Equatable {
    /// Whether the target is now missed or met again.
    public enum State: String, Sendable, Equatable {
        /// The figure missed the target for the sustained period.
        case breached
        /// The figure met the target again for the sustained period.
        case resolved
    }

    /// Which target.
    public enum Metric: String, Sendable, Equatable, CaseIterable {
        /// The interval's 95th percentile latency, in milliseconds, above ``PerformanceTargets/maxLatencyP95Ms``.
        case latencyP95Ms = "latency_p95_ms"
        /// The interval's failed / all requests, above `1 −` ``PerformanceTargets/minSuccessRate``.
        case errorRate = "error_rate"
        /// The interval's requests per second below 90% of the offered rate
        /// (``MonitoringConfiguration/offeredRateRPS``), when that is known.
        case requestsPerSecond = "requests_per_second"
        /// Memory in megabytes, above ``PerformanceTargets/maxMemoryMB``.
        case memoryMB = "memory_mb"
    }

    /// Breached or resolved.
    public var state: State
    /// Which target.
    public var metric: Metric
    /// The figure of the last interval, in the metric's unit.
    public var value: Double
    /// The limit it is held against, in the same unit.
    public var threshold: Double
    /// The intervals in a row that decided it.
    public var intervals: Int
    /// When it was decided (the end of the last of those intervals).
    public var at: MonitorInstant

    /// Creates an event.
    public init(state: State, metric: Metric, value: Double, threshold: Double, intervals: Int, at: MonitorInstant) {
        self.state = state
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.intervals = intervals
        self.at = at
    }
}

/// Follows each target over the collection intervals and decides when it is breached for a
/// sustained period and when it is resolved (see ``TargetBreachEvent``).
public struct TargetBreachWatcher: Sendable {
    /// The share of the offered rate below which an interval's throughput misses (0.9).
    public static let keptUpShare = 0.9

    /// The targets watched.
    public let targets: PerformanceTargets
    /// The intervals in a row that breach, or resolve, a target.
    public let intervals: Int
    /// The rate the load offers, in requests per second, or nil when unknown (no throughput watch).
    public let offeredRateRPS: Double?
    private var streaks: [TargetBreachEvent.Metric: Int] = [:]
    private var breached: Set<TargetBreachEvent.Metric> = []

    /// Creates a watcher.
    ///
    /// - Parameters:
    ///   - targets: The targets.
    ///   - intervals: The intervals in a row that decide (at least 1).
    ///   - offeredRateRPS: The offered rate, or nil when unknown.
    public init(targets: PerformanceTargets, intervals: Int, offeredRateRPS: Double?) {
        self.targets = targets
        self.intervals = max(1, intervals)
        self.offeredRateRPS = offeredRateRPS.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }

    /// The targets currently breached.
    public var breachedMetrics: Set<TargetBreachEvent.Metric> { breached }

    /// Takes one interval's figures and returns the breaches and resolutions they decide.
    ///
    /// - Parameter report: The interval's figures.
    public mutating func evaluate(_ report: PeriodicReport) -> [TargetBreachEvent] {
        var events: [TargetBreachEvent] = []
        func judge(_ metric: TargetBreachEvent.Metric, _ value: Double, threshold: Double, misses: Bool) {
            let isBreached = breached.contains(metric)
            // The streak counts intervals that disagree with the current state.
            if misses != isBreached {
                streaks[metric, default: 0] += 1
            } else {
                streaks[metric] = 0
            }
            guard streaks[metric, default: 0] >= intervals else { return }
            streaks[metric] = 0
            if misses { breached.insert(metric) } else { breached.remove(metric) }
            events.append(
                TargetBreachEvent(
                    state: misses ? .breached : .resolved,
                    metric: metric,
                    value: value,
                    threshold: threshold,
                    intervals: intervals,
                    at: report.at
                )
            )
        }
        if report.requests > 0 {
            judge(
                .latencyP95Ms,
                report.latencyP95Ms,
                threshold: targets.maxLatencyP95Ms,
                misses: report.latencyP95Ms > targets.maxLatencyP95Ms
            )
            let maxErrorRate = max(0, 1 - targets.minSuccessRate)
            judge(.errorRate, report.errorRate, threshold: maxErrorRate, misses: report.errorRate > maxErrorRate)
        }
        if let offeredRateRPS {
            let floor = offeredRateRPS * Self.keptUpShare
            judge(
                .requestsPerSecond,
                report.requestsPerSecond,
                threshold: floor,
                misses: report.requestsPerSecond < floor
            )
        }
        if let memory = report.memoryBytes {
            let megabytes = Double(memory) / 1_048_576
            judge(.memoryMB, megabytes, threshold: targets.maxMemoryMB, misses: megabytes > targets.maxMemoryMB)
        }
        return events
    }
}
