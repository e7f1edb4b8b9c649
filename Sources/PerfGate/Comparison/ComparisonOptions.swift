public import PerfMonitor

/// The knobs of a comparison: significance, thresholds, gated metrics, calibration and targets.
public struct ComparisonOptions: Sendable, Equatable {
    /// How the two sides were measured, which decides the test.
    public enum Pairing: String, Sendable, Codable, Equatable {
        /// Two independent runs (a stored baseline against a new run): Mann–Whitney and the
        /// two-sample Hodges–Lehmann shift.
        case independent
        /// Two arms measured round by round on the same machine in the same job: round `i` of
        /// one side is paired with round `i` of the other, and the test is Wilcoxon's
        /// signed-rank on the per-round log ratios with the Walsh-average interval.
        case paired
    }

    /// How the sides were measured; `.independent` unless set.
    public var pairing: Pairing
    /// The family-wise significance level over the run's gated metrics (one Holm family for the
    /// whole run), in `0 < alpha < 1`; other values mean 0.05.
    public var alpha: Double
    /// The fewest valid rounds a side needs for a metric to be judged; at least 1.
    public var minimumRounds: Int
    /// Practical thresholds by metric identifier, overriding `MetricID.defaultPracticalThreshold`
    /// (0.05 = 5% worse). Negative or non-finite overrides are ignored.
    public var practicalThresholds: [String: Double]
    /// The metrics that gate, by identifier; nil means `MetricID.isGatedByDefault`.
    public var gatedMetrics: Set<String>?
    /// The metrics that gate in each named scenario, replacing ``gatedMetrics`` there: a
    /// monitor-overhead scenario gates only the monitor's own cost (``Gate/options(for:)``).
    public var gatedMetricsByScenario: [String: Set<String>] = [:]
    /// Whether throughput and latency are normalized by the environments' calibration scores
    /// (only when both are finite and positive).
    public var normalizesByCalibration: Bool
    /// The targets to judge; nil means those recorded in the current run.
    public var targets: PerformanceTargets?
    /// The confidence of each one-sided bound of the target gate.
    public var targetConfidence: Double
    /// The targets that apply to a scenario not named in ``targetKindsByScenario``.
    public var defaultTargetKinds: Set<TargetKind>
    /// The targets that apply to each named scenario (an empty set: none), as a suite's
    /// `"targets"` setting gives them.
    public var targetKindsByScenario: [String: Set<TargetKind>]
    /// The targets a suite file declares per scenario (``MetricTarget``), by scenario name; a
    /// scenario not named here is judged against the targets its result recorded.
    public var declaredTargetsByScenario: [String: [MetricTarget]] = [:]

    /// The practical threshold of a metric with no default and no override.
    public static let fallbackPracticalThreshold = 0.10

    /// 5% family-wise, 3 rounds, default thresholds and gates, calibration on, every target for
    /// every scenario at 95%.
    public static let `default` = ComparisonOptions()

    /// Creates options.
    public init(
        alpha: Double = 0.05,
        minimumRounds: Int = 3,
        practicalThresholds: [String: Double] = [:],
        gatedMetrics: Set<String>? = nil,
        normalizesByCalibration: Bool = true,
        targets: PerformanceTargets? = nil,
        targetConfidence: Double = 0.95,
        defaultTargetKinds: Set<TargetKind> = Set(TargetKind.allCases),
        targetKindsByScenario: [String: Set<TargetKind>] = [:],
        pairing: Pairing = .independent
    ) {
        self.pairing = pairing
        self.alpha = alpha
        self.minimumRounds = minimumRounds
        self.practicalThresholds = practicalThresholds
        self.gatedMetrics = gatedMetrics
        self.normalizesByCalibration = normalizesByCalibration
        self.targets = targets
        self.targetConfidence = targetConfidence
        self.defaultTargetKinds = defaultTargetKinds
        self.targetKindsByScenario = targetKindsByScenario
    }

    /// Judges only the named scenarios, each against every target; nil judges every scenario
    /// against every target again (the default).
    ///
    /// - Complexity: O(s) for `s` scenarios.
    public mutating func restrictTargets(to scenarios: Set<String>?) {
        guard let scenarios else {
            defaultTargetKinds = Set(TargetKind.allCases)
            targetKindsByScenario = [:]
            return
        }
        defaultTargetKinds = []
        targetKindsByScenario = Dictionary(uniqueKeysWithValues: scenarios.map { ($0, Set(TargetKind.allCases)) })
    }

    /// The significance level in force.
    var effectiveAlpha: Double { alpha > 0 && alpha < 1 ? alpha : 0.05 }

    /// The practical threshold of a metric: the override, else the override of the metric it
    /// measures for one operation, else the metric's default, else ``fallbackPracticalThreshold``.
    public func practicalThreshold(for metric: String) -> Double {
        if let override = practicalThresholds[metric], override.isFinite, override >= 0 { return override }
        let base = MetricID(identifier: metric)
        // A metric of one operation takes its metric's override: `latency_p95_ms` sets both.
        if let base, let override = practicalThresholds[base.rawValue], override.isFinite, override >= 0 {
            return override
        }
        return base?.defaultPracticalThreshold ?? Self.fallbackPracticalThreshold
    }

    /// Whether a metric gates in a scenario: the scenario's own set when it has one, else
    /// ``isGated(_:)``.
    public func isGated(_ metric: String, in scenario: String) -> Bool {
        if let gated = gatedMetricsByScenario[scenario] { return gated.contains(metric) }
        return isGated(metric)
    }

    /// Whether a metric gates.
    public func isGated(_ metric: String) -> Bool {
        if let gatedMetrics { return gatedMetrics.contains(metric) }
        return MetricID(identifier: metric)?.isGatedByDefault ?? false
    }

    /// The targets that apply to a scenario.
    public func targetKinds(for scenario: String) -> Set<TargetKind> {
        targetKindsByScenario[scenario] ?? defaultTargetKinds
    }

    /// The suite-wide targets that apply to a scenario of a result: those of
    /// ``targetKinds(for:)``, except that a scenario that drove a user's HTTP service (its preset
    /// is `http`) gets none unless ``targetKindsByScenario`` names it: the defaults describe the
    /// built-in service, and a user's service is judged by the targets its scenario declares.
    public func targetKinds(for scenario: ScenarioResult) -> Set<TargetKind> {
        let isUsersService = scenario.preset == SuiteScenario.httpPreset
        return isUsersService && targetKindsByScenario[scenario.name] == nil ? [] : targetKinds(for: scenario.name)
    }

    /// The declared targets of a scenario: the suite's (``declaredTargetsByScenario``) when it
    /// names the scenario, else those its result recorded.
    public func declaredTargets(for scenario: ScenarioResult) -> [MetricTarget] {
        declaredTargetsByScenario[scenario.name] ?? scenario.targets ?? []
    }
}
