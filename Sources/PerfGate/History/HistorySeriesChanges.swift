/// The change points of one series of one suite, or why it could not be tested.
package struct HistorySeriesChanges: Sendable, Hashable {
    /// Whether the detector could test the series.
    package enum Status: Sendable, Hashable {
        /// The series was tested.
        case tested
        /// The series has fewer valid points than the detector needs.
        case tooShort(minimum: Int)
    }

    /// The suite.
    package var suite: String
    /// The series, valid points only (the ones tested), oldest first.
    package var series: HistorySeries
    /// The entries of the suite's records, which the points index.
    package var entries: [HistoryEntry]
    /// The points left out because their run was invalid.
    package var invalidPoints: Int
    /// Whether the series was tested.
    package var status: Status
    /// The change points, in series order; empty when none was found or the series was not tested.
    package var changes: [HistoryChange]

    /// Creates the changes of a series.
    package init(
        suite: String,
        series: HistorySeries,
        entries: [HistoryEntry],
        invalidPoints: Int,
        status: Status,
        changes: [HistoryChange]
    ) {
        self.suite = suite
        self.series = series
        self.entries = entries
        self.invalidPoints = invalidPoints
        self.status = status
        self.changes = changes
    }

    /// The entry of a point.
    package func entry(of point: HistorySeries.Point) -> HistoryEntry { entries[point.entry] }

    /// The new regressions: changes that make the metric worse and start among the newest records.
    package var newRegressions: [HistoryChange] { changes.filter { $0.isNew && $0.isRegression } }
}
