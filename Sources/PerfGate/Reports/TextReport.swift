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
        lines.append(ReportTextTable.bold("PerfGate: suite '\(report.suite)'", colors))
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
                    + "\(ReportValueFormatter.percent(1 - report.alpha)) interval, family-wise per scenario; "
                    + "DETECTS is the smallest change this run could have called a regression)",
                indent: " "
            )
            lines += metricTable(report).lines(colors: colors)
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
            lines += targetTable(report).lines(colors: colors)
        }

        if !report.outcome.inconclusive.isEmpty {
            lines.append("")
            let keys = report.outcome.inconclusive.map { "\($0.metric) (\($0.scenario))" }
            lines += wrap("Measure again: " + keys.joined(separator: ", "), indent: "  ")
        }
        if !report.warnings.isEmpty {
            lines.append("")
            lines.append(ReportTextTable.paint("Warnings:", .caution, colors))
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
        let title = ReportTextTable.paint(verdict.title, verdict.tone, colors)
        lines.append("Verdict: \(title) (exit \(verdict.exitCode)): \(verdict.explanation).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows grouped by scenario under a line with its name, the metric indented.
    private func metricTable(_ report: ComparisonReport) -> ReportTextTable {
        var table = ReportTextTable(
            headers: ["METRIC", "BASELINE", "CURRENT", "CHANGE [INTERVAL]", "DETECTS", "VERDICT"],
            alignments: [.left, .right, .right, .left, .right, .left]
        )
        let changes = report.comparisons.map(DisplayedChange.init)
        let estimateWidth = changes.map { $0?.estimateText.count ?? 0 }.max() ?? 0
        var scenario: String?
        for (row, change) in zip(report.comparisons, changes) {
            if row.scenario != scenario {
                table.appendSpanning(row.scenario)
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
                .init(Self.indent + row.metric + (row.isGated ? "*" : "")),
                .init(ReportValueFormatter.value(row.baselineMedian, unit: row.unit)),
                .init(ReportValueFormatter.value(row.currentMedian, unit: row.unit)),
                .init(changeText),
                .init(ReportValueFormatter.detectable(row)),
                .init(row.verdict.label, tone: row.verdict.tone),
            ])
        }
        return table
    }

    /// The checks grouped by scenario under a line with its name, the metric indented.
    private func targetTable(_ report: ComparisonReport) -> ReportTextTable {
        var table = ReportTextTable(
            headers: ["TARGET", "MEDIAN", "BOUND", "INTERVAL", "CONFIDENCE", "RESULT"],
            alignments: [.left, .right, .right, .left, .right, .left]
        )
        var scenario: String?
        for check in report.targetChecks {
            if check.scenario != scenario {
                table.appendSpanning(check.scenario)
                scenario = check.scenario
            }
            let unit = ReportValueFormatter.unit(of: check)
            table.append([
                .init(Self.indent + check.metric),
                .init(ReportValueFormatter.value(check.value, unit: unit)),
                .init(ReportValueFormatter.bound(check)),
                .init(ReportValueFormatter.interval(check)),
                .init(ReportValueFormatter.percent(check.confidence)),
                .init(check.verdict.label, tone: check.verdict.tone),
            ])
        }
        return table
    }

    /// The indentation of a metric under its scenario's line.
    private static let indent = "  "

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
