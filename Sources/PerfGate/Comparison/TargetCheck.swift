/// One row of the target gate: a scenario's metric against an absolute target.
public struct TargetCheck: Sendable, Codable, Equatable {
    /// The scenario name.
    public var scenario: String
    /// The suite-wide target, or nil for a target the suite file declares for the scenario
    /// (``MetricTarget``), which ``metric``, ``direction`` and ``bound`` describe.
    public var target: TargetKind?
    /// The metric identifier that judges it.
    public var metric: String
    /// The median of the per-round values, or their pseudo-median (the median of the Walsh
    /// averages) for the monitor's overhead, a difference measured symmetrically.
    public var value: Double
    /// The target's bound (a floor or a ceiling, see ``direction``).
    public var bound: Double
    /// Whether the value must be at least or at most the bound.
    public var direction: TargetKind.Direction
    /// The distribution-free lower confidence bound on ``value``'s location.
    public var lower: Double
    /// The distribution-free upper confidence bound on ``value``'s location.
    public var upper: Double
    /// The smaller of the two bounds' one-sided confidences.
    public var confidence: Double
    /// Valid rounds used.
    public var rounds: Int
    /// The verdict.
    public var verdict: TargetVerdict
    /// Adjustments and caveats, in sentences separated by "; ".
    public var note: String?

    /// Creates a row.
    public init(
        scenario: String,
        target: TargetKind?,
        metric: String,
        value: Double,
        bound: Double,
        direction: TargetKind.Direction,
        lower: Double,
        upper: Double,
        confidence: Double,
        rounds: Int,
        verdict: TargetVerdict,
        note: String?
    ) {
        self.scenario = scenario
        self.target = target
        self.metric = metric
        self.value = value
        self.bound = bound
        self.direction = direction
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
        self.rounds = rounds
        self.verdict = verdict
        self.note = note
    }

    /// Whether the interval is wider than the target's precision goal
    /// (``TargetKind/precisionGoal``), so that more rounds should narrow it even when the
    /// verdict is already decided.
    public var isImprecise: Bool {
        guard let goal = target?.precisionGoal else { return false }
        return (upper - lower) / 2 > goal
    }
}

/// How a scenario measures up to one absolute target.
public enum TargetVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// The whole one-sided interval meets the target.
    case pass
    /// The whole one-sided interval misses it.
    case fail
    /// The interval straddles the target: not a failure, but close enough to watch.
    case atRisk = "at-risk"
}
