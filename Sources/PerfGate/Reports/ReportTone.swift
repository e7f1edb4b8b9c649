/// How a verdict should be shown: bad news, good news, a caution or nothing special.
///
/// The text report maps the tones to ANSI red, green and yellow; the HTML and Markdown reports
/// to colours and symbols of their own.
enum ReportTone: Sendable, Equatable {
    /// A regression, a failed target, a failing exit verdict.
    case bad
    /// An improvement, a passed target, a passing exit verdict.
    case good
    /// An inconclusive metric or a target at risk.
    case caution
    /// Nothing worth colouring (an unchanged metric).
    case neutral
}

extension MetricVerdict {
    /// The tone the verdict is shown in.
    var tone: ReportTone {
        switch self {
        case .regressed: .bad
        case .improved: .good
        case .inconclusive: .caution
        case .unchanged: .neutral
        }
    }
}

extension TargetVerdict {
    /// The tone the verdict is shown in.
    var tone: ReportTone {
        switch self {
        case .pass: .good
        case .fail: .bad
        case .atRisk: .caution
        }
    }

    /// The verdict as shown in reports: "pass", "FAIL", "at risk".
    var label: String {
        switch self {
        case .pass: "pass"
        case .fail: "FAIL"
        case .atRisk: "at risk"
        }
    }
}

extension MetricVerdict {
    /// The verdict as shown in reports: "REGRESSED" in capitals, the others in lower case.
    var label: String {
        switch self {
        case .regressed: "REGRESSED"
        case .improved: "improved"
        case .unchanged: "unchanged"
        case .inconclusive: "inconclusive"
        }
    }
}
