import Foundation
import PerfMonitor

@testable import PerfGate

/// Results, records and stores for the history tests.
enum HistoryTestFixtures {
    /// A fresh folder under the temporary directory (not created).
    static func folder() -> String {
        NSTemporaryDirectory() + "perfgate-history-\(UUID().uuidString)"
    }

    /// A result of one scenario whose five rounds scatter around the given medians.
    static func result(
        commit: String,
        run: Int,
        throughput: Double = 3000,
        p95: Double = 10,
        valid: Bool = true,
        suite: String = "history-test"
    ) -> RunResult {
        let spread = [0.99, 1.0, 1.01, 0.995, 1.005]
        return RunResult(
            suite: suite,
            tool: ToolInfo(version: "test"),
            startedAt: String(format: "2026-11-%02dT%02d:00:00.000Z", 1 + run / 24 % 28, run % 24),
            environment: EnvironmentFingerprint(
                hostname: "h",
                os: "Linux",
                cpuModel: "cpu",
                logicalCores: 2,
                memoryBytes: 1 << 34,
                swiftVersion: "6.3",
                buildConfiguration: "release",
                gitCommit: commit,
                calibrationScore: 1000,
                gitDirty: false,
                machineID: "machine-1",
                bootID: "boot-\(run)"
            ),
            targets: .default,
            scenarios: [
                ScenarioResult(
                    name: "balanced/steady",
                    preset: "balanced",
                    workload: WorkloadDescription(
                        name: "steady",
                        loop: "open",
                        rate: 2000,
                        durationSeconds: 2,
                        connections: nil,
                        seed: UInt64(run)
                    ),
                    valid: valid,
                    invalidReasons: valid ? [] : ["the driver fell behind"],
                    metrics: [
                        MetricID.throughputRPS.rawValue: MetricSeries(
                            metric: .throughputRPS,
                            values: spread.map { $0 * throughput }
                        ),
                        MetricID.latencyP95Ms.rawValue: MetricSeries(
                            metric: .latencyP95Ms,
                            values: spread.map { $0 * p95 }
                        ),
                        MetricID.cpuPercent.rawValue: MetricSeries(metric: .cpuPercent, values: [50, 51, 49, 50, 52]),
                    ]
                )
            ]
        )
    }

    /// The record of a result, with the default gating.
    static func record(_ result: RunResult) throws -> HistoryRecord {
        try HistoryRecord(result, options: ComparisonOptions())
    }

    /// A small deterministic wobble of ±0.5% for run `index`, so a flat series is not constant.
    static func wobble(_ index: Int) -> Double {
        1 + 0.005 * sin(Double(index) * 2.399)
    }

    /// Appends `p95s.count` runs to a store, run `i` with P95 `p95s[i]` and a steady throughput.
    static func appendRuns(p95s: [Double], to store: HistoryStore, throughput: (Int) -> Double = { _ in 3000 }) throws {
        for (index, p95) in p95s.enumerated() {
            let result = result(
                commit: String(format: "c%011d", index),
                run: index,
                throughput: throughput(index),
                p95: p95
            )
            _ = try store.append(try record(result))
        }
    }

    /// Appends raw text to a file, as a crash or another tool might leave it.
    static func appendRaw(_ text: String, to path: String) throws {
        let handle = try require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CocoaError(.fileNoSuchFile) }
    return value
}
