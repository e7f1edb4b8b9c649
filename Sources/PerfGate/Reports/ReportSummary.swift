/// What every report says first: counts of verdicts, the scenarios in order, and the rows that
/// matter most.
struct ReportSummary: Sendable, Equatable {
    /// The comparison rows with each verdict.
    var metricCounts: [MetricVerdict: Int]
    /// The target checks with each verdict.
    var targetCounts: [TargetVerdict: Int]
    /// Scenario names in report order: the current run's order, then any others the report
    /// names (in the order they first appear).
    var scenarios: [String]

    /// Summarizes a report.
    ///
    /// - Complexity: O(n) in the rows, checks and scenarios.
    init(_ report: ComparisonReport, current: RunResult) {
        metricCounts = Dictionary(grouping: report.comparisons, by: \.verdict).mapValues(\.count)
        targetCounts = Dictionary(grouping: report.targetChecks, by: \.verdict).mapValues(\.count)
        var seen = Set<String>()
        var names: [String] = []
        let named =
            current.scenarios.map(\.name) + report.comparisons.map(\.scenario)
            + report.targetChecks.map(\.scenario)
        for name in named where seen.insert(name).inserted { names.append(name) }
        scenarios = names
    }

    /// "2 regressed, 1 improved, 10 unchanged, 3 inconclusive", leaving out zeros; "no metrics
    /// compared" when there are none.
    var metricsLine: String {
        let parts = MetricVerdict.allCases.compactMap { verdict -> String? in
            guard let count = metricCounts[verdict], count > 0 else { return nil }
            return "\(count) \(verdict.rawValue)"
        }
        return parts.isEmpty ? "no metrics compared" : parts.joined(separator: ", ")
    }

    /// "8 pass, 1 at risk, 1 fail", leaving out zeros; "no targets judged" when there are none.
    var targetsLine: String {
        let parts = [TargetVerdict.pass, .atRisk, .fail].compactMap { verdict -> String? in
            guard let count = targetCounts[verdict], count > 0 else { return nil }
            return "\(count) \(verdict == .atRisk ? "at risk" : verdict.rawValue)"
        }
        return parts.isEmpty ? "no targets judged" : parts.joined(separator: ", ")
    }

    /// The rows a reviewer should see first: every gated row and every row that changed, ordered
    /// regressed, inconclusive, improved, unchanged, then gated before report-only, keeping
    /// report order otherwise.
    ///
    /// - Complexity: O(n log n) in the rows.
    static func prominentRows(of report: ComparisonReport) -> [MetricComparison] {
        let rank: [MetricVerdict: Int] = [.regressed: 0, .inconclusive: 1, .improved: 2, .unchanged: 3]
        return report.comparisons.enumerated()
            .filter { $0.element.isGated || $0.element.verdict == .regressed || $0.element.verdict == .improved }
            .sorted { lhs, rhs in
                let left = (rank[lhs.element.verdict] ?? 4, lhs.element.isGated ? 0 : 1, lhs.offset)
                let right = (rank[rhs.element.verdict] ?? 4, rhs.element.isGated ? 0 : 1, rhs.offset)
                return left < right
            }
            .map(\.element)
    }
}
