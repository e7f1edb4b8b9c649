public import PerfMonitor

/// What one round of one scenario measured.
public struct RoundOutcome: Sendable {
    /// The value of every metric the round measured.
    public var metrics: [MetricID: Double]
    /// The metrics whose identifiers carry labels, such as `latency_p95_ms{operation=report}`.
    public var labeledMetrics: [String: Double] = [:]
    /// The latency of every request in the round (from intended start).
    public var latency: HistogramSnapshot
    /// RPS and P95 per collection interval, for charts.
    public var history: [StoredHistoryPoint]
    /// Why the round is invalid, one sentence each; empty when valid.
    public var invalidReasons: [String]

    /// Creates an outcome.
    public init(
        metrics: [MetricID: Double],
        latency: HistogramSnapshot = HistogramSnapshot(),
        history: [StoredHistoryPoint] = [],
        invalidReasons: [String] = []
    ) {
        self.metrics = metrics
        self.latency = latency
        self.history = history
        self.invalidReasons = invalidReasons
    }

    /// Creates an outcome from metrics keyed by identifier, labeled ones included; identifiers
    /// that name no metric are dropped.
    init(
        metrics: [String: Double],
        latency: HistogramSnapshot,
        history: [StoredHistoryPoint],
        invalidReasons: [String]
    ) {
        var plain: [MetricID: Double] = [:]
        var labeled: [String: Double] = [:]
        for (identifier, value) in metrics {
            if let metric = MetricID(rawValue: identifier) {
                plain[metric] = value
            } else if MetricID(identifier: identifier) != nil {
                labeled[identifier] = value
            }
        }
        self.init(metrics: plain, latency: latency, history: history, invalidReasons: invalidReasons)
        labeledMetrics = labeled
    }
}

/// Runs one round of one scenario; the real one drives the service, tests use fakes.
public protocol RoundExecutor: Sendable {
    /// Runs a round.
    ///
    /// - Parameters:
    ///   - scenario: The scenario.
    ///   - durationSeconds: The round's length.
    ///   - seed: The round's seed.
    ///   - progress: Called with the fraction of the round done.
    func run(
        _ scenario: SuiteScenario,
        durationSeconds: Double,
        seed: UInt64,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws(PerfGateError) -> RoundOutcome
}

extension HistogramSnapshot {
    /// The latency metrics of DESIGN.md read from a histogram of latencies from intended start:
    /// P50, P95, P99 and the maximum, in milliseconds (the maximum is 0 for an empty histogram).
    var latencyMetrics: [(MetricID, Double)] {
        [
            (.latencyP50Ms, percentileMilliseconds(0.50)),
            (.latencyP95Ms, percentileMilliseconds(0.95)),
            (.latencyP99Ms, percentileMilliseconds(0.99)),
            (.latencyMaxMs, Double(isEmpty ? 0 : maxNanoseconds) / 1e6),
        ]
    }
}
