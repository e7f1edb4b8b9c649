/// The verdict a comparison hands to the process exit code (DESIGN.md).
///
/// Where several apply the highest of 4, 3, 2 wins; improvements and at-risk targets pass.
public enum ExitVerdict: Int, Sendable, Codable, Equatable, CaseIterable, Comparable {
    /// Nothing failed: exit 0.
    case pass = 0
    /// A gated metric regressed against the baseline: exit 2.
    case regression = 2
    /// An absolute target was missed: exit 3.
    case targetMissed = 3
    /// The run is invalid (a schedule not held, a degraded environment), or nothing was compared
    /// and no target judged, so there is no evidence for a pass: exit 4.
    case invalidRun = 4

    /// The process exit code.
    public var exitCode: Int32 { Int32(rawValue) }

    /// The verdict of an outcome, by precedence invalid run (or no evidence) > target missed >
    /// regression > pass.
    public init(outcome: ComparisonOutcome) {
        if outcome.hasInvalidRun || outcome.hasNoEvidence {
            self = .invalidRun
        } else if outcome.hasTargetFailure {
            self = .targetMissed
        } else if outcome.hasRegression {
            self = .regression
        } else {
            self = .pass
        }
    }

    public static func < (lhs: ExitVerdict, rhs: ExitVerdict) -> Bool { lhs.rawValue < rhs.rawValue }
}
