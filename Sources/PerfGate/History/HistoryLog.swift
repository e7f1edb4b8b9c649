/// What reading one suite's history file gave: the records' entries, the selected series, and the
/// lines that were skipped.
package struct HistoryLog: Sendable, Hashable {
    /// The history file.
    package var path: String
    /// The suite.
    package var suite: String
    /// One entry per record read, in file order.
    package var entries: [HistoryEntry]
    /// The selected series, by scenario then metric (DESIGN.md's metric order, then by name).
    package var series: [HistorySeries]
    /// The lines skipped, in file order.
    package var warnings: [HistoryWarning]
    /// Every scenario name a record holds, sorted: for "did you mean".
    package var scenarioNames: [String]
    /// Every metric identifier the selected scenarios hold, sorted: for "did you mean".
    package var metricNames: [String]

    /// Creates a log.
    package init(
        path: String,
        suite: String,
        entries: [HistoryEntry] = [],
        series: [HistorySeries] = [],
        warnings: [HistoryWarning] = [],
        scenarioNames: [String] = [],
        metricNames: [String] = []
    ) {
        self.path = path
        self.suite = suite
        self.entries = entries
        self.series = series
        self.warnings = warnings
        self.scenarioNames = scenarioNames
        self.metricNames = metricNames
    }

    /// The entry of a point.
    package func entry(of point: HistorySeries.Point) -> HistoryEntry { entries[point.entry] }

    /// Orders metric identifiers as DESIGN.md lists the metrics, labelled ones after their metric,
    /// unknown ones last by name.
    static func metricOrder(_ lhs: String, _ rhs: String) -> Bool {
        func rank(_ identifier: String) -> Int {
            MetricID(identifier: identifier).flatMap { MetricID.allCases.firstIndex(of: $0) } ?? Int.max
        }
        let (left, right) = (rank(lhs), rank(rhs))
        return left != right ? left < right : lhs < rhs
    }
}
