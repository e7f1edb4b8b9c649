import Synchronization

/// The detail behind the figures, for debugging: full histograms, every open session, every
/// error kind, and counts of rejected input.
public struct DebugSnapshot: Sendable {
    /// Every request since start.
    public var latency: HistogramSnapshot
    /// Batch processing times since start.
    public var batchDurations: HistogramSnapshot
    /// Every open session, by connection ID.
    public var activeSessions: [SessionState]
    /// Completed-session statistics.
    public var completedSessions: CompletedSessionStatistics
    /// Errors by kind.
    public var errorsByKind: [String: UInt64]
    /// Inputs rejected or clamped: negative memory, utilization outside 0…1 or NaN, negative depth.
    public var rejectedInputs: UInt64
    /// Latencies rejected (negative) by the histogram.
    public var rejectedLatencies: UInt64
    /// Requests recorded under an operation the monitor does not know (a name not declared in
    /// ``MonitoringConfiguration/operations``, or another monitor's handle); each still counts
    /// in the total.
    public var undeclaredOperations: UInt64
    /// Interval points held / the most held.
    public var historyPoints: (count: Int, capacity: Int)
    /// Intervals collected since start.
    public var intervalsCollected: Int
}

extension StreamPerformanceMonitor {
    /// The detail behind the figures.
    ///
    /// - Complexity: O(buckets × (1 + operations) + open sessions).
    public func debugSnapshot() -> DebugSnapshot {
        let snapshot = totalLatency
        let (history, intervals) = collector.withLock { ($0.history.points, $0.intervalsCollected) }
        return DebugSnapshot(
            latency: snapshot,
            batchDurations: batchDurations.snapshot(),
            activeSessions: sessions.activeSessions,
            completedSessions: sessions.completed,
            errorsByKind: errorsByKind.withLock { $0 },
            rejectedInputs: rejectedInputs.value,
            rejectedLatencies: snapshot.rejectedCount,
            undeclaredOperations: undeclaredOperations.value,
            historyPoints: (history.count, history.capacity),
            intervalsCollected: intervals
        )
    }
}
