import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

/// Two synthetic runs of two scenarios and their real comparison, for the report tests.
///
/// `balanced/steady`: P95 latency 30% worse (regressed), peak memory 25% lower (improved), the
/// rest unchanged; every target met. `high-throughput/spike`: noisy throughput around the
/// 2000 req/s floor (inconclusive, target at risk), memory above the 100 MB ceiling (target
/// failed). The exit verdict is therefore "target missed" (3).
enum ReportFixture {
    static let steady = "balanced/steady"
    static let spike = "high-throughput/spike"

    /// The current run, the baseline and their comparison.
    static func make(
        steadyName: String = steady,
        spikeName: String = spike
    ) -> (report: ComparisonReport, current: RunResult, baseline: RunResult) {
        let baseline = run(isCurrent: false, steadyName: steadyName, spikeName: spikeName)
        let current = run(isCurrent: true, steadyName: steadyName, spikeName: spikeName)
        return (Comparator().compare(current, against: baseline), current, baseline)
    }

    static func run(isCurrent: Bool, steadyName: String = steady, spikeName: String = spike) -> RunResult {
        var random = TestRandom(seed: isCurrent ? 2 : 1)
        func series(_ metric: MetricID, _ median: Double, noise: Double) -> (String, MetricSeries) {
            let values = (0..<8).map { _ in max(0, median * (1 + noise * (random.unit() * 2 - 1))) }
            return (metric.rawValue, MetricSeries(metric: metric, values: values))
        }
        let steadyMetrics = [
            series(.throughputRPS, 2100, noise: 0.004),
            series(.latencyP50Ms, 5.0, noise: 0.01),
            series(.latencyP95Ms, isCurrent ? 15.6 : 12.0, noise: 0.01),
            series(.latencyP99Ms, 20, noise: 0.01),
            series(.successRate, 0.999, noise: 0.0002),
            series(.peakRSSMB, isCurrent ? 60 : 80, noise: 0.01),
            series(.cpuPercent, 40, noise: 0.02),
        ]
        let spikeMetrics = [
            series(.throughputRPS, isCurrent ? 1990 : 2000, noise: 0.08),
            series(.latencyP95Ms, 18, noise: 0.15),
            series(.successRate, 0.995, noise: 0.001),
            series(.errorRate, 0.005, noise: 0.1),
            series(.peakRSSMB, 120, noise: 0.01),
        ]
        let environment = EnvironmentFingerprint(
            hostname: "ci-runner-1",
            os: "Linux 6.8",
            cpuModel: "Test CPU",
            logicalCores: 2,
            memoryBytes: 8 << 30,
            swiftVersion: "6.3",
            buildConfiguration: "release",
            gitCommit: isCurrent ? "c0ffee1234567890" : "ba5e11ne98765432",
            calibrationScore: 1000
        )
        return RunResult(
            suite: "default",
            tool: ToolInfo(version: "0.1.0"),
            startedAt: isCurrent ? "2026-11-23T14:00:00Z" : "2026-11-20T09:30:00Z",
            environment: environment,
            targets: .default,
            scenarios: [
                ScenarioResult(
                    name: steadyName,
                    preset: "balanced",
                    workload: workload("steady", rate: 2100),
                    metrics: Dictionary(uniqueKeysWithValues: steadyMetrics),
                    latencyHistogram: histogram(medianMs: 5, spread: isCurrent ? 0.66 : 0.5, random: &random),
                    history: history(rps: 2100, p95: isCurrent ? 15.6 : 12, random: &random)
                ),
                ScenarioResult(
                    name: spikeName,
                    preset: "high-throughput",
                    workload: workload("spike", rate: 2000),
                    metrics: Dictionary(uniqueKeysWithValues: spikeMetrics),
                    latencyHistogram: histogram(medianMs: 6, spread: 0.6, random: &random),
                    history: history(rps: isCurrent ? 1990 : 2000, p95: 18, random: &random)
                ),
            ]
        )
    }

    static func workload(_ name: String, rate: Double) -> WorkloadDescription {
        WorkloadDescription(name: name, loop: "open", rate: rate, durationSeconds: 30, connections: nil, seed: 42)
    }

    /// A log-normal latency histogram of 4000 requests.
    static func histogram(medianMs: Double, spread: Double, random: inout TestRandom) -> StoredHistogram {
        let histogram = LatencyHistogram()
        for _ in 0..<4000 {
            let milliseconds = medianMs * exp(spread * random.normal())
            histogram.record(.microseconds(Int64(milliseconds * 1000)))
        }
        return StoredHistogram(histogram.snapshot())
    }

    /// Thirty one-second points with a gentle wave and some noise.
    static func history(rps: Double, p95: Double, random: inout TestRandom) -> [StoredHistoryPoint] {
        (1...30).map { second in
            let t = Double(second)
            return StoredHistoryPoint(
                t: t,
                rps: rps * (1 + 0.03 * sin(t / 3) + 0.01 * random.normal()),
                p95Ms: p95 * (1 + 0.05 * random.normal())
            )
        }
    }
}

@Suite struct ReportFixtureTests {
    @Test func fixtureHasOneRegressionOneImprovementAndOneFailedTarget() throws {
        let (report, _, _) = ReportFixture.make()
        let steady = ReportFixture.steady
        #expect(report.comparison(scenario: steady, metric: .latencyP95Ms)?.verdict == .regressed)
        #expect(report.comparison(scenario: steady, metric: .peakRSSMB)?.verdict == .improved)
        #expect(report.comparison(scenario: steady, metric: .throughputRPS)?.verdict == .unchanged)
        #expect(report.targetCheck(scenario: ReportFixture.spike, target: .memory)?.verdict == .fail)
        #expect(report.targetChecks.filter { $0.verdict == .fail }.count == 1)
        #expect(report.comparisons.filter { $0.isGated && $0.verdict == .regressed }.count == 1)
        #expect(report.exitVerdict == .targetMissed)
    }
}
