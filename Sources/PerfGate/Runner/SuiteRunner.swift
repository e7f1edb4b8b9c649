import Foundation
import PerfMonitor
import Workloads

/// Runs a suite: warm-up rounds (discarded), then measured rounds interleaved across scenarios,
/// with a CPU calibration canary measured beside them.
///
/// A round is the unit of replication. Round `r` of every scenario runs before round `r + 1` of
/// any, so slow drift of the machine touches every scenario alike.
public struct SuiteRunner: Sendable {
    /// What runs a round.
    public var executor: any RoundExecutor
    /// Reports progress: the fraction done and a short label.
    public var progress: (@Sendable (Double, String) -> Void)?
    /// The version written into results.
    public var toolVersion: String
    /// How long the canary runs before each cycle of rounds.
    public var calibrationDuration: Duration

    /// Creates a runner.
    public init(
        executor: any RoundExecutor,
        toolVersion: String,
        calibrationDuration: Duration = .milliseconds(100),
        progress: (@Sendable (Double, String) -> Void)? = nil
    ) {
        self.executor = executor
        self.toolVersion = toolVersion
        self.calibrationDuration = calibrationDuration
        self.progress = progress
    }

    /// The seed of a round: the suite seed mixed with the scenario's index and the round's.
    public static func seed(suite: UInt64, scenario: Int, round: Int) -> UInt64 {
        var value = suite &+ UInt64(scenario) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(round) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 31)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 29)
    }

    /// Starts the suite's service when it has a `start` command and `http` scenarios, and returns
    /// the suite with the service's port in their URLs.
    ///
    /// - Returns: The suite to run, and the service to stop when the run ends (nil when none).
    /// - Throws: `serviceSpawn`, `serviceExited` or `serviceNotReady` (the CLI exits 4).
    func startingService(for suite: Suite) async throws(PerfGateError) -> (Suite, ServiceProcess?) {
        guard let command = suite.service, suite.scenarios.contains(where: { $0.kind == .http }) else {
            return (suite, nil)
        }
        progress?(0, "starting the service: \(command.template)")
        let service = try await ServiceProcess.start(command)
        var bound = suite
        for index in bound.scenarios.indices {
            guard var http = bound.scenarios[index].http else { continue }
            http.url = http.url(port: service.port)
            http.serviceProcessGroup = service.processID
            bound.scenarios[index].http = http
        }
        return (bound, service)
    }

    /// Runs every scenario of a suite and returns the result.
    ///
    /// A suite with a `start` command and `http` scenarios starts the service first (on a free
    /// loopback port, until it answers its `ready` path) and stops it when the run ends.
    public func run(_ suite: Suite) async throws(PerfGateError) -> RunResult {
        let (suite, service) = try await startingService(for: suite)
        defer { service?.stop() }
        let startedAt = Self.now()
        var rounds: [[RoundOutcome]] = Array(repeating: [], count: suite.scenarios.count)
        var calibrations: [Double] = []
        let total = Double((suite.warmupRounds + suite.rounds) * suite.scenarios.count)
        var done = 0.0
        for round in 0..<(suite.warmupRounds + suite.rounds) {
            calibrations.append(EnvironmentProbe.calibrate(for: calibrationDuration))
            let isWarmUp = round < suite.warmupRounds
            for (index, scenario) in suite.scenarios.enumerated() {
                let label =
                    isWarmUp
                    ? "warm-up \(round + 1)/\(suite.warmupRounds) \(scenario.name)"
                    : "round \(round - suite.warmupRounds + 1)/\(suite.rounds) \(scenario.name)"
                let outcome = try await runRound(
                    scenario,
                    suite: suite,
                    index: index,
                    round: round,
                    done: done,
                    total: total,
                    label: label
                )
                if !isWarmUp { rounds[index].append(outcome) }
                done += 1
            }
        }
        progress?(1, "done")
        return RunResult(
            suite: suite.name,
            tool: ToolInfo(version: toolVersion),
            startedAt: startedAt,
            environment: EnvironmentProbe.fingerprint(calibrationScore: MetricSeries.median(of: calibrations)),
            targets: suite.targets,
            scenarios: suite.scenarios.enumerated().map { index, scenario in
                Self.scenarioResult(scenario, suite: suite, index: index, rounds: rounds[index])
            }
        )
    }

    /// Runs `extraRounds` more rounds of the named scenarios and appends their values to `result`.
    public func runMore(
        _ names: Set<String>,
        extraRounds: Int,
        of suite: Suite,
        into result: RunResult
    ) async throws(PerfGateError) -> RunResult {
        guard extraRounds > 0, suite.scenarios.contains(where: { names.contains($0.name) }) else { return result }
        let (suite, service) = try await startingService(for: suite)
        defer { service?.stop() }
        var updated = result
        let chosen = suite.scenarios.enumerated().filter { names.contains($0.element.name) }
        let total = Double(chosen.count * extraRounds)
        var done = 0.0
        for extra in 0..<extraRounds {
            for (index, scenario) in chosen {
                let round = suite.warmupRounds + suite.rounds + extra
                let label = "extra round \(extra + 1)/\(extraRounds) \(scenario.name)"
                let outcome = try await runRound(
                    scenario,
                    suite: suite,
                    index: index,
                    round: round,
                    done: done,
                    total: total,
                    label: label
                )
                if let position = updated.scenarios.firstIndex(where: { $0.name == scenario.name }) {
                    updated.scenarios[position] = Self.appending(outcome, to: updated.scenarios[position])
                }
                done += 1
            }
        }
        progress?(1, "done")
        return updated
    }

    private func runRound(
        _ scenario: SuiteScenario,
        suite: Suite,
        index: Int,
        round: Int,
        done: Double,
        total: Double,
        label: String
    ) async throws(PerfGateError) -> RoundOutcome {
        let report = progress
        report?(done / total, label)
        return try await executor.run(
            scenario,
            durationSeconds: scenario.durationSeconds ?? suite.roundDurationSeconds,
            seed: Self.seed(suite: suite.seed, scenario: index, round: round)
        ) { fraction in
            report?((done + min(max(fraction, 0), 1)) / total, label)
        }
    }

    static func scenarioResult(
        _ scenario: SuiteScenario,
        suite: Suite,
        index: Int,
        rounds: [RoundOutcome]
    ) -> ScenarioResult {
        var metrics: [String: MetricSeries] = [:]
        let measured = Set(rounds.flatMap(\.metrics.keys))
        for metric in measured.sorted() {
            let values = rounds.compactMap { $0.metrics[metric] }
            if values.count == rounds.count { metrics[metric.rawValue] = MetricSeries(metric: metric, values: values) }
        }
        // One operation's metrics: kept where every round measured them (an operation the seeded
        // mix never drew in some round has no value there).
        for identifier in Set(rounds.flatMap(\.labeledMetrics.keys)).sorted() {
            let values = rounds.compactMap { $0.labeledMetrics[identifier] }
            guard values.count == rounds.count, let metric = MetricID(identifier: identifier) else { continue }
            metrics[identifier] = MetricSeries(unit: metric.unit, better: metric.polarity, values: values)
        }
        var merged = HistogramSnapshot()
        for round in rounds { merged.merge(round.latency) }
        let reasons = rounds.enumerated().flatMap { number, round in
            round.invalidReasons.map { "round \(number + 1): \($0)" }
        }
        return ScenarioResult(
            name: scenario.name,
            preset: scenario.preset,
            workload: WorkloadDescription(
                name: scenario.kind == .monitorOverhead ? "monitor-overhead(\(scenario.workload))" : scenario.workload,
                loop: loop(of: scenario),
                rate: scenario.rate,
                durationSeconds: scenario.durationSeconds ?? suite.roundDurationSeconds,
                connections: nil,
                seed: seed(suite: suite.seed, scenario: index, round: suite.warmupRounds)
            ),
            valid: reasons.isEmpty,
            invalidReasons: reasons,
            metrics: metrics,
            latencyHistogram: merged.isEmpty ? nil : StoredHistogram(merged),
            history: rounds.last.map(\.history).flatMap { $0.isEmpty ? nil : $0 },
            targets: scenario.targets.isEmpty ? nil : scenario.targets
        )
    }

    /// The result's `loop`: "closed" for a closed-loop workload (``WorkloadSpec/isClosedLoop``) and
    /// for a monitor-overhead scenario, "open" otherwise, including a name no workload has.
    static func loop(of scenario: SuiteScenario) -> String {
        let isClosedLoop = (try? WorkloadSpec.named(scenario.workload))?.isClosedLoop ?? false
        return scenario.kind == .monitorOverhead || isClosedLoop ? "closed" : "open"
    }

    static func appending(_ outcome: RoundOutcome, to scenario: ScenarioResult) -> ScenarioResult {
        var updated = scenario
        for (metric, value) in outcome.metrics {
            guard var series = updated.metrics[metric.rawValue] else { continue }
            series = MetricSeries(unit: series.unit, better: series.better, values: series.values + [value])
            updated.metrics[metric.rawValue] = series
        }
        for identifier in updated.metrics.keys where identifier.contains("{") {
            // An operation the extra round never drew leaves its series, which would lose its
            // alignment with the rounds, out.
            guard let value = outcome.labeledMetrics[identifier], let series = updated.metrics[identifier] else {
                updated.metrics[identifier] = nil
                continue
            }
            updated.metrics[identifier] = MetricSeries(
                unit: series.unit,
                better: series.better,
                values: series.values + [value]
            )
        }
        if !outcome.latency.isEmpty {
            let merged = (updated.latencyHistogram?.snapshot ?? HistogramSnapshot()).merging(outcome.latency)
            updated.latencyHistogram = StoredHistogram(merged)
        }
        if !outcome.invalidReasons.isEmpty {
            updated.valid = false
            updated.invalidReasons += outcome.invalidReasons.map { "extra round: \($0)" }
        }
        return updated
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
