import Foundation
import PerfGate

/// Renders comparison reports and result summaries for the gate commands.
enum ReportOutput {
    /// The report in a format.
    static func render(
        _ report: ComparisonReport,
        format: OutputFormat,
        current: RunResult,
        baseline: RunResult?,
        colors: Bool
    ) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return ((try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
        default:
            var lines: [String] = []
            for row in report.comparisons where row.isGated || row.verdict != .unchanged {
                lines.append("\(row.scenario)  \(row.metric)  \(row.verdict.rawValue)")
            }
            for check in report.targetChecks {
                lines.append("\(check.scenario)  target \(check.target.rawValue)  \(check.verdict.rawValue)")
            }
            lines += report.warnings.map { "warning: " + $0 }
            lines += report.findings.map { "finding: " + $0.message }
            lines.append("verdict: \(report.exitVerdict) (exit \(report.exitVerdict.exitCode))")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The format a report file's extension names.
    static func format(forPath path: String) -> OutputFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html", "htm": .html
        case "md", "markdown": .markdown
        case "json": .json
        case "xml": .junit
        default: .text
        }
    }

    /// Appends the markdown report to `$GITHUB_STEP_SUMMARY` when it is set.
    static func appendStepSummary(_ report: ComparisonReport, current: RunResult, baseline: RunResult?, environment: [String: String]) {
    }

    /// A short table of a run's medians, for `perfgate run`.
    static func resultSummary(_ result: RunResult) -> String {
        var lines = ["suite \(result.suite): \(result.scenarios.count) scenarios, calibration \(Int(result.environment.calibrationScore))"]
        for scenario in result.scenarios {
            let rounds = scenario.metrics.values.first?.values.count ?? 0
            var parts: [String] = []
            for metric in [MetricID.throughputRPS, .latencyP95Ms, .latencyP99Ms, .successRate, .peakRSSMB, .monitorOverheadPercent] {
                if let series = scenario.series(metric) { parts.append("\(metric.rawValue) \(format(series.median))") }
            }
            let validity = scenario.valid ? "" : "  INVALID: " + scenario.invalidReasons.joined(separator: "; ")
            lines.append("  \(scenario.name) (\(rounds) rounds): " + parts.joined(separator: ", ") + validity)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.3f", value)
    }
}
