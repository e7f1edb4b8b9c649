/// How a ``StreamPerformanceMonitor`` collects, keeps and judges its figures.
///
/// Settings that make no sense (a zero interval, a window shorter than the interval, a
/// non-finite threshold) are replaced by their defaults when the monitor starts, so a bad
/// setting never harms the host service; ``problems`` lists them.
public struct MonitoringConfiguration: Sendable {
    /// Whether recording does anything (true). A disabled monitor ignores every `record…` and
    /// `update…` call at the cost of one branch: the baseline for measuring the monitor's own
    /// overhead.
    public var isEnabled: Bool = true
    /// How often figures are collected, history is written and anomalies are evaluated (1 s).
    public var collectionInterval: Duration = .seconds(1)
    /// The sliding window for current RPS and percentiles (10 s).
    public var throughputWindow: Duration = .seconds(10)
    /// How long interval points are kept (24 h); the history holds retention / interval points.
    public var historyRetention: Duration = .seconds(86_400)
    /// The finished hourly aggregates kept (48).
    public var hourlyRetention: Int = 48
    /// The finished daily aggregates kept (30).
    public var dailyRetention: Int = 30
    /// The anomaly threshold, in standard deviations (3.0).
    ///
    /// With the relative floors below, tuned so that a clean steady `perfgate serve --rate 2000`
    /// raises no anomaly (at 2.0 and without them, ten minutes of it raised ten), while a stall or
    /// a slowdown still does.
    public var anomalyThreshold: Double = 3.0
    /// How "normal" is estimated for anomaly detection.
    public var anomalyMethod: AnomalyMethod = .ewma
    /// Intervals seen before anomalies can be flagged (20).
    public var anomalyWarmUp: Int = 20
    /// Anomalous intervals in a row before an anomaly is raised (3), unless it is
    /// ``anomalyImmediateMultiple`` floors or more from normal.
    ///
    /// A clean 10-minute `serve --rate 2000` on a shared virtual machine had one two-second blip
    /// (P95 5.9 → 19.8 and 13.8 ms) that raised two anomalies and so two alerts; a stall or a
    /// slowdown lasts longer or goes further.
    public var anomalyPersistence: Int = 3
    /// How many floors from normal an interval is raised at once (3): a P95 four times its
    /// expected value, throughput down by 60% or more (a stall).
    public var anomalyImmediateMultiple: Double = 3
    /// The smallest latency rise that can be an anomaly, in milliseconds (2).
    public var latencyAnomalyFloorMs: Double = 2
    /// The smallest latency rise that can be an anomaly, as a fraction of the expected P95 (1.0:
    /// the P95 at least doubles).
    public var latencyAnomalyRelativeFloor: Double = 1.0
    /// The smallest throughput drop that can be an anomaly, in requests per second (50).
    public var throughputAnomalyFloorRPS: Double = 50
    /// The smallest throughput drop that can be an anomaly, as a fraction of the expected rate (0.2).
    public var throughputAnomalyRelativeFloor: Double = 0.2
    /// The smallest error-rate rise that can be an anomaly (0.01).
    public var errorRateAnomalyFloor: Double = 0.01
    /// The smallest memory rise that can be an anomaly, in bytes (16 MiB).
    public var memoryAnomalyFloorBytes: Double = 16 * 1_048_576
    /// The smallest memory rise that can be an anomaly, as a fraction of the expected memory (0.25).
    public var memoryAnomalyRelativeFloor: Double = 0.25
    /// The smallest CPU rise that can be an anomaly, in percent of one core (10).
    public var cpuAnomalyFloorPercent: Double = 10
    /// The smallest CPU rise that can be an anomaly, as a fraction of the expected CPU (0.5).
    public var cpuAnomalyRelativeFloor: Double = 0.5
    /// Intervals in the simple moving averages (10).
    public var movingAverageLength: Int = 10
    /// The weight of a new interval in the exponential moving averages (0.3).
    public var exponentialAverageAlpha: Double = 0.3
    /// Interval points the trends are fitted over (60).
    public var trendWindow: Int = 60
    /// Sessions idle this long are ended at the next collection (5 min).
    public var sessionIdleTimeout: Duration = .seconds(300)
    /// The most anomaly events kept (100).
    public var anomalyRetention: Int = 100
    /// The targets the summary is compared with.
    public var targets: PerformanceTargets = .default
    /// The collection intervals in a row that miss a target before a
    /// ``MonitorEvent/targetBreach(_:)`` event says it is breached, and that meet it again before
    /// one says it is resolved (5: five seconds at the default interval).
    public var breachIntervals: Int = 5
    /// The rate the load offers, in requests per second, when the service is driven open-loop at
    /// a known rate; an interval's throughput below 90% of it counts against the throughput
    /// target. Nil (the default) watches no throughput: a service's traffic is its users' choice.
    public var offeredRateRPS: Double?
    /// The prefix of every Prometheus metric name ("perfgate").
    public var metricNamespace: String = "perfgate"
    /// The operations whose requests are counted apart as well as in the total (none by default).
    ///
    /// Declare every operation up front, at most ``MonitorOperation/maximumCount`` of them, each
    /// name valid by ``MonitorOperation/isValidName(_:)``; each gets its own latency histogram and
    /// failure counter (about 55 KiB), its `summary().operations` entry and its Prometheus series
    /// `{operation="name"}`. A name that is invalid or repeated, and names past the 32nd, are
    /// left out when the monitor starts, and ``problems`` lists them.
    public var operations: [String] = []
    /// Whether the Prometheus text carries `alert_deliveries_total` by outcome (false): turn on
    /// when something delivers the monitor's events as alerts and reports each delivery with
    /// ``StreamPerformanceMonitor/recordAlertDelivery(_:)``, so every outcome is present at 0.
    public var countsAlertDeliveries: Bool = false
    /// Whether the monitor reads the process's RSS, CPU, threads and open files, and the host's
    /// CPU time (true); turn off for deterministic tests, where memory then comes only from
    /// `updateMemoryUsage(bytes:)` and the host's CPU time only from ``hostCPUSource``.
    public var samplesProcessResources: Bool = true
    /// Where the monitor reads the host's CPU time at each collection; nil (the default) reads
    /// `/proc/stat` when ``samplesProcessResources`` is on. Tests give a source of their own.
    public var hostCPUSource: (@Sendable () -> HostCPUTimes?)?
    /// Where periodic reports and anomaly events go (nowhere by default).
    public var eventSink: (any MonitorEventSink)?
    /// Where the monitor reads the time.
    public var clock: any MonitorClock = SystemMonitorClock()

    /// The defaults.
    public static var `default`: MonitoringConfiguration { MonitoringConfiguration() }

    /// Creates the default configuration.
    public init() {}

    /// Settings that will be replaced by defaults, one sentence each; empty when all are sound.
    public var problems: [String] {
        var problems: [String] = []
        if collectionInterval <= .zero {
            problems.append("collectionInterval is \(collectionInterval); it must be positive (default 1 s).")
        }
        if throughputWindow < collectionInterval {
            problems.append(
                "throughputWindow \(throughputWindow) is shorter than collectionInterval; it must be at least one interval."
            )
        }
        if historyRetention < collectionInterval {
            problems.append(
                "historyRetention \(historyRetention) is shorter than collectionInterval; it must be at least one interval."
            )
        }
        if !(anomalyThreshold.isFinite && anomalyThreshold > 0) {
            problems.append("anomalyThreshold is \(anomalyThreshold); it must be a positive number (default 3.0).")
        }
        if !metricNamespace.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            || metricNamespace.first?.isNumber == true
        {
            problems.append(
                "metricNamespace '\(metricNamespace)' must be letters, digits and '_', not starting with a digit."
            )
        }
        problems += operationProblems
        return problems
    }

    /// The problems of ``operations``, one sentence each.
    private var operationProblems: [String] {
        var problems: [String] = []
        var seen: [String: Int] = [:]
        var kept = 0
        for (index, name) in operations.enumerated() {
            if !MonitorOperation.isValidName(name) {
                problems.append(
                    "operations[\(index)] '\(name)' must be ASCII letters, digits, '_', '.' and '-', and not empty; "
                        + "it is left out."
                )
            } else if let first = seen[name] {
                problems.append("operations[\(index)] '\(name)' repeats operations[\(first)]; the repeat is left out.")
            } else {
                seen[name] = index
                kept += 1
                if kept > MonitorOperation.maximumCount {
                    problems.append(
                        "operations[\(index)] '\(name)' is past the \(MonitorOperation.maximumCount) operations a "
                            + "monitor keeps apart; it is left out."
                    )
                }
            }
        }
        return problems
    }

    /// ``operations`` without invalid names, repeats, and names past the limit, in declared order.
    var soundOperations: [String] {
        var seen: Set<String> = []
        var sound: [String] = []
        for name in operations where sound.count < MonitorOperation.maximumCount {
            if MonitorOperation.isValidName(name) && seen.insert(name).inserted { sound.append(name) }
        }
        return sound
    }

    /// This configuration with unsound settings replaced by their defaults.
    var sanitized: MonitoringConfiguration {
        var copy = self
        let defaults = MonitoringConfiguration()
        if copy.collectionInterval <= .zero { copy.collectionInterval = defaults.collectionInterval }
        if copy.throughputWindow < copy.collectionInterval { copy.throughputWindow = copy.collectionInterval }
        if copy.historyRetention < copy.collectionInterval { copy.historyRetention = copy.collectionInterval }
        if !(copy.anomalyThreshold.isFinite && copy.anomalyThreshold > 0) {
            copy.anomalyThreshold = defaults.anomalyThreshold
        }
        if !problems.filter({ $0.hasPrefix("metricNamespace") }).isEmpty {
            copy.metricNamespace = defaults.metricNamespace
        }
        copy.anomalyWarmUp = max(2, copy.anomalyWarmUp)
        copy.movingAverageLength = max(1, copy.movingAverageLength)
        copy.trendWindow = max(3, copy.trendWindow)
        copy.anomalyRetention = max(1, copy.anomalyRetention)
        copy.operations = soundOperations
        return copy
    }

    /// The number of interval points the history holds.
    var historyCapacity: Int {
        max(1, Int((historyRetention.seconds / collectionInterval.seconds).rounded(.up)))
    }

    /// The number of window samples kept: one per interval across the window, plus its start.
    var windowSampleCount: Int {
        max(1, Int((throughputWindow.seconds / collectionInterval.seconds).rounded(.up))) + 1
    }
}
