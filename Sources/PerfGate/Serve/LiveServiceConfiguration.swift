package import PerfHTTP
package import PerfMonitor
package import StreamService
package import Workloads

/// What a ``LiveService`` runs, for how long, where it serves its figures and where its log goes.
package struct LiveServiceConfiguration: Sendable {
    /// The preset's name, for the summary and `/summary`.
    package var presetName: String
    /// The service's configuration.
    package var service: OptimizationConfig
    /// The workload, overrides applied; it is run again and again (seeds `seed`, `seed + 1`, …)
    /// until the duration passes or a stop is requested. A capacity search is not allowed.
    package var workload: WorkloadSpec
    /// How long to run; nil runs until ``LiveService/requestStop()``.
    package var duration: Duration?
    /// Where the endpoints listen.
    package var server: HTTPServerConfiguration
    /// Where the monitor's periodic reports and anomaly events go (nowhere when nil).
    package var eventSink: (any MonitorEventSink)?
    /// How often the monitor collects, reports and writes history (1 s).
    package var collectionInterval: Duration
    /// The targets the summary is compared with.
    package var targets: PerformanceTargets
    /// How long the service may take to finish the requests in flight at the end (5 s).
    package var drainTimeout: Duration
    /// Faults to inject into the service, timed from the start of the run (the service starts
    /// once and serves every round); none by default.
    package var faults: FaultInjection
    /// Where to post the monitor's anomaly and target-breach events (see `AlertWebhook`), or nil.
    package var alertWebhook: HTTPURL?
    /// How long anomalies of a kind just posted to the webhook are held back (60 s; zero posts
    /// every one).
    package var alertRepeatInterval: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - presetName: The preset's name, for display.
    ///   - service: The service's configuration.
    ///   - workload: The workload to repeat.
    ///   - duration: How long to run; nil until stopped.
    ///   - server: Where the endpoints listen (127.0.0.1:9464 by default).
    ///   - eventSink: Where reports and anomaly events go.
    ///   - collectionInterval: How often the monitor collects (1 s).
    ///   - targets: The targets to compare with.
    ///   - drainTimeout: How long the final drain may take (5 s).
    ///   - faults: Faults to inject, timed from the start of the run (none).
    ///   - alertWebhook: Where to post the alerts (none).
    ///   - alertRepeatInterval: How long anomalies of a kind just posted are held back (60 s).
    package init(
        presetName: String,
        service: OptimizationConfig,
        workload: WorkloadSpec,
        duration: Duration? = nil,
        server: HTTPServerConfiguration = HTTPServerConfiguration(),
        eventSink: (any MonitorEventSink)? = nil,
        collectionInterval: Duration = .seconds(1),
        targets: PerformanceTargets = .default,
        drainTimeout: Duration = .seconds(5),
        faults: FaultInjection = .none,
        alertWebhook: HTTPURL? = nil,
        alertRepeatInterval: Duration = .seconds(60)
    ) {
        self.presetName = presetName
        self.service = service
        self.workload = workload
        self.duration = duration
        self.server = server
        self.eventSink = eventSink
        self.collectionInterval = collectionInterval
        self.targets = targets
        self.drainTimeout = drainTimeout
        self.faults = faults
        self.alertWebhook = alertWebhook
        self.alertRepeatInterval = alertRepeatInterval
    }
}
