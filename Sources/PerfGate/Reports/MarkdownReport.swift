/// The comparison as GitHub-flavoured Markdown, for a pull-request comment or a job summary.
///
/// A heading with the verdict and the exit code, a summary line, a table of the gated and
/// changed metrics (regressions first), every row in a collapsible `<details>` block, the target
/// checks, the metrics to measure again, the warnings and the findings. Every cell is escaped
/// (`|` becomes `\|`, HTML is neutralized), so scenario names cannot break the tables.
public struct MarkdownReport: Sendable {
    /// The heading level of the title (2 gives `##`); sections are one level deeper.
    public var headingLevel: Int

    /// Creates a Markdown report.
    ///
    /// - Parameters:
    ///   - headingLevel: The heading level of the title, 1 to 5.
    public init(headingLevel: Int = 2) {
        self.headingLevel = min(max(headingLevel, 1), 5)
    }

    /// Renders a comparison.
    ///
    /// - Parameters:
    ///   - report: The comparison.
    ///   - current: The run it judged.
    ///   - baseline: The run it was compared against, if any.
    /// - Returns: The Markdown, ending with a newline.
    /// - Complexity: O(n log n) in the rows, plus O(n) in the checks, warnings and findings.
    public func render(_ report: ComparisonReport, current: RunResult, baseline: RunResult?) -> String {
        let summary = ReportSummary(report, current: current)
        let verdict = report.exitVerdict
        let title = String(repeating: "#", count: headingLevel)
        let section = String(repeating: "#", count: headingLevel + 1)
        var lines: [String] = []
        lines.append("\(title) \(Self.symbol(verdict.tone)) PerfGate: \(verdict.title) (exit \(verdict.exitCode))")
        lines.append("")
        var facts = [
            "Suite **\(report.suite.markdownEscaped)**",
            "\(summary.scenarios.count) scenario\(summary.scenarios.count == 1 ? "" : "s")",
            "metrics: \(summary.metricsLine)",
            "targets: \(summary.targetsLine)",
        ]
        let currentCommit = String(current.environment.gitCommit.prefix(12)).markdownEscaped
        if let baseline {
            let baselineCommit = String(baseline.environment.gitCommit.prefix(12)).markdownEscaped
            facts.append("commit \(currentCommit) against baseline \(baselineCommit)")
        } else {
            facts.append("commit \(currentCommit), no baseline")
        }
        lines.append(facts.joined(separator: " · "))
        if let mode = report.mode {
            lines.append("")
            lines.append("**Mode** " + mode.summary.markdownEscaped)
        }
        lines.append("")
        lines.append("\(verdict.explanation.prefix(1).uppercased() + verdict.explanation.dropFirst()).")

        let prominent = ReportSummary.prominentRows(of: report)
        if !prominent.isEmpty {
            lines.append("")
            lines.append("\(section) Gated and changed metrics")
            lines.append("")
            lines += metricTable(prominent)
        }
        if !report.comparisons.isEmpty {
            lines.append("")
            lines.append("<details><summary>All \(report.comparisons.count) compared metrics</summary>")
            lines.append("")
            lines += metricTable(report.comparisons)
            lines.append("")
            lines.append(
                "Changes are current against baseline, with the \(ReportValueFormatter.percent(1 - report.alpha)) "
                    + "family-wise interval; ✓ marks a gated metric. Calibration: "
                    + TextReport.describe(report.calibration).markdownEscaped + "."
            )
            lines.append("")
            lines.append("</details>")
        }
        if !report.targetChecks.isEmpty {
            lines.append("")
            lines.append("\(section) Targets")
            lines.append("")
            lines.append("| Scenario | Metric | Value | Target | Interval | Confidence | Result |")
            lines.append("|---|---|--:|--:|---|--:|---|")
            for check in report.targetChecks {
                let unit = ReportValueFormatter.unit(of: check)
                let cells = [
                    check.scenario.markdownEscaped,
                    check.metric.markdownEscaped,
                    ReportValueFormatter.value(check.value, unit: unit).markdownEscaped,
                    ReportValueFormatter.bound(check).markdownEscaped,
                    ReportValueFormatter.interval(check).markdownEscaped,
                    ReportValueFormatter.percent(check.confidence).markdownEscaped,
                    Self.symbol(check.verdict.tone) + " " + check.verdict.label,
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        if !report.outcome.inconclusive.isEmpty {
            lines.append("")
            let keys = report.outcome.inconclusive.map { "\($0.metric) (\($0.scenario))".markdownEscaped }
            lines.append("**Measure again** (inconclusive gated metrics): " + keys.joined(separator: ", "))
        }
        if !report.warnings.isEmpty {
            lines.append("")
            lines.append("\(section) Warnings")
            lines.append("")
            lines += report.warnings.map { "- " + $0.markdownEscaped }
        }
        if !report.findings.isEmpty {
            lines.append("")
            lines.append("\(section) Findings")
            lines.append("")
            lines += report.findings.map { "- **\($0.kind.rawValue)**: " + $0.message.markdownEscaped }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func metricTable(_ rows: [MetricComparison]) -> [String] {
        var lines = [
            "| Scenario | Metric | Gated | Baseline | Current | Change [interval] | Detects | Verdict |",
            "|---|---|:-:|--:|--:|---|--:|---|",
        ]
        for row in rows {
            let cells = [
                row.scenario.markdownEscaped,
                row.metric.markdownEscaped,
                row.isGated ? "✓" : "",
                ReportValueFormatter.value(row.baselineMedian, unit: row.unit).markdownEscaped,
                ReportValueFormatter.value(row.currentMedian, unit: row.unit).markdownEscaped,
                DisplayedChange.text(for: row).markdownEscaped,
                ReportValueFormatter.detectable(row).markdownEscaped,
                Self.verdictCell(row.verdict),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// A verdict with its symbol, a regression in bold: `❌ **REGRESSED**`, `unchanged`.
    static func verdictCell(_ verdict: MetricVerdict) -> String {
        switch verdict {
        case .regressed: symbol(verdict.tone) + " **" + verdict.label + "**"
        case .improved, .inconclusive: symbol(verdict.tone) + " " + verdict.label
        case .unchanged: verdict.label
        }
    }

    /// The symbol of a tone: ❌, ✅, ⚠️, or nothing.
    static func symbol(_ tone: ReportTone) -> String {
        switch tone {
        case .bad: "❌"
        case .good: "✅"
        case .caution: "⚠️"
        case .neutral: ""
        }
    }
}
