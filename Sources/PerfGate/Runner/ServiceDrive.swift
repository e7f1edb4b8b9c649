import Foundation
package import PerfMonitor
package import StreamService
package import Workloads

/// What driving one workload through the service measured.
package struct DriveOutcome: Sendable {
    /// The workload as driven (overrides applied).
    package var workload: WorkloadSpec
    /// The driver's report (for a capacity search, the probe at capacity, else the last probe).
    package var report: DriverReport
    /// The monitor's summary of the same run.
    package var summary: PerformanceSummary
    /// The monitor's history points of the run.
    package var history: [HistoryPoint]
    /// The service's own counters.
    package var statistics: ServiceStatistics
    /// Every metric of DESIGN.md that the run measured.
    package var metrics: [MetricID: Double]
    /// The capacity search, for the capacity workload.
    package var capacity: CapacitySearchResult?
    /// The monitor's latency histogram (from intended start).
    package var latency: HistogramSnapshot
}

/// Drives workloads through a fresh service and monitor, and turns what they saw into metrics.
package enum ServiceDrive {
    /// Drives one workload through a new service under a configuration.
    ///
    /// A capacity search builds a new service and monitor for every probe, so an overloaded
    /// probe's backlog never spills into the next.
    ///
    /// - Parameters:
    ///   - configuration: The service's configuration (a preset).
    ///   - workload: The workload, overrides applied.
    ///   - faults: Faults to inject into the service.
    ///   - monitorEnabled: Whether the monitor records (false: the no-op baseline for overhead).
    ///   - progress: Called with the fraction done.
    package static func run(
        configuration: OptimizationConfig,
        workload: WorkloadSpec,
        faults: FaultInjection = .none,
        monitorEnabled: Bool = true,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws(PerfGateError) -> DriveOutcome {
        switch workload.load {
        case .openLoop, .closedLoop:
            return try await once(
                configuration,
                workload,
                faults: faults,
                monitorEnabled: monitorEnabled,
                progress: progress
            )
        case .capacitySearch(let search, let probeDuration):
            var (outcome, result) = try await CapacityProbes.run(
                search,
                probeDuration: probeDuration,
                workload: workload,
                progress: progress,
                report: \.report
            ) { (probe, probeProgress) async throws(PerfGateError) in
                try await once(
                    configuration,
                    probe,
                    faults: faults,
                    monitorEnabled: monitorEnabled,
                    progress: probeProgress
                )
            }
            outcome.workload = workload
            outcome.capacity = result
            outcome.metrics[.throughputRPS] = result.capacity ?? 0
            return outcome
        }
    }

    private static func once(
        _ configuration: OptimizationConfig,
        _ workload: WorkloadSpec,
        faults: FaultInjection,
        monitorEnabled: Bool,
        progress: (@Sendable (Double) -> Void)?
    ) async throws(PerfGateError) -> DriveOutcome {
        var monitoring = MonitoringConfiguration()
        monitoring.isEnabled = monitorEnabled
        monitoring.collectionInterval = workload.duration <= .seconds(10) ? .milliseconds(250) : .seconds(1)
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        let service = StreamingService(
            configuration: configuration,
            monitor: monitor,
            faults: faults,
            seed: workload.seed
        )
        ProcessResources.resetPeakResident()
        let cpuBefore = ProcessResources.cpuSeconds()
        let hostBefore = HostCPUTimes.read()
        let wallBefore = ContinuousClock.now
        monitor.start()
        service.start()
        let result: WorkloadResult
        do {
            result = try await workload.run(against: ServiceLoadTarget(service: service), progress: progress)
        } catch {
            service.shutdown(drainTimeout: .seconds(2))
            monitor.stop()
            throw PerfGateError(code: .runWorkload, message: error.message)
        }
        service.shutdown(drainTimeout: .seconds(5))
        monitor.tick()
        monitor.stop()
        let wall = (ContinuousClock.now - wallBefore).seconds
        let cpu = ProcessResources.cpuSeconds() - cpuBefore
        let summary = monitor.summary()
        let latency = monitor.latencySnapshot()
        let statistics = service.statistics
        let report = result.report
        var metrics: [MetricID: Double] = [
            .throughputRPS: Double(report.completed) / max(workload.duration.seconds, 1e-9),
            .successRate: report.successRate,
            .errorRate: report.errorRate,
            .cacheHitRatio: summary.cacheEfficiency,
            .backpressureEvents: Double(statistics.backpressureEvents),
            .cpuPercent: wall > 0 ? cpu / wall * 100 : 0,
            .workerUtilization: summary.workerUtilization,
        ]
        let source = monitorEnabled ? latency : report.latency
        for (metric, value) in source.latencyMetrics { metrics[metric] = value }
        if report.mode == .openLoop { metrics[.scheduleLagP99Ms] = report.scheduleLag.percentileMilliseconds(0.99) }
        if let peak = ProcessResources.peakResidentBytes() { metrics[.peakRSSMB] = Double(peak) / 1_048_576 }
        if let hostBefore, let steal = HostCPUTimes.read()?.stealPercent(since: hostBefore) {
            metrics[.cpuStealPercent] = steal
        }
        return DriveOutcome(
            workload: workload,
            report: report,
            summary: summary,
            history: monitor.historyPoints(),
            statistics: statistics,
            metrics: metrics,
            capacity: nil,
            latency: source
        )
    }
}

/// A capacity search whose probes each run through a fresh target: every probe an open-loop run
/// at the search's rate, the outcome of the probe at capacity (else the last) kept.
enum CapacityProbes {
    /// Runs the search.
    ///
    /// - Parameters:
    ///   - search: The search.
    ///   - probeDuration: How long each probe runs.
    ///   - workload: The workload, whose load each probe replaces.
    ///   - progress: Called with the fraction done, over the search's probe budget.
    ///   - report: The driver's report of a probe's outcome, which the search judges.
    ///   - probe: Runs one probe and reports its progress.
    /// - Returns: The chosen probe's outcome, and the search's result.
    /// - Throws: `runCapacity` when the search ran no probe, or what a probe throws.
    static func run<Outcome: Sendable>(
        _ search: CapacitySearch,
        probeDuration: Duration,
        workload: WorkloadSpec,
        progress: (@Sendable (Double) -> Void)?,
        report: (Outcome) -> DriverReport,
        probe: (WorkloadSpec, @escaping @Sendable (Double) -> Void) async throws(PerfGateError) -> Outcome
    ) async throws(PerfGateError) -> (Outcome, CapacitySearchResult) {
        let budget = Double(max(1, search.maxProbes))
        var probesRun = 0.0
        var outcomes: [Double: Outcome] = [:]
        let result = try await search.run { (rate: Double) async throws(PerfGateError) -> DriverReport in
            var spec = workload
            spec.load = .openLoop(.constant(rate: rate, duration: probeDuration))
            let done = probesRun
            let outcome = try await probe(spec) { fraction in progress?(min(1, (done + fraction) / budget)) }
            probesRun += 1
            outcomes[rate] = outcome
            return report(outcome)
        }
        let chosenRate = result.probeAtCapacity?.rate ?? result.probes.last?.rate ?? 0
        guard let outcome = outcomes[chosenRate] else {
            throw PerfGateError(
                code: .runCapacity,
                message: "The capacity search ran no probe; check the workload's settings."
            )
        }
        progress?(1)
        return (outcome, result)
    }
}

/// Process-wide resource readings for one round.
enum ProcessResources {
    /// Resets the kernel's peak RSS (VmHWM) to the current RSS, so the next reading is this
    /// round's peak; does nothing where `/proc/self/clear_refs` is not writable.
    static func resetPeakResident() {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = "5".withCString { write(descriptor, $0, 1) }
        close(descriptor)
    }

    /// The peak RSS since the last reset, in bytes, or nil when unreadable.
    static func peakResidentBytes() -> UInt64? {
        var sampler = ResourceSampler()
        return sampler.sample().peakResidentBytes
    }

    /// User plus system CPU time of the process, in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF_WHO, &usage) == 0 else { return 0 }
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

#if canImport(Glibc)
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif
