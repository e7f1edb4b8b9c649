/// The bottom line of a comparison: what failed, and what the runner may measure again.
public struct ComparisonOutcome: Sendable, Codable, Equatable {
    /// Whether a gated metric of any scenario regressed.
    public var hasRegression: Bool
    /// Whether any target check failed (at-risk checks do not count).
    public var hasTargetFailure: Bool
    /// Whether any scenario of the current run is flagged invalid.
    public var hasInvalidRun: Bool
    /// Gated metrics whose verdict is inconclusive for a reason more rounds of the current run
    /// could resolve (a noisy or too short sample), in report order. Metrics inconclusive
    /// because of the baseline (too few rounds there, or an invalid baseline scenario) are not
    /// listed: measuring the current side again cannot help them.
    public var inconclusive: [MetricKey]

    /// Creates an outcome.
    public init(hasRegression: Bool, hasTargetFailure: Bool, hasInvalidRun: Bool, inconclusive: [MetricKey]) {
        self.hasRegression = hasRegression
        self.hasTargetFailure = hasTargetFailure
        self.hasInvalidRun = hasInvalidRun
        self.inconclusive = inconclusive
    }

    /// The exit verdict: invalid run (4) over target missed (3) over regression (2) over pass.
    public var exitVerdict: ExitVerdict { ExitVerdict(outcome: self) }
}
