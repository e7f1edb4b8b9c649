#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host's CPU time since boot, all cores together: the whole, and the part the hypervisor
/// stole, from the first line of Linux's `/proc/stat`.
///
/// Steal is time a virtual CPU was ready to run but the hypervisor ran something else. It is
/// the one cause of latency a process cannot see in its own figures: a vCPU descheduled for
/// 60 ms stalls every thread on it for 60 ms. On a shared 2-core machine, one-second intervals
/// of `perfgate serve --rate 2000` had a P95 of at most 7.2 ms in every one of 143 intervals
/// with under 5% stolen, and above twice the median (up to 51 ms) in 24–100% of the intervals
/// with 15% or more stolen; each of the run's 5 anomalies (P95 16–41 ms) fell in an interval
/// with 5.3–27% stolen. So the monitor does not raise a latency or throughput anomaly the
/// stolen time explains (the floor of that interval is raised by it: see
/// ``AnomalyDetector/evaluate(_:at:allowance:)``), and load runs report the share stolen beside
/// their figures (`cpu_steal_percent`).
public struct HostCPUTimes: Sendable, Equatable {
    /// CPU time the host's cores spent, in every state (user, nice, system, idle, iowait, irq,
    /// softirq, steal), in seconds.
    public var totalSeconds: Double
    /// The part of ``totalSeconds`` stolen by the hypervisor.
    public var stolenSeconds: Double

    /// Creates a reading.
    public init(totalSeconds: Double, stolenSeconds: Double) {
        self.totalSeconds = totalSeconds
        self.stolenSeconds = stolenSeconds
    }

    /// Reads `/proc/stat` now; nil where it cannot be read (not Linux) or has no steal field.
    public static func read() -> HostCPUTimes? {
        #if os(Linux)
        guard let text = ResourceSampler.readFile("/proc/stat") else { return nil }
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return parse(statLine: text.prefix { $0 != "\n" }, ticksPerSecond: ticks > 0 ? Double(ticks) : 100)
        #else
        return nil
        #endif
    }

    /// Parses the aggregate line of `/proc/stat`: `cpu  user nice system idle iowait irq softirq
    /// steal guest guest_nice`, in clock ticks (guest time is already inside user and nice).
    ///
    /// - Returns: Nil when the line is not the aggregate `cpu` line or has fewer than 8 counts.
    static func parse(statLine line: Substring, ticksPerSecond: Double) -> HostCPUTimes? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.first == "cpu", fields.count >= 9, ticksPerSecond > 0 else { return nil }
        var counts: [UInt64] = []
        for field in fields[1...8] {
            guard let count = UInt64(field) else { return nil }
            counts.append(count)
        }
        let total = counts.reduce(0, &+)
        return HostCPUTimes(
            totalSeconds: Double(total) / ticksPerSecond,
            stolenSeconds: Double(counts[7]) / ticksPerSecond
        )
    }

    /// The share of the host's CPU time stolen between an earlier reading and this one, in
    /// percent (0…100); nil when no CPU time passed between them or the counters went back.
    public func stealPercent(since earlier: HostCPUTimes) -> Double? {
        let total = totalSeconds - earlier.totalSeconds
        let stolen = stolenSeconds - earlier.stolenSeconds
        guard total > 0, stolen >= 0 else { return nil }
        return min(100, stolen / total * 100)
    }
}
