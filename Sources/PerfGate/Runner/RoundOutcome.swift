public import PerfMonitor

/// What one round of one scenario measured.
public struct RoundOutcome: Sendable {
    /// The value of every metric the round measured.
    public var metrics: [MetricID: Double]
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
