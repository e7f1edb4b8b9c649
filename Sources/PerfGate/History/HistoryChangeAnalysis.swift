/// Runs change-point detection on history series and places each change on its record.
///
/// Each series is the run medians of one metric of one scenario, oldest first, valid runs only (a
/// run whose load driver fell behind measured something else). A series with fewer points than
/// ``minimumSeriesLength`` is reported as too short, with that minimum.
///
/// A change is a **regression** when the metric moved the way it is worse (``MetricPolarity``),
/// whatever its size: the detector's significance test already decided that it is not noise,
/// and each report row gives the size with its interval. A change is **new** when its first
/// record is among the newest ``newestWindow`` points of its series. The detector needs
/// `minimumSegment` points after a change before it can see it, so the window is by default twice
/// that: a regression fails `--fail-on-new` from the first run that can see it until
/// `minimumSegment` more runs have passed, then it is history.
package struct HistoryChangeAnalysis: Sendable {
    /// The detector's settings.
    package var configuration: ChangePointConfiguration
    /// How many of a series' newest points count as new for ``HistoryChange/isNew``.
    package var newestWindow: Int

    /// Creates an analysis.
    ///
    /// - Parameters:
    ///   - configuration: The detector's settings.
    ///   - newestWindow: The newest points whose changes are new; by default twice the
    ///     configuration's minimum segment.
    package init(configuration: ChangePointConfiguration = .default, newestWindow: Int? = nil) {
        self.configuration = configuration
        self.newestWindow = newestWindow ?? 2 * configuration.minimumSegment
    }

    /// The fewest valid points a series needs to be tested.
    package var minimumSeriesLength: Int {
        ChangePointDetector(configuration: configuration).minimumSeriesLength
    }

    /// The changes of one series.
    ///
    /// - Parameters:
    ///   - series: The series, every point (invalid runs are left out here).
    ///   - log: The log the series was read from, for its entries.
    /// - Complexity: The detector's, on the series' valid points.
    package func changes(in series: HistorySeries, of log: HistoryLog) -> HistorySeriesChanges {
        var valid = series
        valid.points = series.validPoints
        let invalidCount = series.points.count - valid.points.count
        let detector = ChangePointDetector(configuration: configuration)
        let minimum = detector.minimumSeriesLength
        guard valid.points.count >= minimum else {
            return HistorySeriesChanges(
                suite: log.suite,
                series: valid,
                entries: log.entries,
                invalidPoints: invalidCount,
                status: .tooShort(minimum: minimum),
                changes: []
            )
        }
        let values = valid.points.map(\.measurement.median)
        let better = valid.better
        var changes: [HistoryChange] = []
        for changePoint in detector.changePoints(in: values) {
            guard changePoint.index > 0, changePoint.index < valid.points.count else { continue }
            let isWorse =
                switch better {
                case .lower: changePoint.meanAfter > changePoint.meanBefore
                case .higher: changePoint.meanAfter < changePoint.meanBefore
                }
            changes.append(
                HistoryChange(
                    changePoint: changePoint,
                    entry: log.entry(of: valid.points[changePoint.index]),
                    previousEntry: log.entry(of: valid.points[changePoint.index - 1]),
                    isRegression: isWorse,
                    isNew: changePoint.index >= valid.points.count - newestWindow
                )
            )
        }
        return HistorySeriesChanges(
            suite: log.suite,
            series: valid,
            entries: log.entries,
            invalidPoints: invalidCount,
            status: .tested,
            changes: changes
        )
    }
}
