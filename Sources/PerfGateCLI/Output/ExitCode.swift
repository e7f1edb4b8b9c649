import PerfGate

/// The exit codes `perfgate` documents, so that CI can tell a regression from a broken run.
///
/// A comparison ends in one of its four verdicts, ``verdict(_:)``: ``ExitVerdict`` numbers them
/// (0, 2, 3, 4) and orders them, the highest of 4, 3 and 2 winning. The other codes report a command
/// that stopped before any verdict, and outrank every verdict. A handler returns
/// `ExitCode.regression.rawValue`; when several outcomes apply, report ``combining(_:)`` of them.
enum ExitCode: Sendable, Hashable, CaseIterable {
    /// A comparison's verdict: 0 pass, 2 regression, 3 target missed, 4 run invalid.
    case verdict(ExitVerdict)
    /// An unexpected failure: 1.
    case failure
    /// A baseline is required and there is none: 5.
    case baselineMissing
    /// The command line was wrong: 64.
    case usage
    /// A suite, config, result or baseline file could not be read: 65.
    case malformedInput

    /// Everything passed; improvements pass too.
    static let success = ExitCode.verdict(.pass)
    /// A metric regressed against the baseline.
    static let regression = ExitCode.verdict(.regression)
    /// An absolute target was missed.
    static let targetMissed = ExitCode.verdict(.targetMissed)
    /// The run is invalid: the load driver could not hold the schedule, or the environment was degraded.
    static let invalidRun = ExitCode.verdict(.invalidRun)

    /// Every code, from 0 to 65.
    static let allCases: [ExitCode] = [
        .success, .failure, .regression, .targetMissed, .invalidRun, .baselineMissing, .usage, .malformedInput,
    ]

    /// The process's exit status.
    var rawValue: Int32 {
        switch self {
        case .verdict(let verdict): verdict.exitCode
        case .failure: 1
        case .baselineMissing: 5
        case .usage: 64
        case .malformedInput: 65
        }
    }

    /// A few words on what the code means, for help text.
    var meaning: String {
        switch self {
        case .verdict(.pass): "pass"
        case .failure: "unexpected failure"
        case .verdict(.regression): "regression against the baseline"
        case .verdict(.targetMissed): "absolute target missed"
        case .verdict(.invalidRun): "run invalid"
        case .baselineMissing: "baseline missing"
        case .usage: "usage error"
        case .malformedInput: "malformed input file"
        }
    }

    /// The codes that stop a command before any verdict, strongest first: a usage error (the
    /// invocation must be fixed before anything else means anything), a malformed input file, an
    /// unexpected failure, a missing baseline.
    static let stopsByPrecedence: [ExitCode] = [.usage, .malformedInput, .failure, .baselineMissing]

    /// The one code that reports all of the given outcomes, or ``success`` when there are none.
    ///
    /// A code that stopped the command before any verdict outranks every verdict; among the
    /// verdicts, ``ExitVerdict/combining(_:)`` decides. `ExitCode.combining([.regression, .invalidRun,
    /// .targetMissed])` is ``invalidRun``.
    ///
    /// - Complexity: O(*n*) in the number of codes.
    static func combining(_ codes: some Sequence<ExitCode>) -> ExitCode {
        var stops: Set<ExitCode> = []
        var verdicts: [ExitVerdict] = []
        for code in codes {
            if case .verdict(let verdict) = code {
                verdicts.append(verdict)
            } else {
                stops.insert(code)
            }
        }
        return stopsByPrecedence.first { stops.contains($0) } ?? .verdict(ExitVerdict.combining(verdicts))
    }

    /// The code that reports both this outcome and another.
    func combined(with other: ExitCode) -> ExitCode {
        Self.combining([self, other])
    }
}
