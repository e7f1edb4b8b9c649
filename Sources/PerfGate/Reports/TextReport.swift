import Foundation

/// The comparison as plain text for a terminal or a CI log, readable at 100 columns.
///
/// The report has a header naming the two runs, an aligned table of every compared metric
/// grouped by scenario (metric, baseline and current medians, the change with its interval, the
/// verdict), the target checks grouped the same way, the warnings and findings wrapped at
/// ``width``, and a last line with the overall verdict and the exit code:
///
/// ```
/// METRIC             BASELINE     CURRENT  CHANGE [INTERVAL]        VERDICT
/// balanced/steady
///   throughput_rps*  2103 req/s  2103 req/s  -0.05% [-0.23%, +0.17%]  unchanged
///   latency_p95_ms*    12.02 ms    15.55 ms  +29.3% [+28.4%, +30.8%]  REGRESSED
/// ...
/// Verdict: REGRESSION (exit 2): a gated metric regressed against the baseline.
/// ```
///
/// Grouping keeps every column in place, whatever the length of the scenario names.
///
/// Changes are current against baseline (see ``DisplayedChange``); gated metrics are marked
/// with `*`. ANSI colour is added only when ``colors`` is true: red for regressed and failed,
/// green for improved and passed, yellow for inconclusive and at risk.
public struct TextReport: Sendable {
    /// Whether verdicts are painted with ANSI colours.
    public var colors: Bool
    /// The column at which warnings and findings are wrapped.
    public var width: Int

    /// Creates a text report.
    ///
    /// - Parameters:
    ///   - colors: Whether verdicts are painted with ANSI colours; pass false for files and pipes.
    ///   - width: The column at which warnings and findings are wrapped.
    public init(colors: Bool = false, width: Int = 100) {
        self.colors = colors
        self.width = width
    }

    /// Renders a comparison.
    ///
    /// - Parameters:
    ///   - report: The comparison.
    ///   - current: The run it judged, for the header.
    ///   - baseline: The run it was compared against, for the header, if any.
    /// - Returns: The text, ending with a newline.
    /// - Complexity: O(n) in the rows, checks, warnings and findings.
    public func render(_ report: ComparisonReport, current: RunResult, baseline: RunResult?) -> String {
        let summary = ReportSummary(report, current: current)
        var lines: [String] = []
        lines.append(bold("PerfGate: suite '\(report.suite)'"))
        lines.append("Current:   " + Self.describe(current))
        lines.append("Baseline:  " + (baseline.map(Self.describe) ?? "none"))
        lines.append("Calibration: " + Self.describe(report.calibration))
        if let mode = report.mode { lines += wrap("Mode: " + mode.summary, indent: "  ") }
        lines.append("")

        if report.comparisons.isEmpty {
            lines.append("No metrics were compared.")
        } else {
            lines.append("Metrics: \(summary.metricsLine)")
            lines += wrap(
                "(* gated; the change is current against baseline, with its "
                    + "\(ReportValueFormatter.percent(1 - report.alpha)) interval, family-wise over the run's gated metrics; "
                    + "DETECTS is the smallest change this run could have called a regression)",
                indent: " "
            )
            lines += metricTable(report).lines(rule: false)
        }
        lines.append("")

        if report.targetChecks.isEmpty {
            lines.append("No targets were judged.")
            if report.outcome.hasNoEvidence {
                lines.append("Nothing was compared and no target judged: there is no evidence for a pass.")
            }
        } else {
            lines.append("Targets: \(summary.targetsLine)")
            lines.append("(the interval holds one-sided confidence bounds on the median round)")
            lines += targetTable(report).lines(rule: false)
        }

        if !report.outcome.inconclusive.isEmpty {
            lines.append("")
            let keys = report.outcome.inconclusive.map { "\($0.metric) (\($0.scenario))" }
            lines += wrap("Measure again: " + keys.joined(separator: ", "), indent: "  ")
        }
        if !report.warnings.isEmpty {
            lines.append("")
            lines.append(paint("Warnings:", .caution))
            for warning in report.warnings { lines += wrap("- " + warning, indent: "    ", first: "  ") }
        }
        if !report.findings.isEmpty {
            lines.append("")
            lines.append("Findings:")
            for finding in report.findings {
                lines += wrap("- [\(finding.kind.rawValue)] " + finding.message, indent: "    ", first: "  ")
            }
        }
        lines.append("")
        let verdict = report.exitVerdict
        let title = paint(verdict.title, verdict.tone)
        lines.append("Verdict: \(title) (exit \(verdict.exitCode)): \(verdict.explanation).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows grouped by scenario under a line with its name, the metric indented.
    private func metricTable(_ report: ComparisonReport) -> TextTable {
        var table = emptyTable([
            ("METRIC", .left), ("BASELINE", .right), ("CURRENT", .right), ("CHANGE [INTERVAL]", .left),
            ("DETECTS", .right), ("VERDICT", .left),
        ])
        let changes = report.comparisons.map(DisplayedChange.init)
        let estimateWidth = changes.map { $0?.estimateText.count ?? 0 }.max() ?? 0
        var scenario: String?
        for (row, change) in zip(report.comparisons, changes) {
            if row.scenario != scenario {
                table.appendSpanning(bold(row.scenario))
                scenario = row.scenario
            }
            let changeText: String
            if let change {
                let padding = String(repeating: " ", count: estimateWidth - change.estimateText.count)
                changeText = padding + change.estimateText + " " + change.intervalText
            } else {
                changeText = ReportValueFormatter.missing
            }
            table.append([
                Self.indent + row.metric + (row.isGated ? "*" : ""),
                ReportValueFormatter.value(row.baselineMedian, unit: row.unit),
                ReportValueFormatter.value(row.currentMedian, unit: row.unit),
                changeText,
                ReportValueFormatter.detectable(row),
                paint(row.verdict.label, row.verdict.tone),
            ])
        }
        return table
    }

    /// The checks grouped by scenario under a line with its name, the metric indented.
    private func targetTable(_ report: ComparisonReport) -> TextTable {
        var table = emptyTable([
            ("TARGET", .left), ("MEDIAN", .right), ("BOUND", .right), ("INTERVAL", .left), ("CONFIDENCE", .right),
            ("RESULT", .left),
        ])
        var scenario: String?
        for check in report.targetChecks {
            if check.scenario != scenario {
                table.appendSpanning(bold(check.scenario))
                scenario = check.scenario
            }
            let unit = ReportValueFormatter.unit(of: check)
            table.append([
                Self.indent + check.metric,
                ReportValueFormatter.value(check.value, unit: unit),
                ReportValueFormatter.bound(check),
                ReportValueFormatter.interval(check),
                ReportValueFormatter.percent(check.confidence),
                paint(check.verdict.label, check.verdict.tone),
            ])
        }
        return table
    }

    /// The indentation of a metric under its scenario's line.
    private static let indent = "  "

    /// An empty table with these headings, in bold with colours.
    private func emptyTable(_ headings: [(title: String, alignment: TextTable.Alignment)]) -> TextTable {
        TextTable(columns: headings.map { TextTable.Column(bold($0.title), alignment: $0.alignment) })
    }

    /// Text in the ANSI colour of a tone (red, green, yellow) with colours, or the text itself; neutral
    /// and empty text are never painted.
    private func paint(_ text: String, _ tone: ReportTone) -> String {
        guard colors, !text.isEmpty else { return text }
        let code: String
        switch tone {
        case .bad: code = "31"
        case .good: code = "32"
        case .caution: code = "33"
        case .neutral: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Text in bold with colours, or the text itself.
    private func bold(_ text: String) -> String {
        colors && !text.isEmpty ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    /// Words of `text` in lines of at most ``width`` columns; the first line starts with
    /// `first`, the others with `indent`.
    private func wrap(_ text: String, indent: String, first: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }

    /// "2026-11-23T14:00:00Z, commit 1a2b3c4d5e6f, host ci-1, release build".
    static func describe(_ run: RunResult) -> String {
        let environment = run.environment
        return "\(run.startedAt), commit \(environment.gitCommit.prefix(12)), host \(environment.hostname), "
            + "\(environment.buildConfiguration) build"
    }

    /// "factor 1.050 applied" or "not applied (a calibration score is missing (not positive))".
    static func describe(_ calibration: CalibrationAdjustment) -> String {
        if calibration.isApplied {
            return String(format: "current values normalized by the factor %.3f", calibration.factor)
        }
        return "not applied (\(calibration.reason ?? "no reason recorded"))"
    }
}
