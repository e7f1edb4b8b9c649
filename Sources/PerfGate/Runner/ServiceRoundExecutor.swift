import PerfMonitor
import StreamService
import Workloads

/// Runs suite rounds against the simulated service: a workload scenario drives its workload
/// through a fresh service and monitor; a monitor-overhead scenario runs the same saturating
/// workload twice in one round, once with a disabled (no-op) monitor and once with the real one,
/// in an order that alternates with the round, and reports the difference in throughput.
public struct ServiceRoundExecutor: RoundExecutor {
    /// Extra CPU per message injected into every scenario, in percent (for checking the gate's power).
    public var extraSlowdownPercent: Double

    /// Creates an executor.
    public init(extraSlowdownPercent: Double = 0) {
        self.extraSlowdownPercent = extraSlowdownPercent
    }

    public func run(
        _ scenario: SuiteScenario,
        durationSeconds: Double,
        seed: UInt64,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws(PerfGateError) -> RoundOutcome {
        let configuration = try Self.configuration(scenario)
        let workload = try Self.workload(scenario, durationSeconds: durationSeconds, seed: seed)
        let faults = FaultInjection(slowdownPercent: scenario.slowdownPercent + extraSlowdownPercent)
        switch scenario.kind {
        case .workload:
            let outcome = try await ServiceDrive.run(
                configuration: configuration,
                workload: workload,
                faults: faults,
                progress: progress
            )
            return RoundOutcome(
                metrics: outcome.metrics,
                latency: outcome.latency,
                history: Self.chartPoints(outcome.history),
                invalidReasons: Self.reasons(outcome.report.validity)
            )
        case .monitorOverhead:
            let realFirst = seed % 2 == 0
            var throughput: [Bool: Double] = [:]
            var realOutcome: DriveOutcome?
            var reasons: [String] = []
            let order = realFirst ? [true, false] : [false, true]
            for step in 0..<2 {
                let enabled = order[step]
                let outcome = try await ServiceDrive.run(
                    configuration: configuration,
                    workload: workload,
                    faults: faults,
                    monitorEnabled: enabled
                ) { fraction in
                    progress((Double(step) + fraction) / 2)
                }
                throughput[enabled] = outcome.metrics[.throughputRPS] ?? 0
                reasons += Self.reasons(outcome.report.validity).map {
                    (enabled ? "with the monitor: " : "without: ") + $0
                }
                if enabled { realOutcome = outcome }
            }
            let without = throughput[false] ?? 0
            let with = throughput[true] ?? 0
            var metrics = realOutcome?.metrics ?? [:]
            // Not clamped: noise moves a paired difference both ways, and clamping would bias it up.
            metrics[.monitorOverheadPercent] = without > 0 ? (without - with) / without * 100 : 0
            metrics[.recordNsPerOp] = RecordCost.measure()
            return RoundOutcome(
                metrics: metrics,
                latency: realOutcome?.latency ?? HistogramSnapshot(),
                history: Self.chartPoints(realOutcome?.history ?? []),
                invalidReasons: reasons
            )
        }
    }

    /// Checks that every scenario names a known preset and workload, before any load runs.
    ///
    /// - Throws: `suite.preset` or `suite.workload`, naming the scenario and the valid names.
    public static func validate(_ suite: Suite) throws(PerfGateError) {
        for scenario in suite.scenarios {
            _ = try configuration(scenario)
            _ = try workload(
                scenario,
                durationSeconds: scenario.durationSeconds ?? suite.roundDurationSeconds,
                seed: suite.seed
            )
        }
    }

    static func configuration(_ scenario: SuiteScenario) throws(PerfGateError) -> OptimizationConfig {
        do {
            return try OptimizationConfig.preset(named: scenario.preset)
        } catch {
            throw PerfGateError(code: "suite.preset", message: "Scenario '\(scenario.name)': \(error.message)")
        }
    }

    static func workload(
        _ scenario: SuiteScenario,
        durationSeconds: Double,
        seed: UInt64
    ) throws(PerfGateError) -> WorkloadSpec {
        let name = scenario.kind == .monitorOverhead ? "saturation" : scenario.workload
        do {
            return try WorkloadSpec.named(name).overriding(
                rate: scenario.kind == .monitorOverhead ? nil : scenario.rate,
                duration: .milliseconds(Int64((durationSeconds * 1000).rounded())),
                seed: seed
            )
        } catch {
            throw PerfGateError(code: "suite.workload", message: "Scenario '\(scenario.name)': \(error.message)")
        }
    }

    static func reasons(_ validity: RunValidity) -> [String] {
        if case .invalid(let reasons) = validity { return reasons }
        return []
    }

    static func chartPoints(_ history: [HistoryPoint]) -> [StoredHistoryPoint] {
        guard let first = history.first else { return [] }
        let origin = first.at.monotonic
        return history.map { point in
            StoredHistoryPoint(
                t: ((point.at.monotonic - origin).seconds * 1000).rounded() / 1000,
                rps: point.requestsPerSecond.rounded(),
                p95Ms: (point.p95LatencyMs * 1000).rounded() / 1000
            )
        }
    }
}

/// The cost of `StreamPerformanceMonitor.recordRequest`, measured in the running binary.
enum RecordCost {
    /// Nanoseconds per call over 2 million calls on one thread (the median of three tries).
    static func measure() -> Double {
        let monitor = StreamPerformanceMonitor()
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<3 {
            let start = clock.now
            for index in 0..<2_000_000 {
                monitor.recordRequest(latency: .microseconds(Int64(100 + index & 4095)), succeeded: true)
            }
            samples.append((clock.now - start).seconds * 1e9 / 2_000_000)
        }
        return MetricSeries.median(of: samples)
    }
}
