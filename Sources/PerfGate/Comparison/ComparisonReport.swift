/// What comparing a run with its baseline found: per-metric rows, target checks, warnings about
/// the environments, findings about the inputs, and the outcome the exit code follows.
public struct ComparisonReport: Sendable, Codable, Equatable {
    /// The suite of the current run.
    public var suite: String
    /// The family-wise significance level per scenario.
    public var alpha: Double
    /// One row per metric present on both sides of a scenario present on both sides, in the
    /// current run's scenario order and `MetricID` order (unknown metrics last, by name).
    public var comparisons: [MetricComparison]
    /// One row per target judged, in scenario order.
    public var targetChecks: [TargetCheck]
    /// Differences between the environments and settings that may explain changes.
    public var warnings: [String]
    /// Inputs the comparison could not use as they stand.
    public var findings: [ComparisonFinding]
    /// How throughput and latency were normalized between the machines' speeds.
    public var calibration: CalibrationAdjustment
    /// The bottom line.
    public var outcome: ComparisonOutcome
    /// How the two sides were measured and why, when the caller said (``Gate`` and ``PairedGate``
    /// do); nil in a plain file-to-file comparison.
    public var mode: ComparisonMode?

    /// Creates a report.
    public init(
        suite: String,
        alpha: Double,
        comparisons: [MetricComparison],
        targetChecks: [TargetCheck],
        warnings: [String],
        findings: [ComparisonFinding],
        calibration: CalibrationAdjustment,
        outcome: ComparisonOutcome,
        mode: ComparisonMode? = nil
    ) {
        self.mode = mode
        self.suite = suite
        self.alpha = alpha
        self.comparisons = comparisons
        self.targetChecks = targetChecks
        self.warnings = warnings
        self.findings = findings
        self.calibration = calibration
        self.outcome = outcome
    }

    /// The exit verdict: invalid run (4) over target missed (3) over regression (2) over pass.
    public var exitVerdict: ExitVerdict { outcome.exitVerdict }

    /// The row of a metric of a scenario, if compared.
    ///
    /// - Complexity: O(n) in the number of rows.
    public func comparison(scenario: String, metric: MetricID) -> MetricComparison? {
        comparisons.first { $0.scenario == scenario && $0.metric == metric.rawValue }
    }

    /// The scenarios more rounds could settle: those with an inconclusive gated metric
    /// (``ComparisonOutcome/inconclusive``) and those whose target interval is wider than the
    /// target's precision goal (``TargetCheck/isImprecise``). `check` and the paired gate run
    /// extra rounds of these, up to the suite's `maxExtraRounds`.
    public var scenariosNeedingMoreRounds: Set<String> {
        Set(outcome.inconclusive.map(\.scenario)).union(targetChecks.filter(\.isImprecise).map(\.scenario))
    }

    /// The check of a target of a scenario, if judged.
    ///
    /// - Complexity: O(n) in the number of checks.
    public func targetCheck(scenario: String, target: TargetKind) -> TargetCheck? {
        targetChecks.first { $0.scenario == scenario && $0.target == target }
    }
}
