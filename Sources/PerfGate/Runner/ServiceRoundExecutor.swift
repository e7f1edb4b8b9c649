import Foundation
import PerfMonitor
import StreamService
import Workloads

/// Runs suite rounds against the simulated service: a workload scenario drives its workload
/// through a fresh service and monitor; a monitor-overhead scenario measures what the monitor
/// costs the service, in CPU time per completed request.
///
/// A monitor-overhead round runs the scenario's workload (for the quick suite, 3000 req/s open
/// loop) in ``overheadSegments`` short segments, each through a fresh service and monitor, half of
/// them with a disabled (no-op) monitor (A) and half with the real one (B), in Thue–Morse order
/// (ABBA BAAB BAAB ABBA BAAB ABBA ABBA BAAB, or its mirror, chosen by the round's seed): every
/// adjacent pair holds one of each, and the order cancels drifts that are linear or quadratic in
/// time. Around each segment
/// it reads the process's CPU time (user + system, `getrusage`) and counts the completed requests.
/// The round's `monitor_overhead_percent` is `(exp(median of the pairs' log ratios) − 1) × 100`,
/// where a pair's log ratio is `ln(cpuPerRequest(B) / cpuPerRequest(A))`
/// (``monitorOverheadPercent(pairs:)``), unclamped.
///
/// Why this design (each measured on a 12-round overhead suite, the figure being the per-round
/// standard deviation): on a shared virtual machine the CPU's speed wanders by 1–3% from one
/// 100 ms to the next, with spells 10% slower lasting up to 0.4 s (measured with a fixed
/// single-threaded loop), and every segment's CPU time per request carries that. Short pairs sit
/// inside one spell more often, and the median discards the pairs a spell split. A saturating
/// workload keeps both cores busy, so its CPU time is just its wall time and adds the scheduling
/// of 32 oversubscribed connection threads: four 0.5 s saturated segments gave 2.1–3.3 points,
/// sixteen 0.125 s saturated ones 1.0–1.6. An open-loop rate below saturation does a fixed set of
/// requests per segment (same seed, same arrivals) and its CPU time is the work done: sixteen
/// 0.125 s segments at 3000 req/s gave 0.8–0.9. Each segment starts a fresh service, so all start
/// equally cold; the figure includes the monitor's own start and stop, which makes it slightly
/// pessimistic.
///
/// Thirty-two segments rather than sixteen: on a 40-round overhead-only suite the per-round
/// standard deviation was 0.94 points with sixteen 0.125 s segments, 0.63 with thirty-two
/// 0.0625 s ones (each pair is noisier, 3.7 points against 3.3, but the median of sixteen pairs
/// beats the median of eight), and 0.62 with sixty-four, whose 31 ms segments let the driver fall
/// behind its schedule. Each extra segment costs about 16 ms of start and drain.
///
/// The round's other metrics come from the enabled segments: throughput is their mean, the
/// latency percentiles come from their merged histogram, and the rest (success rate, CPU percent,
/// memory, …) from the last enabled segment. `record_ns_per_op` is the fastest of 25 timed loops
/// of ``RecordCost``: one before each of three segments in four and one after the last, outside
/// the CPU readings. The round is invalid when its open-loop segments' arrivals, taken together,
/// miss the schedule limits (``segmentReasons(_:limits:)``).
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
        let workload = try Self.workload(scenario, durationSeconds: durationSeconds, seed: seed)
        if scenario.kind == .http, let settings = scenario.http {
            let outcome = try await HTTPDrive.run(
                settings: settings,
                url: settings.url,
                workload: workload,
                progress: progress
            )
            return RoundOutcome(
                metrics: outcome.metrics,
                latency: outcome.latency,
                history: Self.chartPoints(outcome.history),
                invalidReasons: Self.reasons(outcome.report.validity) + outcome.invalidReasons
            )
        }
        let configuration = try Self.configuration(scenario)
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
                workload: try Self.workload(
                    scenario,
                    durationSeconds: durationSeconds * 2 / Double(Self.overheadSegments),
                    seed: seed
                ),
                faults: faults,
                seed: seed,
                progress: progress
            )
        case .http:
            throw PerfGateError(
                code: .suiteMalformed,
                message: "Scenario '\(scenario.name)' is of kind 'http' but has no URL; give it a 'url'."
            )
        }
    }

    /// Checks that every scenario names a known preset and workload, before any load runs.
    ///
    /// - Throws: `suitePreset` or `suiteWorkload`, naming the scenario and the valid names.
    public static func validate(_ suite: Suite) throws(PerfGateError) {
        for scenario in suite.scenarios {
            if scenario.kind != .http { _ = try configuration(scenario) }
            let spec = try workload(
                scenario,
                durationSeconds: scenario.durationSeconds ?? suite.roundDurationSeconds,
                seed: suite.seed
            )
            if scenario.kind == .monitorOverhead, case .capacitySearch = spec.load {
                throw PerfGateError(
                    code: .suiteWorkload,
                    message: "Scenario '\(scenario.name)': a monitor-overhead scenario needs an open- or closed-loop "
                        + "workload (for example \"steady\" with a \"rate\"), not the capacity search '\(spec.name)'."
                )
            }
        }
    }

    /// What one segment of a monitor-overhead round used: its CPU time and the requests it completed.
    struct SegmentCost: Sendable, Equatable {
        /// User plus system CPU time of the process during the segment, in seconds.
        var cpuSeconds: Double
        /// The requests the segment completed.
        var completedRequests: Int
    }

    /// The segments of a monitor-overhead round: a power of two, so that its Thue–Morse order is
    /// balanced and every adjacent pair holds one enabled and one disabled segment.
    static let overheadSegments = 32

    /// Whether segment `index` of a monitor-overhead round runs the real monitor: the Thue–Morse
    /// sequence (the parity of the index's one bits), mirrored for odd seeds.
    static func segmentRunsMonitor(_ index: Int, seed: UInt64) -> Bool {
        (index.nonzeroBitCount % 2 == 1) != (seed % 2 == 1)
    }

    /// The monitor's overhead in percent of the CPU time per request without it:
    /// `(exp(median of ln(cpuPerRequest(enabled) / cpuPerRequest(disabled))) − 1) × 100` over the
    /// pairs, where a segment's CPU per request is its CPU time over its completed requests. The
    /// median of an even count is the mean of the middle two.
    ///
    /// Not clamped: noise moves the ratio both ways, and clamping would bias it up.
    ///
    /// - Returns: The overhead, or nil when no pair has a finite ratio (a segment that completed no
    ///   request or used no CPU time has none, and its pair is skipped).
    static func monitorOverheadPercent(pairs: [(disabled: SegmentCost, enabled: SegmentCost)]) -> Double? {
        func cpuPerRequest(_ segment: SegmentCost) -> Double? {
            guard segment.completedRequests > 0, segment.cpuSeconds.isFinite, segment.cpuSeconds > 0 else {
                return nil
            }
            return segment.cpuSeconds / Double(segment.completedRequests)
        }
        let logRatios = pairs.compactMap { pair -> Double? in
            guard let without = cpuPerRequest(pair.disabled), let with = cpuPerRequest(pair.enabled) else { return nil }
            return log(with / without)
        }
        guard !logRatios.isEmpty else { return nil }
        return (exp(MetricSeries.median(of: logRatios)) - 1) * 100
    }

    private func overheadRound(
        configuration: OptimizationConfig,
        workload: WorkloadSpec,
        faults: FaultInjection,
        seed: UInt64,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws(PerfGateError) -> RoundOutcome {
        let order = (0..<Self.overheadSegments).map { Self.segmentRunsMonitor($0, seed: seed) }
        var segments: [SegmentCost] = []
        var enabledOutcomes: [DriveOutcome] = []
        var reasons: [String] = []
        var reports: [(enabled: Bool, report: DriverReport)] = []
        // `record_ns_per_op`: one loop before each of three segments in four and one after the last
        // (25 in all), outside the CPU readings: spread over the round, some loops escape a slow
        // spell.
        var recordCost = RecordCost()
        for (step, enabled) in order.enumerated() {
            if step % 4 != 3 { recordCost.sample(loops: 1) }
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
            segments.append(SegmentCost(cpuSeconds: cpu, completedRequests: outcome.report.completed))
            reports.append((enabled, outcome.report))
            if enabled { enabledOutcomes.append(outcome) }
        }
        reasons += Self.segmentReasons(reports, limits: workload.limits)
        let pairs = stride(from: 0, to: segments.count - 1, by: 2).map {
            (index: Int) -> (disabled: SegmentCost, enabled: SegmentCost) in
            let first = segments[index]
            let second = segments[index + 1]
            return order[index] ? (disabled: second, enabled: first) : (disabled: first, enabled: second)
        }
        var metrics = enabledOutcomes.last?.metrics ?? [:]
        var latency = HistogramSnapshot()
        for outcome in enabledOutcomes { latency.merge(outcome.latency) }
        let throughputs = enabledOutcomes.compactMap { $0.metrics[.throughputRPS] }
        if !throughputs.isEmpty { metrics[.throughputRPS] = throughputs.reduce(0, +) / Double(throughputs.count) }
        if !latency.isEmpty {
            for (metric, value) in latency.latencyMetrics { metrics[metric] = value }
        }
        if let overhead = Self.monitorOverheadPercent(pairs: pairs) {
            metrics[.monitorOverheadPercent] = overhead
        } else {
            // A value is still recorded so every round has the same metrics; the reason marks it.
            metrics[.monitorOverheadPercent] = 0
            reasons.append("no CPU time per request to compare: no pair of segments completed requests on both sides")
        }
        recordCost.sample(loops: 1)
        metrics[.recordNsPerOp] = recordCost.fastestNanoseconds
        return RoundOutcome(
            metrics: metrics,
            latency: latency,
            history: Self.chartPoints(enabledOutcomes.last?.history ?? []),
            invalidReasons: reasons
        )
    }

    /// Why a monitor-overhead round's segments leave it invalid, one sentence each.
    ///
    /// Open-loop segments are judged together, as one workload round is: the limits apply to all
    /// their arrivals at once (P99 schedule lag, fraction sent). A single 14 ms stall is the P99
    /// of one 187-request segment, but not of a round's 6000 arrivals. A closed-loop segment's own
    /// reasons are kept, named by its segment.
    static func segmentReasons(_ reports: [(enabled: Bool, report: DriverReport)], limits: ScheduleLimits) -> [String] {
        var reasons: [String] = []
        var offered = 0
        var sent = 0
        var lag = HistogramSnapshot()
        for (index, segment) in reports.enumerated() {
            if segment.report.mode == .openLoop {
                offered += segment.report.offered
                sent += segment.report.sent
                lag.merge(segment.report.scheduleLag)
            } else {
                reasons += Self.reasons(segment.report.validity).map {
                    "segment \(index + 1) " + (segment.enabled ? "(monitor enabled): " : "(monitor disabled): ") + $0
                }
            }
        }
        if offered > 0 { reasons += Self.reasons(limits.validity(offered: offered, sent: sent, lag: lag)) }
        return reasons
    }

    static func configuration(_ scenario: SuiteScenario) throws(PerfGateError) -> OptimizationConfig {
        do {
            return try OptimizationConfig.preset(named: scenario.preset)
        } catch {
            throw PerfGateError(code: .suitePreset, message: "Scenario '\(scenario.name)': \(error.message)")
        }
    }

    static func workload(
        _ scenario: SuiteScenario,
        durationSeconds: Double,
        seed: UInt64
    ) throws(PerfGateError) -> WorkloadSpec {
        do {
            return try WorkloadSpec.named(scenario.workload).overriding(
                rate: scenario.rate,
                duration: .milliseconds(Int64((durationSeconds * 1000).rounded())),
                seed: seed
            )
        } catch {
            throw PerfGateError(code: .suiteWorkload, message: "Scenario '\(scenario.name)': \(error.message)")
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
