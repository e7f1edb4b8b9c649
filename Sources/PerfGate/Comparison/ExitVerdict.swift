/// The verdict a comparison hands to the process exit code (DESIGN.md).
///
/// The raw value is the exit code, and the codes' order is the precedence: where several apply the
/// highest of 4, 3, 2 wins (``combining(_:)``); improvements and at-risk targets pass. This is the
/// one place that numbers and orders the verdicts: the CLI's exit codes take theirs from here.
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

    /// The verdict of an outcome: the highest of invalid run (or no evidence), target missed and
    /// regression that applies, or pass.
    public init(outcome: ComparisonOutcome) {
        var applicable: [ExitVerdict] = []
        if outcome.hasInvalidRun || outcome.hasNoEvidence { applicable.append(.invalidRun) }
        if outcome.hasTargetFailure { applicable.append(.targetMissed) }
        if outcome.hasRegression { applicable.append(.regression) }
        self = Self.combining(applicable)
    }

    /// The one verdict that reports all of the given ones: the highest exit code, or ``pass`` when
    /// there are none.
    ///
    /// `ExitVerdict.combining([.regression, .invalidRun, .targetMissed])` is ``invalidRun``.
    ///
    /// - Complexity: O(*n*) in the number of verdicts.
    public static func combining(_ verdicts: some Sequence<ExitVerdict>) -> ExitVerdict {
        verdicts.max() ?? .pass
    }

    public static func < (lhs: ExitVerdict, rhs: ExitVerdict) -> Bool { lhs.rawValue < rhs.rawValue }
}
