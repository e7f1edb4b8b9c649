import Foundation
import PerfGate
import PerfSupport

/// Renders comparison reports and result summaries for the gate commands.
enum ReportOutput {
    /// The report in a format.
    static func render(
        _ report: ComparisonReport,
        format: ReportFormat,
        current: RunResult,
        baseline: RunResult?,
        colors: Bool
    ) -> String {
        Reporter(format: format, colors: colors).render(report, current: current, baseline: baseline)
    }

    /// The format a report file's extension names.
    static func format(forPath path: String) -> ReportFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html", "htm": .html
        case "md", "markdown": .markdown
        case "json": .json
        case "xml": .junit
        default: .text
        }
    }

    /// Appends the markdown report to `$GITHUB_STEP_SUMMARY` when it is set.
    ///
    /// A summary that cannot be written costs the job its summary, not its verdict: the failure
    /// is one warning line, and the exit code stays the report's.
    ///
    /// - Returns: The warning to print when the summary could not be written.
    static func appendStepSummary(
        _ report: ComparisonReport,
        current: RunResult,
        baseline: RunResult?,
        environment: [String: String]
    ) -> String? {
        let summary = GitHubStepSummary(environment: environment)
        guard summary.path != nil else { return nil }
        let markdown = Reporter(format: .markdown, colors: false).render(report, current: current, baseline: baseline)
        do {
            try summary.append(markdown)
            return nil
        } catch {
            return "warning: \(error.message) The report itself is complete; only the job summary is missing."
        }
    }

    /// A short table of a run's medians, for `perfgate run`.
    static func resultSummary(_ result: RunResult) -> String {
        var lines = [
            "suite \(result.suite): \(result.scenarios.count) scenarios, calibration \(Int(result.environment.calibrationScore))"
        ]
        for scenario in result.scenarios {
            let rounds = scenario.metrics.values.first?.values.count ?? 0
            var parts: [String] = []
            for metric in [
                MetricID.throughputRPS, .latencyP95Ms, .latencyP99Ms, .successRate, .peakRSSMB, .monitorOverheadPercent,
            ] {
                if let series = scenario.series(metric) { parts.append("\(metric.rawValue) \(format(series.median))") }
            }
            if let overhead = scenario.series(.monitorOverheadPercent)?.values,
                let interval = HodgesLehmann.locationInterval(overhead, confidence: 0.95)
            {
                let low = interval.lower.map { format($0) } ?? "-inf"
                let high = interval.upper.map { format($0) } ?? "+inf"
                parts.append(
                    "monitor overhead (Hodges–Lehmann over paired rounds) \(format(interval.estimate))% "
                        + "[\(low), \(high)] at \(format(interval.achievedConfidence * 100))%"
                )
            }
            let validity = scenario.valid ? "" : "  INVALID: " + scenario.invalidReasons.joined(separator: "; ")
            lines.append("  \(scenario.name) (\(rounds) rounds): " + parts.joined(separator: ", ") + validity)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Integers below 10¹², three decimals otherwise: `2000`, `0.125`, `-1.500`.
    static let numberFormat = NumberFormat(integersBelow: 1e12, decimals: .fixed(3))

    /// A number as the result summaries print it (``numberFormat``).
    static func format(_ value: Double) -> String {
        numberFormat.format(value)
    }
}
