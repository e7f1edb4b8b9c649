import PerfHTTP
package import PerfMonitor
import StreamService
import Synchronization
import Workloads

/// Runs a workload through the streaming service continuously and serves the monitor's figures
/// live over HTTP: the engine of `perfgate serve`.
///
/// Creating it builds the monitor (collecting every ``LiveServiceConfiguration/collectionInterval``
/// and reporting to the event sink), the service, and the monitor's `MonitorHTTPEndpoint` (from
/// `PerfHTTP`) — binding the port at once, so a port in use is an error before any load starts.
/// ``run()`` drives the workload round after round until the duration passes or
/// ``requestStop()`` is called, then stops the load, lets the requests in flight finish, collects
/// one last interval, stops the server and returns the outcome.
///
/// ```swift
/// let live = try LiveService(configuration: LiveServiceConfiguration(
///     presetName: "balanced", service: .balanced(), workload: .steady, duration: .seconds(60)))
/// print("listening on http://\(live.authority)")
/// let outcome = try await live.run()
/// ```
package final class LiveService: Sendable {
    /// The configuration in force.
    package let configuration: LiveServiceConfiguration
    /// The monitor the service reports to and the endpoints show.
    package let monitor: StreamPerformanceMonitor
    private let service: StreamingService
    private let endpoint: MonitorHTTPEndpoint
    private let tally: SharedTally
    private let state = Mutex(RunState())
    private let webhook: AlertWebhook?
    private let breaches: BreachLog

    /// The tally, shared by the load task and the `/summary` handler.
    private final class SharedTally: Sendable {
        let value = Mutex(LiveLoadTally())
    }

    /// Passes every event to the configured sink and the webhook, and keeps the target breaches.
    private struct FanOutSink: MonitorEventSink {
        let sinks: [any MonitorEventSink]
        let breaches: BreachLog

        func emit(_ event: MonitorEvent) {
            if case .targetBreach(let breach) = event { breaches.events.withLock { $0.append(breach) } }
            for sink in sinks { sink.emit(event) }
        }
    }

    /// The target-breach events of the run.
    private final class BreachLog: Sendable {
        let events = Mutex<[TargetBreachEvent]>([])
    }

    private struct RunState {
        var hasRun = false
        var stopReason: LiveServiceOutcome.StopReason?
        var load: Task<PerfGateError?, Never>?
    }

    /// Builds the monitor, the service and the server, and starts listening (serving zeros until
    /// ``run()`` starts the load).
    ///
    /// - Parameter configuration: What to run and where to serve.
    /// - Throws: ``PerfGateError``: `serveWorkload` for a workload that cannot run continuously
    ///   (a capacity search) or is invalid, `serveAlertWebhook` for a webhook whose host does not
    ///   resolve, or the endpoint's `PerfHTTPError` under the serve code
    ///   for its code (`servePortInUse`, `serveInvalidAddress`, …; see ``PerfGateError/init(serving:)``).
    package init(configuration: LiveServiceConfiguration) throws(PerfGateError) {
        if case .capacitySearch = configuration.workload.load {
            throw PerfGateError(
                code: .serveWorkload,
                message: "The workload '\(configuration.workload.name)' is a capacity search, which ends by "
                    + "itself; serve a constant, ramp, spike or closed-loop workload such as 'steady'."
            )
        }
        do {
            try configuration.workload.validate()
        } catch {
            throw PerfGateError(code: .serveWorkload, message: error.message)
        }
        let webhook: AlertWebhook?
        do {
            webhook = try configuration.alertWebhook.map { url throws(PerfHTTPError) in
                try AlertWebhook(
                    url: url,
                    configuration: AlertWebhookConfiguration(
                        repeatInterval: configuration.alertRepeatInterval,
                        source: "perfgate serve \(configuration.presetName)/\(configuration.workload.name)"
                    )
                )
            }
        } catch {
            throw PerfGateError(
                code: .serveAlertWebhook,
                message: "The alert webhook \(configuration.alertWebhook?.description ?? ""): \(error.message)"
            )
        }
        let breaches = BreachLog()
        var monitoring = MonitoringConfiguration()
        monitoring.collectionInterval = configuration.collectionInterval
        monitoring.eventSink = FanOutSink(
            sinks: [configuration.eventSink, webhook].compactMap { $0 },
            breaches: breaches
        )
        monitoring.targets = configuration.targets
        monitoring.countsAlertDeliveries = webhook != nil
        monitoring.offeredRateRPS = Self.constantRate(of: configuration.workload)
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        webhook?.countDeliveries(in: monitor)
        let tally = SharedTally()
        let presetName = configuration.presetName
        let workload = configuration.workload
        let duration = configuration.duration
        let judged = configuration
        do {
            self.endpoint = try MonitorHTTPEndpoint(
                monitor: monitor,
                configuration: configuration.server,
                summaryContext: {
                    let load = tally.value.withLock { $0 }
                    // The same verdict as the final report's (an open-loop run judged on the load
                    // it offered), so the dashboard does not call a perfect run's targets missed.
                    let comparison = Self.comparison(monitor.summary(), load: load, configuration: judged)
                    return [
                        "service": Self.describe(presetName, workload, duration, load),
                        "comparison": MonitorEndpoints.comparisonDocument(comparison),
                    ]
                }
            )
        } catch {
            throw PerfGateError(serving: error)
        }
        self.configuration = configuration
        self.monitor = monitor
        self.tally = tally
        self.webhook = webhook
        self.breaches = breaches
        self.service = StreamingService(
            configuration: configuration.service,
            monitor: monitor,
            faults: configuration.faults,
            seed: configuration.workload.seed
        )
    }

    /// The address and port the endpoints listen on, such as `127.0.0.1:9464`.
    package var authority: String { endpoint.authority }

    /// The port the endpoints listen on (the system's choice when 0 was configured).
    package var port: Int { endpoint.port }

    /// Asks ``run()`` to stop: the load stops at once, then the run drains and returns. Safe to
    /// call from any thread, any number of times, before or during the run.
    package func requestStop() {
        stop(.requested)
    }

    private func stop(_ reason: LiveServiceOutcome.StopReason) {
        let load = state.withLock { state in
            if state.stopReason == nil { state.stopReason = reason }
            return state.load
        }
        load?.cancel()
    }

    /// Drives the workload until the duration passes or a stop is requested, then drains and
    /// returns what happened. Cancelling the calling task requests a stop.
    ///
    /// - Returns: The outcome: the monitor's summary, the load driven, why it stopped.
    /// - Throws: ``PerfGateError`` with code `serveAlreadyRun` on a second call, or `runWorkload`
    ///   when the load driver could not run (after the cleanup).
    package func run() async throws(PerfGateError) -> LiveServiceOutcome {
        let isFirstRun = state.withLock { state in
            defer { state.hasRun = true }
            return !state.hasRun
        }
        guard isFirstRun else {
            throw PerfGateError(code: .serveAlreadyRun, message: "A live service runs once; create another.")
        }
        let started = ContinuousClock.now
        monitor.start()
        service.start()
        let load = Task { await drive() }
        let stopAlreadyRequested = state.withLock { state in
            state.load = load
            return state.stopReason != nil
        }
        if stopAlreadyRequested { load.cancel() }
        let timer = configuration.duration.map { duration in
            Task { [weak self] in
                try? await Task.sleep(for: duration)
                if !Task.isCancelled { self?.stop(.duration) }
            }
        }
        let failure = await withTaskCancellationHandler {
            await load.value
        } onCancel: {
            requestStop()
        }
        timer?.cancel()
        service.shutdown(drainTimeout: configuration.drainTimeout)
        monitor.tick()
        monitor.stop()
        let summary = monitor.summary()
        await webhook?.close(within: configuration.drainTimeout)
        let answered = endpoint.answeredRequestCount
        let stoppedCleanly = endpoint.shutdown()
        if let failure { throw failure }
        let driven = tally.value.withLock { $0 }
        return LiveServiceOutcome(
            summary: summary,
            comparison: Self.comparison(summary, load: driven, configuration: configuration),
            load: driven,
            stopReason: state.withLock { $0.stopReason } ?? .requested,
            elapsed: started.duration(to: .now),
            historyPointCount: monitor.historyPoints().count,
            anomalies: monitor.recentAnomalies(),
            answeredHTTPRequests: answered,
            serverStoppedCleanly: stoppedCleanly,
            targetBreaches: breaches.events.withLock { $0 },
            alertDeliveries: webhook?.deliveryCounts,
            alertsHeldBack: webhook?.heldBackCount
        )
    }

    /// The summary held against the targets: an open-loop run's throughput by whether the service
    /// kept up with what the schedule offered (see `OfferedLoad`), a closed-loop run's by the bound.
    static func comparison(
        _ summary: PerformanceSummary,
        load: LiveLoadTally,
        configuration: LiveServiceConfiguration
    ) -> TargetComparison {
        guard case .openLoop = configuration.workload.load, let rate = configuration.workload.nominalRate else {
            return summary.compared(with: configuration.targets)
        }
        return summary.compared(
            with: configuration.targets,
            offeredLoad: OfferedLoad(rateRPS: rate, offered: load.offered, completed: load.completed)
        )
    }

    /// The rate of a constant open-loop workload, which every interval should see; nil for any
    /// other (a ramp or a spike changes rate, a closed loop has none).
    static func constantRate(of workload: WorkloadSpec) -> Double? {
        guard case .openLoop(let schedule) = workload.load, case .constant(let rate, _) = schedule else { return nil }
        return rate
    }

    /// Runs rounds of the workload until cancelled; returns the error that stopped it early, if any.
    private func drive() async -> PerfGateError? {
        let target = ServiceLoadTarget(service: service)
        var round: UInt64 = 0
        while !Task.isCancelled {
            var workload = configuration.workload
            workload.seed = configuration.workload.seed &+ round
            tally.value.withLock { $0.rounds += 1 }
            do {
                let result = try await workload.run(against: target)
                let wasCutShort = Task.isCancelled
                tally.value.withLock { $0.add(result.report, wasCutShort: wasCutShort) }
            } catch {
                return PerfGateError(code: .runWorkload, message: error.message)
            }
            round &+= 1
        }
        return nil
    }

    /// The `service` member of `/summary`: what drives the monitor.
    private static func describe(
        _ preset: String,
        _ workload: WorkloadSpec,
        _ duration: Duration?,
        _ load: LiveLoadTally
    ) -> JSONValue {
        .object([
            "preset": .string(preset),
            "workload": .string(workload.name),
            "seed": .unsigned(workload.seed),
            "nominalRateRPS": .number(workload.nominalRate),
            "durationSeconds": .number(duration?.seconds),
            "rounds": .integer(Int64(load.rounds)),
            "offered": .integer(Int64(load.offered)),
            "sent": .integer(Int64(load.sent)),
            "completed": .integer(Int64(load.completed)),
            "succeeded": .integer(Int64(load.succeeded)),
        ])
    }
}

extension PerfGateError {
    /// An HTTP endpoint's error as `perfgate serve` reports it: the serve code for the endpoint's
    /// code (``Code/servePortInUse`` for `portInUse`, and so on; see ``Code/init(serving:)``), the
    /// same message and cause, and where the fix is another port, the option that sets it:
    /// "…; choose another port with --port."
    ///
    /// - Parameter error: The endpoint's error.
    init(serving error: PerfHTTPError) {
        var message = error.message
        if error.code == .portInUse || error.code == .permissionDenied, message.hasSuffix(".") {
            message = String(message.dropLast()) + " with --port."
        }
        self.init(code: Code(serving: error.code), message: message, cause: error.cause)
    }
}

extension PerfGateError.Code {
    /// The `perfgate serve` code for an HTTP endpoint's code: each `PerfHTTPError` code has its
    /// own, named `serve` and the endpoint's code, such as ``servePortInUse`` for `portInUse`.
    ///
    /// - Parameter code: The endpoint's code. A code this version does not know is
    ///   ``serveSocket``, the system's refusal to listen for another reason.
    init(serving code: PerfHTTPError.Code) {
        switch code {
        case .invalidAddress: self = .serveInvalidAddress
        case .portInUse: self = .servePortInUse
        case .addressUnavailable: self = .serveAddressUnavailable
        case .permissionDenied: self = .servePermissionDenied
        case .configuration: self = .serveConfiguration
        case .socket: self = .serveSocket
        case .thread: self = .serveThread
        default: self = .serveSocket
        }
    }
}
