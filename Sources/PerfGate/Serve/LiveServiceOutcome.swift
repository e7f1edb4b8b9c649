package import PerfMonitor

/// What a ``LiveService`` run did, for the final summary.
package struct LiveServiceOutcome: Sendable {
    /// Why a run ended.
    package enum StopReason: String, Sendable, Hashable {
        /// The configured duration passed.
        case duration
        /// ``LiveService/requestStop()`` was called (a signal, say).
        case requested
    }

    /// The monitor's summary, after the final drain.
    package var summary: PerformanceSummary
    /// The summary held against the configured targets.
    package var comparison: TargetComparison
    /// The load driven, added up over every round.
    package var load: LiveLoadTally
    /// Why the run ended.
    package var stopReason: StopReason
    /// Time from start to the end of the drain.
    package var elapsed: Duration
    /// The history points the monitor holds (one per collection interval).
    package var historyPointCount: Int
    /// The anomaly events the monitor holds, oldest first.
    package var anomalies: [AnomalyEvent]
    /// Requests the HTTP server answered.
    package var answeredHTTPRequests: Int
    /// Whether every HTTP connection had closed when the server stopped.
    package var serverStoppedCleanly: Bool
    /// The target-breach events of the run (breached and resolved), oldest first.
    package var targetBreaches: [TargetBreachEvent] = []
    /// The alert deliveries by outcome, when a webhook was configured.
    package var alertDeliveries: [AlertDeliveryOutcome: Int]?
    /// The anomalies held back because one of their kind had just been posted, when a webhook
    /// was configured.
    package var alertsHeldBack: Int? = nil
}
