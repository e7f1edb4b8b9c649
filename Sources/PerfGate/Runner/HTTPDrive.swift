import Foundation
import PerfHTTP
package import PerfMonitor
import PerfSupport
import Synchronization
package import Workloads

/// Drives a workload over HTTP against a user's service, records every request in a fresh monitor
/// under its operation, and turns what they saw into metrics: the totals of DESIGN.md and, for a
/// scenario with named operations, each operation's (`latency_p95_ms{operation=report}`).
///
/// Latency runs from each request's intended start, so time spent waiting for a connection or
/// behind a stalled server counts (no coordinated omission); an arrival that finds `maxInFlight`
/// requests in flight is not sent and fails as `dropped`. When the suite started the service, its
/// process group's memory and CPU are sampled every 100 ms of the round (`peak_rss_mb`,
/// `cpu_percent`), and a round in which the service exited is invalid.
package enum HTTPDrive {
    /// What one run measured.
    package struct Outcome: Sendable {
        /// The workload as driven.
        package var workload: WorkloadSpec
        /// The driver's report (for a capacity search, the probe at capacity).
        package var report: DriverReport
        /// The monitor's summary, per-operation figures included.
        package var summary: PerformanceSummary
        /// The monitor's history points.
        package var history: [HistoryPoint]
        /// The metrics of DESIGN.md the run measured, by identifier (labels included).
        package var metrics: [String: Double]
        /// The latency of every request, from intended start.
        package var latency: HistogramSnapshot
        /// Why the run is invalid beyond the driver's own verdict (the service exited).
        package var invalidReasons: [String]
        /// The capacity search, for the capacity workload.
        package var capacity: CapacitySearchResult?
    }

    /// Drives `workload` against the service at `url`.
    ///
    /// - Parameters:
    ///   - settings: The scenario's HTTP settings (operations, caps, timeout).
    ///   - url: The origin with its port filled in.
    ///   - workload: The workload, overrides applied; its operation mix is set from `settings`.
    ///   - progress: Called with the fraction done.
    /// - Throws: `runHTTPTarget` when the URL cannot be used or the client cannot start.
    package static func run(
        settings: HTTPScenarioSettings,
        url: String,
        workload: WorkloadSpec,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws(PerfGateError) -> Outcome {
        var workload = workload
        let names = settings.operations.compactMap(\.name)
        if !names.isEmpty {
            workload.operations = OperationMix(
                entries: settings.operations.map { OperationMix.Entry(name: $0.name ?? "", weight: $0.weight) }
            )
        }
        var configuration = HTTPClientConfiguration()
        configuration.maxConnections = settings.connections
        configuration.maxInFlight = settings.maxInFlight
        configuration.requestTimeout = .milliseconds(Int64((settings.timeoutSeconds * 1000).rounded()))
        configuration.readTimeout = min(configuration.readTimeout, configuration.requestTimeout)
        let client: HTTPClient
        do {
            client = try HTTPClient(url: url, configuration: configuration)
        } catch {
            throw PerfGateError(code: .runHTTPTarget, message: error.message)
        }
        defer { client.shutdown() }
        switch workload.load {
        case .openLoop, .closedLoop:
            return try await once(settings, client, workload, names: names, progress: progress)
        case .capacitySearch(let search, let probeDuration):
            var (outcome, result) = try await CapacityProbes.run(
                search,
                probeDuration: probeDuration,
                workload: workload,
                progress: progress,
                report: \.report
            ) { (probe, probeProgress) async throws(PerfGateError) in
                try await once(settings, client, probe, names: names, progress: probeProgress)
            }
            outcome.workload = workload
            outcome.capacity = result
            outcome.metrics[MetricID.throughputRPS.rawValue] = result.capacity ?? 0
            return outcome
        }
    }

    private static func once(
        _ settings: HTTPScenarioSettings,
        _ client: HTTPClient,
        _ workload: WorkloadSpec,
        names: [String],
        progress: (@Sendable (Double) -> Void)?
    ) async throws(PerfGateError) -> Outcome {
        var monitoring = MonitoringConfiguration()
        monitoring.operations = names
        monitoring.collectionInterval = workload.duration <= .seconds(10) ? .milliseconds(250) : .seconds(1)
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        let target = HTTPLoadTarget(
            client: client,
            operations: settings.operations.map {
                HTTPLoadTarget.Operation(name: $0.name ?? "request", template: $0.template)
            },
            monitor: monitor
        )
        let sampler = settings.serviceProcessGroup.map { ServiceSampler(group: $0) }
        let before = sampler?.start()
        monitor.start()
        let hostBefore = HostCPUTimes.read()
        let wallBefore = ContinuousClock.now
        let result: WorkloadResult
        do {
            result = try await workload.run(against: target, progress: progress)
        } catch {
            monitor.stop()
            sampler?.stop()
            throw PerfGateError(code: .runWorkload, message: error.message)
        }
        monitor.tick()
        monitor.stop()
        let wall = (ContinuousClock.now - wallBefore).seconds
        let usage = sampler?.stop()
        let report = result.report
        let latency = monitor.latencySnapshot()
        let seconds = max(workload.duration.seconds, 1e-9)
        var metrics: [String: Double] = [
            MetricID.throughputRPS.rawValue: Double(report.completed) / seconds,
            MetricID.successRate.rawValue: report.successRate,
            MetricID.errorRate.rawValue: report.errorRate,
        ]
        for (metric, value) in latency.latencyMetrics { metrics[metric.rawValue] = value }
        if report.mode == .openLoop {
            metrics[MetricID.scheduleLagP99Ms.rawValue] = report.scheduleLag.percentileMilliseconds(0.99)
        }
        if let hostBefore, let steal = HostCPUTimes.read()?.stealPercent(since: hostBefore) {
            metrics[MetricID.cpuStealPercent.rawValue] = steal
        }
        var invalidReasons: [String] = []
        if let sampler, let before, let usage {
            if let peak = usage.peakResidentBytes { metrics[MetricID.peakRSSMB.rawValue] = Double(peak) / 1_048_576 }
            if let cpu = usage.cpuSeconds, wall > 0 {
                metrics[MetricID.cpuPercent.rawValue] = max(0, cpu - before) / wall * 100
            }
            if !sampler.wasAliveThroughout {
                invalidReasons.append("the service under test exited during the round")
            }
        }
        for counts in report.operations {
            guard let operation = monitor.operation(named: counts.name) else { continue }
            let id = { (metric: MetricID) in metric.identifier(operation: counts.name) }
            metrics[id(.throughputRPS)] = Double(counts.completed) / seconds
            let succeeded = counts.completed > 0 ? Double(counts.succeeded) / Double(counts.completed) : 0
            metrics[id(.successRate)] = succeeded
            metrics[id(.errorRate)] = counts.completed > 0 ? 1 - succeeded : 0
            if let snapshot = monitor.latencySnapshot(of: operation), !snapshot.isEmpty {
                for (metric, value) in snapshot.latencyMetrics { metrics[id(metric)] = value }
            }
        }
        return Outcome(
            workload: workload,
            report: report,
            summary: monitor.summary(),
            history: monitor.historyPoints(),
            metrics: metrics,
            latency: latency,
            invalidReasons: invalidReasons,
            capacity: nil
        )
    }
}

/// Samples a service's process group every 100 ms on its own thread while a round runs: the
/// peak resident memory, the CPU time at the end, and whether the group stayed alive.
final class ServiceSampler: Sendable {
    /// What the sampler saw over the round.
    struct Usage: Sendable {
        /// The largest resident memory of the group, in bytes, or nil when never read.
        var peakResidentBytes: UInt64?
        /// The group's CPU time at the end, in seconds, or nil when it was gone.
        var cpuSeconds: Double?
    }

    private let group: Int32
    private let state = Mutex<(peak: UInt64?, alive: Bool, stopped: Bool)>((nil, true, false))
    private let thread = Mutex<DedicatedThread?>(nil)

    init(group: Int32) { self.group = group }

    /// Whether every sample found the group alive.
    var wasAliveThroughout: Bool { state.withLock { $0.alive } }

    /// Takes the first sample and starts sampling; returns the group's CPU time now.
    func start() -> Double? {
        let first = ServiceProcess.resourceSample(ofGroup: group)
        state.withLock { state in
            state.peak = first?.residentBytes
            state.alive = first != nil
        }
        // Without a thread (the system refused one) the round still gets its first and last samples.
        let handle = try? DedicatedThread.start(name: "service sampler") { [self] in
            while !state.withLock({ $0.stopped }) {
                usleep(100_000)
                let sample = ServiceProcess.resourceSample(ofGroup: group)
                state.withLock { state in
                    if let sample {
                        state.peak = max(state.peak ?? 0, sample.residentBytes)
                    } else {
                        state.alive = false
                    }
                }
            }
        }
        thread.withLock { $0 = handle }
        return first?.cpuSeconds
    }

    /// Stops sampling and takes the last sample.
    @discardableResult
    func stop() -> Usage {
        state.withLock { $0.stopped = true }
        thread.withLock { handle in
            handle?.join()
            handle = nil
        }
        let last = ServiceProcess.resourceSample(ofGroup: group)
        return state.withLock { state in
            if let last {
                state.peak = max(state.peak ?? 0, last.residentBytes)
            } else {
                state.alive = false
            }
            return Usage(peakResidentBytes: state.peak, cpuSeconds: last?.cpuSeconds)
        }
    }
}
