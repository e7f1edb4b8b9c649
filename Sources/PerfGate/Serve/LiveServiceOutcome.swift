public import PerfMonitor

/// What a ``LiveService`` run did, for the final summary.
public struct LiveServiceOutcome: Sendable {
    /// Why a run ended.
    public enum StopReason: String, Sendable, Hashable {
        /// The configured duration passed.
        case duration
        /// ``LiveService/requestStop()`` was called (a signal, say).
        case requested
    }

    /// The monitor's summary, after the final drain.
    public var summary: PerformanceSummary
    /// The summary held against the configured targets.
    public var comparison: TargetComparison
    /// The load driven, added up over every round.
    public var load: LiveLoadTally
    /// Why the run ended.
    public var stopReason: StopReason
    /// Time from start to the end of the drain.
    public var elapsed: Duration
    /// The history points the monitor holds (one per collection interval).
    public var historyPointCount: Int
    /// The anomaly events the monitor holds, oldest first.
    public var anomalies: [AnomalyEvent]
    /// Requests the HTTP server answered.
    public var answeredHTTPRequests: Int
    /// Whether every HTTP connection had closed when the server stopped.
    public var serverStoppedCleanly: Bool
}
