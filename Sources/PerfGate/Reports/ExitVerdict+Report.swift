extension ExitVerdict {
    /// A short title for the verdict: "PASS", "REGRESSION", "TARGET MISSED", "INVALID RUN".
    public var title: String {
        switch self {
        case .pass: "PASS"
        case .regression: "REGRESSION"
        case .targetMissed: "TARGET MISSED"
        case .invalidRun: "INVALID RUN"
        }
    }

    /// One sentence saying what the verdict means.
    public var explanation: String {
        switch self {
        case .pass: "no gated metric regressed and every target was met or at risk"
        case .regression: "a gated metric regressed against the baseline"
        case .targetMissed: "an absolute target was missed"
        case .invalidRun:
            "the run is invalid: a schedule was not held, the environment was degraded, or nothing was compared "
                + "and no target judged"
        }
    }

    /// A stable identifier for machines: "pass", "regression", "targetMissed", "invalidRun".
    public var identifier: String {
        switch self {
        case .pass: "pass"
        case .regression: "regression"
        case .targetMissed: "targetMissed"
        case .invalidRun: "invalidRun"
        }
    }

    /// The tone the verdict is shown in.
    var tone: ReportTone { self == .pass ? .good : .bad }
}
