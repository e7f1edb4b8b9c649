import Foundation
import PerfMonitor
import PerfSupport

/// The lines that ``DriveReport`` and ``ServeReport`` write alike, and how they write numbers.
enum LoadSummary {
    /// A number as the summaries write it (`NumberFormat.summary`): `2000`, `1234.5`, `12.346`.
    static func number(_ value: Double) -> String {
        NumberFormat.summary.format(value)
    }

    /// A figure's line: its label padded to 22 columns, then its value.
    static func row(_ label: String, _ value: String) -> String {
        label.padding(toLength: 22, withPad: " ", startingAt: 0) + value
    }

    /// "failures: refused 3, timeout 1", kinds in alphabetical order; nil when nothing failed.
    static func failures(_ failuresByKind: [String: Int]) -> String? {
        guard !failuresByKind.isEmpty else { return nil }
        return "failures: "
            + failuresByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// The targets with the overall score and what was missed, the targets written from the
    /// comparison's own: "targets (2000 req/s, P95 25 ms, 99% success, 100 MB): score 0.9, all met"
    /// or "…: score 0.75, missed: throughput, P95".
    static func targets(_ comparison: TargetComparison) -> String {
        var missed: [String] = []
        if !comparison.meetsThroughput { missed.append("throughput") }
        if !comparison.meetsLatency { missed.append("P95") }
        if !comparison.meetsSuccessRate { missed.append("success") }
        if !comparison.meetsMemory { missed.append("memory") }
        let targets = comparison.targets
        return "targets (\(number(targets.minThroughputRPS)) req/s, P95 \(number(targets.maxLatencyP95Ms)) ms, "
            + "\(number(targets.minSuccessRate * 100))% success, \(number(targets.maxMemoryMB)) MB): "
            + "score \(number(comparison.overallScore)), "
            + (missed.isEmpty ? "all met" : "missed: " + missed.joined(separator: ", "))
    }
}
