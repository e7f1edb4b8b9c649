/// What `perfgate history changes` found: the change points of every series it tested, in suite,
/// scenario and metric order, with the settings that found them.
package struct HistoryChangeReport: Sendable, Hashable {
    /// The store folder.
    package var store: String
    /// The detector's settings.
    package var configuration: ChangePointConfiguration
    /// How many newest points of a series count as new.
    package var newestWindow: Int
    /// Every series asked for, tested or too short.
    package var series: [HistorySeriesChanges]
    /// Lines skipped while reading the store.
    package var warnings: [HistoryWarning]

    /// Creates a report.
    package init(
        store: String,
        configuration: ChangePointConfiguration,
        newestWindow: Int,
        series: [HistorySeriesChanges],
        warnings: [HistoryWarning]
    ) {
        self.store = store
        self.configuration = configuration
        self.newestWindow = newestWindow
        self.series = series
        self.warnings = warnings
    }

    /// The series that were tested.
    package var testedSeries: [HistorySeriesChanges] {
        series.filter { $0.status == .tested }
    }

    /// Every new regression, with its series.
    package var newRegressions: [(series: HistorySeriesChanges, change: HistoryChange)] {
        series.flatMap { one in one.newRegressions.map { (one, $0) } }
    }

    /// Every change point, with its series.
    package var allChanges: [(series: HistorySeriesChanges, change: HistoryChange)] {
        series.flatMap { one in one.changes.map { (one, $0) } }
    }
}
