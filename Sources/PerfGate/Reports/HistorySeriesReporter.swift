import Foundation

/// Renders `perfgate history show`: every selected series, one row per record, in text, markdown
/// or JSON.
///
/// Each row gives the record's commit, time, the run's median with its interval (the median's
/// order-statistic interval, with the coverage it has) and round count; runs whose load driver
/// fell behind are marked invalid. The JSON form is pretty-printed with sorted keys:
/// `{"schemaVersion": 1, "series": [{"suite", "scenario", "metric", "unit", "better", "gated",
/// "points": [{"line", "commit", "dirty", "time", "median", "lower", "upper", "confidence",
/// "rounds", "valid", "host"}]}], "skipped": [{"path", "line", "reason"}]}`.
package struct HistorySeriesReporter: Sendable {
    /// The format: text, markdown or json (the others render as text).
    package var format: ReportFormat

    /// Creates a reporter.
    package init(format: ReportFormat) {
        self.format = format
    }

    /// Renders the series of some suites' logs.
    ///
    /// - Complexity: O(points).
    package func render(_ logs: [HistoryLog]) -> String {
        switch format {
        case .json: json(logs)
        case .markdown: markdown(logs)
        default: text(logs)
        }
    }

    private static func heading(_ log: HistoryLog, _ series: HistorySeries) -> String {
        let direction = series.better == .lower ? "lower is better" : "higher is better"
        let gated = series.isGated ? ", gated" : ""
        let count = "\(series.points.count) record\(series.points.count == 1 ? "" : "s")"
        return "\(log.suite) · \(series.scenario) · \(series.metric) (\(series.unit), \(direction)\(gated)) · \(count)"
    }

    static func interval(_ measurement: HistoryMeasurement) -> String {
        let bounds =
            "[\(ReportValueFormatter.number(measurement.lower)), \(ReportValueFormatter.number(measurement.upper))]"
        return bounds + " " + ReportValueFormatter.percent(measurement.confidence)
    }

    private func text(_ logs: [HistoryLog]) -> String {
        var text = ""
        for log in logs {
            for series in log.series {
                if !text.isEmpty { text += "\n" }
                text += Self.heading(log, series) + "\n"
                var table = TextTable(columns: [
                    .init("line", alignment: .right), .init("commit"), .init("time"),
                    .init("median", alignment: .right), .init("interval"), .init("rounds", alignment: .right),
                    .init(""),
                ])
                for point in series.points {
                    let entry = log.entry(of: point)
                    table.append([
                        String(entry.line), entry.commitLabel, entry.time,
                        ReportValueFormatter.value(point.measurement.median, unit: point.measurement.unit),
                        Self.interval(point.measurement), String(point.measurement.rounds),
                        point.isValid ? "" : "invalid",
                    ])
                }
                text += table.lines().map { "  " + $0 + "\n" }.joined()
            }
        }
        return text.isEmpty ? "No record holds the series asked for.\n" : text
    }

    private func markdown(_ logs: [HistoryLog]) -> String {
        var text = ""
        for log in logs {
            for series in log.series {
                text += "### " + Self.heading(log, series).markdownEscaped + "\n\n"
                text += "| line | commit | time | median | interval | rounds | |\n"
                text += "|---:|---|---|---:|---|---:|---|\n"
                for point in series.points {
                    let entry = log.entry(of: point)
                    let cells = [
                        String(entry.line), "`\(entry.commitLabel)`", entry.time.markdownEscaped,
                        ReportValueFormatter.value(point.measurement.median, unit: point.measurement.unit)
                            .markdownEscaped,
                        Self.interval(point.measurement).markdownEscaped, String(point.measurement.rounds),
                        point.isValid ? "" : "invalid",
                    ]
                    text += "| " + cells.joined(separator: " | ") + " |\n"
                }
                text += "\n"
            }
        }
        return text.isEmpty ? "No record holds the series asked for.\n" : text
    }

    private struct Document: Encodable {
        struct Series: Encodable {
            var suite, scenario, metric, unit: String
            var better: MetricPolarity
            var gated: Bool
            var points: [Point]
        }
        struct Point: Encodable {
            var line: Int
            var commit: String
            var dirty: Bool?
            var time: String
            var median, lower, upper, confidence: Double
            var rounds: Int
            var valid: Bool
            var host: String
        }
        struct Skipped: Encodable {
            var path: String
            var line: Int
            var reason: String
        }
        var schemaVersion = 1
        var series: [Series]
        var skipped: [Skipped]
    }

    private func json(_ logs: [HistoryLog]) -> String {
        let document = Document(
            series: logs.flatMap { log in
                log.series.map { series in
                    Document.Series(
                        suite: log.suite,
                        scenario: series.scenario,
                        metric: series.metric,
                        unit: series.unit,
                        better: series.better,
                        gated: series.isGated,
                        points: series.points.map { point in
                            let entry = log.entry(of: point)
                            let measurement = point.measurement
                            return Document.Point(
                                line: entry.line,
                                commit: entry.commit,
                                dirty: entry.isDirty,
                                time: entry.time,
                                median: measurement.median,
                                lower: measurement.lower,
                                upper: measurement.upper,
                                confidence: measurement.confidence,
                                rounds: measurement.rounds,
                                valid: point.isValid,
                                host: entry.environment.machineLabel
                            )
                        }
                    )
                }
            },
            skipped: logs.flatMap { log in
                log.warnings.map { Document.Skipped(path: $0.path, line: $0.line, reason: $0.reason) }
            }
        )
        return Self.encoded(document)
    }

    /// A document as pretty-printed JSON with sorted keys, ending with a newline.
    static func encoded(_ document: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The documents hold finite numbers and strings only; encoding cannot fail on them.
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
