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
