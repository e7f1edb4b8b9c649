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
    /// Whether the comparison compared no metric and judged no target: it has no evidence for a
    /// pass, so its verdict is the invalid run's (exit 4), whatever else holds.
    public var hasNoEvidence: Bool

    /// Creates an outcome.
    public init(
        hasRegression: Bool,
        hasTargetFailure: Bool,
        hasInvalidRun: Bool,
        inconclusive: [MetricKey],
        hasNoEvidence: Bool = false
    ) {
        self.hasRegression = hasRegression
        self.hasTargetFailure = hasTargetFailure
        self.hasInvalidRun = hasInvalidRun
        self.inconclusive = inconclusive
        self.hasNoEvidence = hasNoEvidence
    }

    private enum CodingKeys: String, CodingKey {
        case hasRegression, hasTargetFailure, hasInvalidRun, inconclusive, hasNoEvidence
    }

    /// Decodes an outcome; reports written before `hasNoEvidence` existed read it as false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hasRegression = try container.decode(Bool.self, forKey: .hasRegression)
        hasTargetFailure = try container.decode(Bool.self, forKey: .hasTargetFailure)
        hasInvalidRun = try container.decode(Bool.self, forKey: .hasInvalidRun)
        inconclusive = try container.decode([MetricKey].self, forKey: .inconclusive)
        hasNoEvidence = try container.decodeIfPresent(Bool.self, forKey: .hasNoEvidence) ?? false
    }

    /// The exit verdict: invalid run or no evidence (4) over target missed (3) over regression (2)
    /// over pass.
    public var exitVerdict: ExitVerdict { ExitVerdict(outcome: self) }
}
