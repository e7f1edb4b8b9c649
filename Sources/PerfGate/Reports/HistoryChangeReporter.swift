import Foundation

/// Renders `perfgate history changes`: each change point with the commit where it starts, its
/// size and interval, its p-value, and whether it is a regression and new; then the series with
/// no change and those too short to test. Text, markdown, json or html (``HistoryChangeHTML``).
///
/// The JSON form is pretty-printed with sorted keys: `{"schemaVersion": 1, "store", "detector":
/// {"method", "significance", "permutations", "minimumSegment", "seed", "newestWindow"},
/// "newRegressions", "series": [{"suite", "scenario", "metric", "unit", "better", "gated",
/// "points", "invalidPoints", "status": "tested"|"tooShort", "minimumPoints", "changes":
/// [{"index", "line", "commit", "previousCommit", "time", "pValue", "meanBefore", "meanAfter",
/// "relativeChange", "interval": {"lower", "upper"}, "regression", "new", "machineChanged"}]}],
/// "skipped": [{"path", "line", "reason"}]}`.
package struct HistoryChangeReporter: Sendable {
    /// The format.
    package var format: ReportFormat

    /// Creates a reporter.
    package init(format: ReportFormat) {
        self.format = format
    }

    /// Renders a report.
    ///
    /// - Complexity: O(points) for html, O(series + changes) otherwise.
    package func render(_ report: HistoryChangeReport) -> String {
        switch format {
        case .json: json(report)
        case .markdown: markdown(report)
        case .html: HistoryChangeHTML().render(report)
        default: text(report)
        }
    }

    /// One line on the method and its settings.
    static func method(_ report: HistoryChangeReport) -> String {
        let configuration = report.configuration
        return "E-Divisive means with a permutation test (significance \(configuration.significance), "
            + "\(configuration.permutations) permutations, segments of at least \(configuration.minimumSegment) "
            + "runs); a change is new when it starts within the newest \(report.newestWindow) runs of its series."
    }

    /// The summary line: how many series were tested and what was found.
    package static func summary(_ report: HistoryChangeReport) -> String {
        let tested = report.testedSeries.count
        let short = report.series.count - tested
        let changes = report.allChanges
        let regressions = changes.filter(\.change.isRegression).count
        let newRegressions = report.newRegressions.count
        var text = "\(tested) series tested"
        if short > 0 { text += ", \(short) too short" }
        text += "; \(changes.count) change point\(changes.count == 1 ? "" : "s"): \(regressions) regression"
        text += "\(regressions == 1 ? "" : "s") (\(newRegressions) new), \(changes.count - regressions) improvement"
        text += changes.count - regressions == 1 ? "." : "s."
        return text
    }

    static func title(_ series: HistorySeriesChanges) -> String {
        "\(series.suite) · \(series.series.scenario) · \(series.series.metric)"
    }

    static func verdict(_ change: HistoryChange) -> String {
        (change.isRegression ? "regression" : "improvement") + (change.isNew ? ", new" : "")
    }

    static func interval(_ change: HistoryChange) -> String {
        let interval = change.changePoint.interval
        return
            "[\(ReportValueFormatter.change(interval.lowerBound)), \(ReportValueFormatter.change(interval.upperBound))]"
    }

    static func pValue(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : String(format: "%.3f", value)
    }

    /// The lines for the series without a change point: each on its own, or, past ten series too
    /// short to test, those in one line.
    static func quietLines(_ report: HistoryChangeReport) -> [String] {
        let short = report.series.filter { $0.status != .tested }
        guard short.count > 10, case .tooShort(let minimum)? = short.first?.status else {
            return report.series.compactMap(quietLine)
        }
        let longest = short.map(\.series.points.count).max() ?? 0
        let quiet = report.series.filter { $0.status == .tested && $0.changes.isEmpty }.compactMap(quietLine)
        return quiet + [
            "\(short.count) series too short to test: at most \(longest) valid run\(longest == 1 ? "" : "s") each, "
                + "the detector needs at least \(minimum)."
        ]
    }

    /// What a series without a change point says: why it was not tested, or that nothing moved.
    static func quietLine(_ series: HistorySeriesChanges) -> String? {
        let count = series.series.points.count
        let invalid = series.invalidPoints > 0 ? " (\(series.invalidPoints) invalid runs left out)" : ""
        switch series.status {
        case .tooShort(let minimum):
            return "\(title(series)): too short to test: \(count) valid run\(count == 1 ? "" : "s")\(invalid), "
                + "the detector needs at least \(minimum)."
        case .tested where series.changes.isEmpty:
            return "\(title(series)): no change point in \(count) runs\(invalid)."
        case .tested:
            return nil
        }
    }

    private static func rows(_ report: HistoryChangeReport) -> [[String]] {
        report.allChanges.map { series, change in
            let point = change.changePoint
            let unit = series.series.unit
            var notes = verdict(change)
            if change.crossesMachines { notes += "; machine changed" }
            return [
                series.suite, series.series.scenario, series.series.metric, change.commitRange, change.entry.time,
                ReportValueFormatter.value(point.meanBefore, unit: unit) + " → "
                    + ReportValueFormatter.value(point.meanAfter, unit: unit),
                ReportValueFormatter.change(point.relativeChange), interval(change), pValue(point.pValue), notes,
            ]
        }
    }

    private static let columns = [
        "suite", "scenario", "metric", "commits", "starts at", "before → after", "change", "interval", "p", "",
    ]

    private func text(_ report: HistoryChangeReport) -> String {
        var text = "History of \(report.store): " + Self.method(report) + "\n\n"
        let rows = Self.rows(report)
        if rows.isEmpty {
            text += "No change point.\n"
        } else {
            var table = TextTable(
                columns: Self.columns.enumerated().map { index, title in
                    .init(title, alignment: [6, 8].contains(index) ? .right : .left)
                }
            )
            for row in rows { table.append(row) }
            text += table.rendered()
        }
        let quiet = Self.quietLines(report)
        if !quiet.isEmpty { text += "\n" + quiet.map { $0 + "\n" }.joined() }
        text += "\n" + Self.summary(report) + "\n"
        return text
    }

    private func markdown(_ report: HistoryChangeReport) -> String {
        let newCount = report.newRegressions.count
        var text =
            "## PerfGate history: "
            + (newCount > 0 ? "\(newCount) new regression\(newCount == 1 ? "" : "s")" : "no new regression") + "\n\n"
        text += Self.summary(report).markdownEscaped + "\n\n"
        let rows = Self.rows(report)
        if !rows.isEmpty {
            text += "| " + Self.columns.joined(separator: " | ") + " |\n"
            text += "|---|---|---|---|---|---|---:|---|---:|---|\n"
            for row in rows {
                var cells = row.map(\.markdownEscaped)
                cells[3] = "`\(row[3])`"
                if row[9].contains("regression") { cells[9] = "**\(cells[9])**" }
                text += "| " + cells.joined(separator: " | ") + " |\n"
            }
            text += "\n"
        }
        let quiet = Self.quietLines(report)
        if !quiet.isEmpty { text += quiet.map { "- " + $0.markdownEscaped + "\n" }.joined() + "\n" }
        text += "_" + Self.method(report).markdownEscaped + "_\n"
        return text
    }

    private struct Document: Encodable {
        struct Detector: Encodable {
            var method = "e-divisive-means"
            var significance: Double
            var permutations: Int
            var minimumSegment: Int
            var seed: UInt64
            var newestWindow: Int
        }
        struct Series: Encodable {
            var suite, scenario, metric, unit: String
            var better: MetricPolarity
            var gated: Bool
            var points: Int
            var invalidPoints: Int
            var status: String
            var minimumPoints: Int?
            var changes: [Change]
        }
        struct Change: Encodable {
            var index: Int
            var line: Int
            var commit: String
            var previousCommit: String
            var time: String
            var pValue, meanBefore, meanAfter, relativeChange: Double
            var interval: Interval
            var regression: Bool
            var new: Bool
            var machineChanged: Bool
        }
        struct Interval: Encodable {
            var lower: Double
            var upper: Double
        }
        struct Skipped: Encodable {
            var path: String
            var line: Int
            var reason: String
        }
        var schemaVersion = 1
        var store: String
        var detector: Detector
        var newRegressions: Int
        var series: [Series]
        var skipped: [Skipped]
    }

    private func json(_ report: HistoryChangeReport) -> String {
        let configuration = report.configuration
        let document = Document(
            store: report.store,
            detector: Document.Detector(
                significance: configuration.significance,
                permutations: configuration.permutations,
                minimumSegment: configuration.minimumSegment,
                seed: configuration.seed,
                newestWindow: report.newestWindow
            ),
            newRegressions: report.newRegressions.count,
            series: report.series.map { series in
                var minimum: Int?
                if case .tooShort(let value) = series.status { minimum = value }
                return Document.Series(
                    suite: series.suite,
                    scenario: series.series.scenario,
                    metric: series.series.metric,
                    unit: series.series.unit,
                    better: series.series.better,
                    gated: series.series.isGated,
                    points: series.series.points.count,
                    invalidPoints: series.invalidPoints,
                    status: minimum == nil ? "tested" : "tooShort",
                    minimumPoints: minimum,
                    changes: series.changes.map { change in
                        let point = change.changePoint
                        return Document.Change(
                            index: point.index,
                            line: change.entry.line,
                            commit: change.entry.commit,
                            previousCommit: change.previousEntry.commit,
                            time: change.entry.time,
                            pValue: point.pValue,
                            meanBefore: point.meanBefore,
                            meanAfter: point.meanAfter,
                            relativeChange: Self.finite(point.relativeChange),
                            interval: Document.Interval(
                                lower: Self.finite(point.interval.lowerBound),
                                upper: Self.finite(point.interval.upperBound)
                            ),
                            regression: change.isRegression,
                            new: change.isNew,
                            machineChanged: change.crossesMachines
                        )
                    }
                )
            },
            skipped: report.warnings.map { Document.Skipped(path: $0.path, line: $0.line, reason: $0.reason) }
        )
        return HistorySeriesReporter.encoded(document)
    }

    /// A number JSON can hold: ±infinity (a change from a mean of 0) is written as the largest double.
    private static func finite(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, -Double.greatestFiniteMagnitude), Double.greatestFiniteMagnitude)
    }
}
