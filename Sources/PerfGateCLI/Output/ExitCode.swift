/// The exit codes `perfgate` documents, so that CI can tell a regression from a broken run.
///
/// A handler returns `ExitCode.regression.rawValue`; when several outcomes apply, report
/// ``combining(_:)`` of them.
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// Everything passed; improvements pass too.
    case success = 0
    /// An unexpected failure.
    case failure = 1
    /// A metric regressed against the baseline.
    case regression = 2
    /// An absolute target was missed.
    case targetMissed = 3
    /// The run is invalid: the load driver could not hold the schedule, or the environment was degraded.
    case invalidRun = 4
    /// A baseline is required and there is none.
    case baselineMissing = 5
    /// The command line was wrong.
    case usage = 64
    /// A suite, config, result or baseline file could not be read.
    case malformedInput = 65

    /// A few words on what the code means, for help text.
    public var meaning: String {
        switch self {
        case .success: "pass"
        case .failure: "unexpected failure"
        case .regression: "regression against the baseline"
        case .targetMissed: "absolute target missed"
        case .invalidRun: "run invalid"
        case .baselineMissing: "baseline missing"
        case .usage: "usage error"
        case .malformedInput: "malformed input file"
        }
    }

    /// How strongly the code claims the process's exit status when several apply; higher wins.
    ///
    /// Codes that stop the gate from judging at all outrank every verdict: a usage error first (the
    /// invocation must be fixed before anything else means anything), then a malformed input file, an
    /// unexpected failure and a missing baseline. Among the verdicts the highest of 4, 3 and 2 wins, as
    /// DESIGN.md requires; success only when nothing else applies.
    var precedence: Int {
        switch self {
        case .success: 0
        case .regression: 1
        case .targetMissed: 2
        case .invalidRun: 3
        case .baselineMissing: 4
        case .failure: 5
        case .malformedInput: 6
        case .usage: 7
        }
    }

    /// The one code that reports all of the given outcomes, or ``success`` when there are none.
    ///
    /// `ExitCode.combining([.regression, .invalidRun, .targetMissed])` is ``invalidRun``.
    ///
    /// - Complexity: O(*n*) in the number of codes.
    public static func combining(_ codes: some Sequence<ExitCode>) -> ExitCode {
        codes.max { $0.precedence < $1.precedence } ?? .success
    }

    /// The code that reports both this outcome and another.
    public func combined(with other: ExitCode) -> ExitCode {
        Self.combining([self, other])
    }
}
