import PerfMonitor

@testable import PerfGate

/// An environment fingerprint for tests; every field can be varied.
func makeEnvironment(
    hostname: String = "bench-1",
    cpuModel: String = "Test CPU @ 3.0GHz",
    logicalCores: Int = 2,
    buildConfiguration: String = "release",
    swiftVersion: String = "6.3",
    calibrationScore: Double = 1000
) -> EnvironmentFingerprint {
    EnvironmentFingerprint(
        hostname: hostname,
        os: "Linux 6.1",
        cpuModel: cpuModel,
        logicalCores: logicalCores,
        memoryBytes: 8 << 30,
        swiftVersion: swiftVersion,
        buildConfiguration: buildConfiguration,
        gitCommit: "abc1234",
        calibrationScore: calibrationScore
    )
}

/// A scenario whose metrics have the given per-round values.
func makeScenario(
    _ name: String = "balanced/steady",
    loop: String = "closed",
    valid: Bool = true,
    metrics: [MetricID: [Double]]
) -> ScenarioResult {
    ScenarioResult(
        name: name,
        preset: "balanced",
        workload: WorkloadDescription(
            name: "steady",
            loop: loop,
            rate: loop == "open" ? 2000 : nil,
            durationSeconds: 5,
            connections: loop == "open" ? nil : 16,
            seed: 42
        ),
        valid: valid,
        invalidReasons: valid ? [] : ["Round 2 fell 12% behind its schedule."],
        metrics: Dictionary(
            uniqueKeysWithValues: metrics.map { ($0.key.rawValue, MetricSeries(metric: $0.key, values: $0.value)) }
        )
    )
}

/// A result of the given scenarios.
func makeRun(
    _ scenarios: [ScenarioResult],
    environment: EnvironmentFingerprint = makeEnvironment(),
    targets: PerformanceTargets = .default
) -> RunResult {
    RunResult(
        suite: "default",
        tool: ToolInfo(version: "0.1.0"),
        startedAt: "2025-01-01T00:00:00Z",
        environment: environment,
        targets: targets,
        scenarios: scenarios
    )
}

/// Typical levels of the gated metrics and some report-only ones, for simulations.
let typicalLevels: [MetricID: Double] = [
    .throughputRPS: 2400, .latencyP50Ms: 4, .latencyP95Ms: 12, .latencyP99Ms: 20, .successRate: 0.995,
    .peakRSSMB: 60, .cpuPercent: 140, .workerUtilization: 0.7,
]

/// Per-round values around the typical levels with multiplicative noise; `slowdown` multiplies
/// latencies and divides throughput (1.1 = 10% slower). Memory and the report-only metrics carry
/// the noise but not the slowdown; the success rate's failing fraction varies by 30% round to
/// round.
func simulatedMetrics(
    rounds: Int,
    noise: Double,
    slowdown: Double = 1,
    random: inout TestRandom
) -> [MetricID: [Double]] {
    var metrics: [MetricID: [Double]] = [:]
    for (metric, level) in typicalLevels.sorted(by: { $0.key < $1.key }) {
        var center = level
        switch metric {
        case .throughputRPS: center = level / slowdown
        case .latencyP50Ms, .latencyP95Ms, .latencyP99Ms: center = level * slowdown
        default: break
        }
        if metric == .successRate {
            // The failing fraction carries the noise (30% of itself), not the success rate.
            metrics[metric] = random.logNormals(rounds, center: 1 - level, noise: 0.3).map { 1 - $0 }
        } else {
            metrics[metric] = random.logNormals(rounds, center: center, noise: noise)
        }
    }
    return metrics
}
