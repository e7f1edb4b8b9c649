import PerfMonitor
import StreamService
import Workloads

/// Runs suite rounds against the simulated service: a workload scenario drives its workload
/// through a fresh service and monitor; a monitor-overhead scenario measures what the monitor
/// costs the service, in CPU time per completed request.
///
/// A monitor-overhead round runs the saturating closed-loop workload in four segments of half
/// the round's duration each, with a disabled (no-op) monitor (A) and the real one (B) in the
/// order ABBA or BAAB, chosen by the round's seed; the symmetric order cancels a drift that is
/// linear in time (warming caches, heap growth, clock frequency). Around each segment it reads
/// the process's CPU time (user + system, `getrusage`) and counts the completed requests, and
/// reports `monitor_overhead_percent = (cpuPerRequest(B) / cpuPerRequest(A) − 1) × 100`,
/// unclamped, where each side's CPU per request is its two segments' CPU time over their
/// requests (``monitorOverheadPercent(disabled:enabled:)``). Other processes taking the cores
/// inflate wall-clock throughput but hardly CPU time per request, since a preempted thread uses
/// no CPU time while it waits (shared caches still cost a little). The round's other metrics come from the enabled
/// segments: throughput is their mean, the latency percentiles come from their merged histogram,
/// and the rest (success rate, CPU percent, memory, …) from the last enabled segment.
/// `record_ns_per_op` is the fastest of 25 timed loops of ``RecordCost``, run in five bursts
/// before each segment and after the last, outside the CPU readings.
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
            return try await overheadRound(
                configuration: configuration,
                workload: try Self.workload(scenario, durationSeconds: durationSeconds / 2, seed: seed),
                faults: faults,
                seed: seed,
                progress: progress
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

    /// What one segment of a monitor-overhead round used: its CPU time and the requests it completed.
    struct SegmentCost: Sendable, Equatable {
        /// User plus system CPU time of the process during the segment, in seconds.
        var cpuSeconds: Double
        /// The requests the segment completed.
        var completedRequests: Int
    }

    /// The monitor's overhead in percent of the CPU time per request without it:
    /// `(cpuPerRequest(enabled) / cpuPerRequest(disabled) − 1) × 100`, where each side's CPU per
    /// request is the sum of its segments' CPU time over the sum of their completed requests.
    ///
    /// Not clamped: noise moves the ratio both ways, and clamping would bias it up.
    ///
    /// - Returns: The overhead, or nil when either side completed no request or the disabled side
    ///   used no CPU time (no finite ratio exists).
    static func monitorOverheadPercent(disabled: [SegmentCost], enabled: [SegmentCost]) -> Double? {
        func cpuPerRequest(_ segments: [SegmentCost]) -> Double? {
            let requests = segments.reduce(0) { $0 + $1.completedRequests }
            let cpu = segments.reduce(0.0) { $0 + $1.cpuSeconds }
            guard requests > 0, cpu.isFinite, cpu >= 0 else { return nil }
            return cpu / Double(requests)
        }
        guard let without = cpuPerRequest(disabled), let with = cpuPerRequest(enabled), without > 0 else {
            return nil
        }
        return (with / without - 1) * 100
    }

    private func overheadRound(
        configuration: OptimizationConfig,
        workload: WorkloadSpec,
        faults: FaultInjection,
        seed: UInt64,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws(PerfGateError) -> RoundOutcome {
        // true = the real monitor (B); ABBA or BAAB by seed.
        let order = seed % 2 == 0 ? [false, true, true, false] : [true, false, false, true]
        var costs: [Bool: [SegmentCost]] = [:]
        var enabledOutcomes: [DriveOutcome] = []
        var reasons: [String] = []
        // `record_ns_per_op` in five bursts of five loops, before each segment and after the last,
        // outside the CPU readings: spread over the round, some loops escape a slow spell.
        var recordCost = RecordCost()
        for (step, enabled) in order.enumerated() {
            recordCost.sample(loops: 5)
            let cpuBefore = ProcessResources.cpuSeconds()
            let outcome = try await ServiceDrive.run(
                configuration: configuration,
                workload: workload,
                faults: faults,
                monitorEnabled: enabled
            ) { fraction in
                progress((Double(step) + fraction) / Double(order.count))
            }
            let cpu = ProcessResources.cpuSeconds() - cpuBefore
            costs[enabled, default: []].append(
                SegmentCost(cpuSeconds: cpu, completedRequests: outcome.report.completed)
            )
            reasons += Self.reasons(outcome.report.validity).map {
                "segment \(step + 1) " + (enabled ? "(monitor enabled): " : "(monitor disabled): ") + $0
            }
            if enabled { enabledOutcomes.append(outcome) }
        }
        var metrics = enabledOutcomes.last?.metrics ?? [:]
        var latency = HistogramSnapshot()
        for outcome in enabledOutcomes { latency.merge(outcome.latency) }
        let throughputs = enabledOutcomes.compactMap { $0.metrics[.throughputRPS] }
        if !throughputs.isEmpty { metrics[.throughputRPS] = throughputs.reduce(0, +) / Double(throughputs.count) }
        if !latency.isEmpty {
            metrics[.latencyP50Ms] = latency.percentileMilliseconds(0.50)
            metrics[.latencyP95Ms] = latency.percentileMilliseconds(0.95)
            metrics[.latencyP99Ms] = latency.percentileMilliseconds(0.99)
            metrics[.latencyMaxMs] = Double(latency.maxNanoseconds) / 1e6
        }
        if let overhead = Self.monitorOverheadPercent(disabled: costs[false] ?? [], enabled: costs[true] ?? []) {
            metrics[.monitorOverheadPercent] = overhead
        } else {
            // A value is still recorded so every round has the same metrics; the reason marks it.
            metrics[.monitorOverheadPercent] = 0
            reasons.append("no CPU time per request to compare: a segment completed no request")
        }
        recordCost.sample(loops: 5)
        metrics[.recordNsPerOp] = recordCost.fastestNanoseconds
        return RoundOutcome(
            metrics: metrics,
            latency: latency,
            history: Self.chartPoints(enabledOutcomes.last?.history ?? []),
            invalidReasons: reasons
        )
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
