import PerfSupport

extension WorkloadSpec {
    /// 2000 req/s, constant, for 30 s: the everyday regression workload.
    public static let steady = WorkloadSpec(
        name: "steady",
        summary: "2000 req/s constant for 30 s (open loop).",
        load: .openLoop(.constant(rate: 2000, duration: .seconds(30)))
    )

    /// A linear ramp from 500 to 4000 req/s over 30 s: where does latency start to climb?
    public static let ramp = WorkloadSpec(
        name: "ramp",
        summary: "500 → 4000 req/s linear ramp over 30 s (open loop).",
        load: .openLoop(.ramp(from: 500, to: 4000, over: .seconds(30)))
    )

    /// 2000 req/s with a 5× spike (10,000 req/s) from 10 s to 12 s, for 30 s: burst absorption
    /// and recovery.
    public static let spike = WorkloadSpec(
        name: "spike",
        summary: "2000 req/s with a 5× spike lasting 2 s at 10 s, for 30 s (open loop).",
        load: .openLoop(
            .spike(base: 2000, multiplier: 5, at: .seconds(10), length: .seconds(2), duration: .seconds(30))
        )
    )

    /// 50 connections streaming 20-message sessions with 20 ms of think time, for 30 s.
    public static let sessions = WorkloadSpec(
        name: "sessions",
        summary: "50 connections streaming 20-message sessions, 20 ms think time, for 30 s (closed loop).",
        load: .closedLoop(connections: 50, messagesPerSession: 20, thinkTime: .milliseconds(20), duration: .seconds(30))
    )

    /// 32 connections sending back to back (no think time), for 30 s: the service's saturated
    /// throughput, which moves with any change in per-message cost.
    public static let saturation = WorkloadSpec(
        name: "saturation",
        summary: "32 connections sending back to back, no think time, for 30 s (closed loop, saturating).",
        load: .closedLoop(connections: 32, messagesPerSession: 100, thinkTime: .zero, duration: .seconds(30))
    )

    /// 2000 req/s for 10 minutes with memory sampled throughout: leaks and slow drift.
    public static let soak = WorkloadSpec(
        name: "soak",
        summary: "2000 req/s constant for 10 min with memory tracked (open loop).",
        load: .openLoop(.constant(rate: 2000, duration: .seconds(600))),
        tracksMemory: true
    )

    /// A capacity search from 500 req/s, doubling then bisecting to 5%, with 10 s probes.
    public static let capacity = WorkloadSpec(
        name: "capacity",
        summary: "Highest rate with P95 ≤ 25 ms and 99% success: 10 s probes from 500 req/s, to 5%.",
        load: .capacitySearch(CapacitySearch(), probeDuration: .seconds(10))
    )

    /// Every named workload, in the order `perfgate list` shows them.
    public static let all: [WorkloadSpec] = [steady, ramp, spike, sessions, saturation, soak, capacity]

    /// The names of every named workload.
    ///
    /// - Complexity: O(workloads).
    public static var names: [String] { all.map(\.name) }

    /// The named workload called `name` (case-insensitive).
    ///
    /// - Parameter name: A workload name, such as `steady`.
    /// - Returns: The workload.
    /// - Throws: ``WorkloadsError`` with code `unknownWorkload`, suggesting the closest name and
    ///   listing the valid ones.
    /// - Complexity: O(workloads × name length²).
    public static func named(_ name: String) throws(WorkloadsError) -> WorkloadSpec {
        let lowered = name.lowercased()
        if let workload = all.first(where: { $0.name == lowered }) { return workload }
        var message = "Unknown workload '\(name)'."
        if let suggestion = Suggestion.closest(to: name, among: names) {
            message += " Did you mean '\(suggestion)'?"
        }
        message += " Valid workloads: \(names.joined(separator: ", "))."
        throw WorkloadsError(code: .unknownWorkload, message: message)
    }
}
