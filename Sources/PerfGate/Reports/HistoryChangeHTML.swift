import Foundation

/// `perfgate history changes` as one self-contained HTML page: a banner coloured by whether a new
/// regression was found, the table of change points, and a trend chart per tested series
/// (``HistoryTrendChart``) with its change points marked. No scripts, fonts or images from
/// elsewhere; every piece of text from the store is HTML-escaped.
struct HistoryChangeHTML: Sendable {
    /// The chart classes the trend charts add to the report's style sheet.
    static let styleSheet = """
        svg .segment { stroke: #1f2328; stroke-width: 1.4; opacity: 0.55; }
        svg .changepoint { stroke-width: 1.6; stroke-dasharray: 4 3; }
        svg .changepoint-label { font-size: 11px; stroke: none; }
        """

    /// Renders a report.
    ///
    /// - Complexity: O(points + changes).
    func render(_ report: HistoryChangeReport) -> String {
        let newRegressions = report.newRegressions.count
        let tone = newRegressions > 0 ? "bad" : "good"
        let verdict =
            newRegressions > 0
            ? "\(newRegressions) new regression\(newRegressions == 1 ? "" : "s")" : "No new regression"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\("PerfGate history: \(verdict)".xmlEscaped)</title>
            <style>
            \(HTMLReport.styleSheet)
            \(Self.styleSheet)
            </style>
            </head>
            <body>

            """
        html += "<header class=\"banner \(tone)\">\n<div class=\"verdict\">\(verdict.xmlEscaped)</div>\n"
        html += "<div class=\"explanation\">\(HistoryChangeReporter.summary(report).xmlEscaped)</div>\n"
        html += "<div class=\"counts\">Store <code>\(report.store.xmlEscaped)</code></div>\n</header>\n<main>\n"
        html += "<p class=\"note\">\(HistoryChangeReporter.method(report).xmlEscaped)</p>\n"
        let changes = report.allChanges
        if !changes.isEmpty {
            html += "<section>\n<h2>Change points</h2>\n<table>\n<thead><tr><th>Series</th><th>Commits</th>"
            html += "<th>First run</th><th class=\"num\">Before</th><th class=\"num\">After</th>"
            html +=
                "<th class=\"num\">Change</th><th>Interval</th><th class=\"num\">p</th><th></th></tr></thead>\n<tbody>\n"
            for (series, change) in changes {
                let point = change.changePoint
                let unit = series.series.unit
                let pill = HTMLReport.pill(
                    HistoryChangeReporter.verdict(change),
                    change.isRegression ? (change.isNew ? .bad : .caution) : .good
                )
                let machine = change.crossesMachines ? " " + HTMLReport.pill("machine changed", .neutral) : ""
                html += "<tr><td>\(HistoryChangeReporter.title(series).xmlEscaped)</td>"
                html += "<td><code>\(change.commitRange.xmlEscaped)</code></td><td>\(change.entry.time.xmlEscaped)</td>"
                html += "<td class=\"num\">\(ReportValueFormatter.value(point.meanBefore, unit: unit).xmlEscaped)</td>"
                html += "<td class=\"num\">\(ReportValueFormatter.value(point.meanAfter, unit: unit).xmlEscaped)</td>"
                html += "<td class=\"num\">\(ReportValueFormatter.change(point.relativeChange).xmlEscaped)</td>"
                html += "<td class=\"interval\">\(HistoryChangeReporter.interval(change).xmlEscaped)</td>"
                html += "<td class=\"num\">\(HistoryChangeReporter.pValue(point.pValue).xmlEscaped)</td>"
                html += "<td>\(pill)\(machine)</td></tr>\n"
            }
            html += "</tbody>\n</table>\n</section>\n"
        }
        let quiet = HistoryChangeReporter.quietLines(report)
        if !quiet.isEmpty {
            html += "<section>\n<h2>Series without a change point</h2>\n<ul>\n"
            html += quiet.map { "<li>\($0.xmlEscaped)</li>" }.joined(separator: "\n") + "\n</ul>\n</section>\n"
        }
        if !report.warnings.isEmpty {
            html += "<section>\n<h2>Skipped lines</h2>\n<ul>\n"
            html += report.warnings.map { "<li>\($0.description.xmlEscaped)</li>" }.joined(separator: "\n")
            html += "\n</ul>\n</section>\n"
        }
        let charted = report.testedSeries
        if !charted.isEmpty {
            html += "<section>\n<h2>Trends</h2>\n"
            html += "<p class=\"note\">Run medians with their intervals shaded, segment means in grey, change points "
            html += "dashed: red a regression, green an improvement. Hover for commits and figures.</p>\n"
            for series in charted {
                guard let svg = HistoryTrendChart(changes: series).svg else { continue }
                html += "<figure class=\"wide\">\n\(svg)\n<figcaption>\(HistoryChangeReporter.title(series).xmlEscaped)"
                html += " · \(series.series.points.count) runs</figcaption>\n</figure>\n"
            }
            html += "</section>\n"
        }
        html += "</main>\n<footer>Generated by perfgate history changes</footer>\n</body>\n</html>\n"
        return html
    }
}
