import PerfMonitor

extension WorkloadSpec {
    /// Drives a target with this workload: an open-loop schedule, closed-loop sessions, or a
    /// capacity search whose probes are open-loop constant-rate runs.
    ///
    /// - Parameters:
    ///   - target: Where requests are sent.
    ///   - progress: Called with the fraction done (0 ... 1); for a capacity search, the fraction of
    ///     the probe budget used, which may jump to 1 when the search converges early.
    /// - Returns: The report, and the capacity search's result for capacity workloads.
    /// - Throws: ``WorkloadsError`` when the workload is invalid or a driver cannot start.
    public func run(
        against target: some LoadTarget,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws(WorkloadsError) -> WorkloadResult {
        try validate()
        switch load {
        case .openLoop(let schedule):
            let driver = OpenLoopDriver(configuration: openLoopConfiguration(schedule: schedule))
            return WorkloadResult(workload: self, report: try await driver.run(against: target, progress: progress))
        case .closedLoop:
            let driver = ClosedLoopDriver(configuration: closedLoopConfiguration())
            return WorkloadResult(workload: self, report: try await driver.run(against: target, progress: progress))
        case .capacitySearch(let search, let probeDuration):
            let budget = Double(Swift.max(search.maxProbes, 1))
            var probesRun = 0.0
            let result = try await search.run { (rate: Double) async throws(WorkloadsError) -> DriverReport in
                let schedule = ArrivalSchedule.constant(rate: rate, duration: probeDuration)
                let driver = OpenLoopDriver(configuration: openLoopConfiguration(schedule: schedule))
                let done = probesRun
                let report = try await driver.run(against: target) { fraction in
                    progress?(Swift.min(1, (done + fraction) / budget))
                }
                probesRun += 1
                return report
            }
            progress?(1)
            let report =
                result.probeAtCapacity?.report ?? result.probes.last?.report
                ?? DriverReport(
                    offered: 0,
                    sent: 0,
                    completed: 0,
                    succeeded: 0,
                    latency: HistogramSnapshot(),
                    elapsed: .zero
                )
            return WorkloadResult(workload: self, report: report, capacitySearch: result)
        }
    }
}

/// What running a ``WorkloadSpec`` produced.
public struct WorkloadResult: Sendable, Equatable {
    /// The workload as run, overrides included.
    public var workload: WorkloadSpec
    /// The run's report; for a capacity search, the report of the probe at the capacity (or of the
    /// last probe when none passed).
    public var report: DriverReport
    /// The capacity search's result, for capacity workloads.
    public var capacitySearch: CapacitySearchResult?

    /// Creates a result.
    public init(workload: WorkloadSpec, report: DriverReport, capacitySearch: CapacitySearchResult? = nil) {
        self.workload = workload
        self.report = report
        self.capacitySearch = capacitySearch
    }
}
