/// One row of a comparison: a metric of a scenario, baseline against current.
///
/// Changes are relative and *oriented* so that a positive number always means worse:
/// `exp(s·Δ) − 1`, where `Δ` is the Hodges–Lehmann shift of `log(value + ε)` (current minus
/// baseline) and `s` is +1 when lower is better, −1 when higher is better. For a latency this
/// is `current / baseline − 1`; for a throughput `baseline / current − 1` (a drop from 2000 to
/// 1800 req/s reads +11.1%: the baseline did 11.1% more). See ``Comparator`` for the rules.
public struct MetricComparison: Sendable, Codable, Equatable {
    /// The scenario name.
    public var scenario: String
    /// The metric identifier.
    public var metric: String
    /// The unit of the values.
    public var unit: String
    /// Which way is better.
    public var better: MetricPolarity
    /// Whether the metric gates (its regression fails the comparison).
    public var isGated: Bool
    /// The median of the baseline's valid values, nil when there are none.
    public var baselineMedian: Double?
    /// The median of the current run's valid values as measured (before calibration), nil when
    /// there are none.
    public var currentMedian: Double?
    /// The oriented relative change estimate (positive = worse), nil when a side has no values.
    public var relativeChange: Double?
    /// The lower end of its confidence interval, nil when unbounded or not computed.
    public var intervalLow: Double?
    /// The upper end of its confidence interval, nil when unbounded or not computed.
    public var intervalHigh: Double?
    /// The confidence of the interval: `1 −` the Holm step level of this metric.
    public var confidence: Double?
    /// The two-sided p-value on the log scale: Mann–Whitney, or Wilcoxon's signed-rank test of the
    /// per-round log ratios when the comparison is paired.
    public var pValue: Double?
    /// The p-value after Holm's correction within the scenario's family of metrics.
    public var adjustedPValue: Double?
    /// The verdict.
    public var verdict: MetricVerdict
    /// The practical threshold in force (0.05 = 5% worse).
    public var practicalThreshold: Double
    /// The smallest oriented change this comparison could have called a regression: the larger
    /// of the practical threshold and the interval's half-width (`exp(max(t, (U − L)/2)) − 1` on
    /// the log scale), so that "unchanged" and "inconclusive" carry a number. Nil when the
    /// interval is unbounded (too few rounds for its confidence) or was not computed.
    public var detectableChange: Double?
    /// Valid baseline rounds used (in a paired comparison: the pairs).
    public var baselineRounds: Int
    /// Valid current rounds used.
    public var currentRounds: Int
    /// Why the verdict is what it is when that is not obvious, and adjustments made, in
    /// sentences separated by "; ".
    public var note: String?

    /// Creates a row.
    public init(
        scenario: String,
        metric: String,
        unit: String,
        better: MetricPolarity,
        isGated: Bool,
        baselineMedian: Double?,
        currentMedian: Double?,
        relativeChange: Double?,
        intervalLow: Double?,
        intervalHigh: Double?,
        confidence: Double?,
        pValue: Double?,
        adjustedPValue: Double?,
        verdict: MetricVerdict,
        practicalThreshold: Double,
        detectableChange: Double? = nil,
        baselineRounds: Int,
        currentRounds: Int,
        note: String?
    ) {
        self.detectableChange = detectableChange
        self.scenario = scenario
        self.metric = metric
        self.unit = unit
        self.better = better
        self.isGated = isGated
        self.baselineMedian = baselineMedian
        self.currentMedian = currentMedian
        self.relativeChange = relativeChange
        self.intervalLow = intervalLow
        self.intervalHigh = intervalHigh
        self.confidence = confidence
        self.pValue = pValue
        self.adjustedPValue = adjustedPValue
        self.verdict = verdict
        self.practicalThreshold = practicalThreshold
        self.baselineRounds = baselineRounds
        self.currentRounds = currentRounds
        self.note = note
    }

    /// The key of the row.
    public var key: MetricKey { MetricKey(scenario: scenario, metric: metric) }
}

/// A metric of a scenario, for example one the runner should measure again.
public struct MetricKey: Sendable, Codable, Equatable, Hashable {
    /// The scenario name ("preset/workload").
    public var scenario: String
    /// The metric identifier.
    public var metric: String

    /// Creates a key.
    public init(scenario: String, metric: String) {
        self.scenario = scenario
        self.metric = metric
    }
}

/// What the comparator concluded about one metric of one scenario.
public enum MetricVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// Worse beyond both the noise and the practical threshold.
    case regressed
    /// Better beyond both the noise and the practical threshold.
    case improved
    /// The whole confidence interval lies inside the equivalence band.
    case unchanged
    /// Neither: the data cannot tell (too few rounds, too noisy, or a change near the threshold).
    case inconclusive
}
