import Synchronization

/// The performance monitor to embed in a streaming service: record what happens, read figures,
/// summaries and Prometheus text.
///
/// Recording is lock-free and cheap enough for every request (`recordRequest` adds to a sharded
/// histogram with relaxed atomics, no clock read). Collection (``tick()``) runs every
/// `collectionInterval` on a background task started with ``start()``, or by hand with an
/// injected clock in tests. Figures are computed from the live counters when read, so a recorded
/// value is visible in ``currentMetrics()`` at once.
///
/// Bad input never harms the host: a negative latency is rejected (counted in the debug
/// snapshot), a latency outside 1 µs…100 s is clamped, a utilization outside 0…1 is clamped,
/// NaN or infinity is rejected, a negative queue depth or size counts as 0 (each counted in
/// ``DebugSnapshot/rejectedInputs``).
///
/// Requests can also carry one of a bounded set of operation names declared up front in
/// ``MonitoringConfiguration/operations``: each is then counted in its operation's own histogram
/// and failure counter as well as in the total (see ``recordRequest(latency:succeeded:operation:)``).
///
/// ```swift
/// let monitor = StreamPerformanceMonitor()
/// monitor.start()
/// monitor.recordRequest(latency: .milliseconds(3), succeeded: true)
/// print(monitor.summary().compared(with: .default).overallScore)
/// ```
public final class StreamPerformanceMonitor: Sendable {
    /// The configuration in force (unsound settings already replaced by defaults).
    public let configuration: MonitoringConfiguration
    /// A copy of `configuration.isEnabled`, read on every recording.
    let isEnabled: Bool
    let startedAt: MonitorInstant
    /// Every request's latency and failure: lane 0 holds those recorded without an operation,
    /// lane `1 + i` those of declared operation `i`; the totals merge every lane.
    let latency: LatencyHistogram
    let failures: ShardedCounter
    let cacheHits = ShardedCounter()
    let cacheMisses = ShardedCounter()
    let backpressureEvents = ShardedCounter()
    let batches = ShardedCounter()
    let batchItems = ShardedCounter()
    let batchDurations = LatencyHistogram()
    let rejectedInputs = ShardedCounter()
    let errorsByKind = Mutex<[String: UInt64]>([:])
    let reportedMemory = Gauge(-1)
    let workerUtilization = Gauge(0, range: 0...1)
    let queueDepth = Gauge(0, range: 0...Double(Int32.max))
    let sessions: SessionTracker
    let collector: Mutex<Collector>
    let sampler = Mutex(ResourceSampler())
    let collectionTask = Mutex<Task<Void, Never>?>(nil)
    /// This monitor's identity, carried by the ``MonitorOperation`` handles it makes.
    let identity: UInt64
    /// The declared operations, in declared order, and their positions by name.
    let operationHandles: [MonitorOperation]
    let operationIndices: [String: Int]
    /// The declared operations sorted by name, the order of their Prometheus series.
    let operationsByName: [MonitorOperation]
    /// Requests recorded under an operation the monitor does not know.
    let undeclaredOperations = ShardedCounter()
    /// Alert deliveries by outcome, in ``AlertDeliveryOutcome/allCases`` order.
    let alertDeliveries = ShardedCounter(lanes: AlertDeliveryOutcome.allCases.count)

    /// Creates a monitor; call ``start()`` to collect in the background.
    ///
    /// - Parameter configuration: How to collect, keep and judge figures; unsound settings are
    ///   replaced by their defaults (see ``MonitoringConfiguration/problems``).
    public init(configuration: MonitoringConfiguration = .default) {
        let configuration = configuration.sanitized
        self.configuration = configuration
        isEnabled = configuration.isEnabled
        let now = configuration.clock.now()
        startedAt = now
        sessions = SessionTracker()
        collector = Mutex(Collector(configuration: configuration, start: now))
        let identity = MonitorOperation.nextMonitorID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.identity = identity
        let names = configuration.operations
        operationHandles = names.enumerated().map { MonitorOperation(name: $1, index: $0, monitorID: identity) }
        operationIndices = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        operationsByName = operationHandles.sorted { $0.name < $1.name }
        latency = LatencyHistogram(lanes: 1 + names.count)
        failures = ShardedCounter(lanes: 1 + names.count)
    }

    deinit {
        collectionTask.withLock { $0?.cancel() }
    }

    // MARK: Recording

    /// Records one finished request.
    ///
    /// - Parameters:
    ///   - latency: Time from the request's intended start to its completion.
    ///   - succeeded: Whether it succeeded.
    @inline(__always)
    public func recordRequest(latency: Duration, succeeded: Bool) {
        guard isEnabled else { return }
        self.latency.record(latency)
        if !succeeded { failures.add() }
    }

    /// Records a whole stream session at once.
    ///
    /// - Parameters:
    ///   - connectionID: The connection it ran on (ends the open session of that ID, if any).
    ///   - messageCount: Messages streamed (negative counts as 0).
    ///   - duration: How long it lasted (negative counts as 0).
    ///   - bytesProcessed: Bytes processed (negative counts as 0).
    public func recordStreamSession(connectionID: String, messageCount: Int, duration: Duration, bytesProcessed: Int) {
        guard isEnabled else { return }
        sessions.recordCompleted(
            connectionID: connectionID,
            messageCount: UInt64(max(0, messageCount)),
            duration: duration,
            bytesProcessed: UInt64(max(0, bytesProcessed))
        )
    }

    /// Notes that a stream session started on a connection.
    public func sessionStarted(connectionID: String) {
        guard isEnabled else { return }
        sessions.start(connectionID: connectionID, at: configuration.clock.now())
    }

    /// Notes that a stream session ended.
    public func sessionEnded(connectionID: String) {
        guard isEnabled else { return }
        sessions.end(connectionID: connectionID, at: configuration.clock.now())
    }

    /// Notes messages on an open session (keeps it from idle expiry).
    public func recordSessionActivity(connectionID: String, messages: Int = 1, bytes: Int = 0) {
        guard isEnabled else { return }
        sessions.noteActivity(
            connectionID: connectionID,
            messages: UInt64(max(0, messages)),
            bytes: UInt64(max(0, bytes)),
            at: configuration.clock.now()
        )
    }

    /// Records one processed batch.
    ///
    /// - Parameters:
    ///   - size: Items in the batch (negative counts as 0).
    ///   - duration: Time to process it.
    public func recordBatch(size: Int, duration: Duration) {
        guard isEnabled else { return }
        if size < 0 { rejectedInputs.add() }
        batches.add()
        batchItems.add(UInt64(max(0, size)))
        batchDurations.record(duration)
    }

    /// Records that producers had to wait because the queue was nearly full.
    @inline(__always)
    public func recordBackpressureEvent() {
        guard isEnabled else { return }
        backpressureEvents.add()
    }

    /// Records an error by kind (`timeout`, `overloaded`, …); count the request itself with
    /// ``recordRequest(latency:succeeded:)``.
    public func recordError(kind: String) {
        guard isEnabled else { return }
        let kind = kind.isEmpty ? "unknown" : String(kind.prefix(64))
        errorsByKind.withLock { counts in
            if counts[kind] == nil && counts.count >= 256 {
                counts["other", default: 0] &+= 1
            } else {
                counts[kind, default: 0] &+= 1
            }
        }
    }

    /// Records one cache lookup.
    @inline(__always)
    public func recordCacheLookup(hit: Bool) {
        guard isEnabled else { return }
        if hit { cacheHits.add() } else { cacheMisses.add() }
    }

    /// Reports the service's memory in use; when never reported, the process RSS is used.
    ///
    /// - Parameter bytes: Bytes in use; a negative value is rejected.
    public func updateMemoryUsage(bytes: Int) {
        guard isEnabled else { return }
        if bytes < 0 {
            rejectedInputs.add()
        } else {
            reportedMemory.set(Double(bytes))
        }
    }

    /// Reports the fraction of workers busy, in `0...1` (clamped; NaN rejected).
    public func updateWorkerUtilization(_ utilization: Double) {
        guard isEnabled else { return }
        if !utilization.isFinite || utilization < 0 || utilization > 1 { rejectedInputs.add() }
        workerUtilization.set(utilization)
    }

    /// Reports the number of items waiting in the queue (negative counts as 0).
    public func updateQueueDepth(_ depth: Int) {
        guard isEnabled else { return }
        if depth < 0 { rejectedInputs.add() }
        queueDepth.set(Double(max(0, depth)))
    }

    /// Records how one alert delivery ended (a webhook post of an event, say); counted in the
    /// Prometheus text as `alert_deliveries_total{outcome=…}` when
    /// ``MonitoringConfiguration/countsAlertDeliveries`` is on. Safe from any thread.
    public func recordAlertDelivery(_ outcome: AlertDeliveryOutcome) {
        guard let position = AlertDeliveryOutcome.allCases.firstIndex(of: outcome) else { return }
        alertDeliveries.add(lane: position)
    }

    /// Alert deliveries recorded so far with ``recordAlertDelivery(_:)``, by outcome.
    public func alertDeliveryCounts() -> [AlertDeliveryOutcome: UInt64] {
        Dictionary(
            uniqueKeysWithValues: AlertDeliveryOutcome.allCases.enumerated().map { position, outcome in
                (outcome, alertDeliveries.value(lane: position))
            }
        )
    }

    /// Anomaly events raised since start, by kind; every kind is present, at 0 when none was
    /// raised. Unlike ``recentAnomalies()``, the counts are never trimmed.
    public func anomalyCounts() -> [AnomalyKind: UInt64] {
        let counts = collector.withLock { $0.anomalyCounts }
        return Dictionary(uniqueKeysWithValues: zip(AnomalyKind.allCases, counts).map { ($0, $1) })
    }

    // MARK: Collection

    /// Starts collecting every `collectionInterval` on a background task; a second call does nothing.
    public func start() {
        collectionTask.withLock { task in
            guard task == nil else { return }
            let interval = configuration.collectionInterval
            task = Task.detached(priority: .utility) { [weak self] in
                // Fixed deadlines (start + n × interval), so a slow collection or a busy machine
                // does not stretch every later interval.
                let clock = ContinuousClock()
                var deadline = clock.now
                while !Task.isCancelled {
                    deadline = deadline.advanced(by: interval)
                    if deadline < clock.now { deadline = clock.now }
                    try? await Task.sleep(until: deadline, clock: clock)
                    guard let self, !Task.isCancelled else { return }
                    self.tick()
                }
            }
        }
    }

    /// Stops background collection (figures stay readable).
    public func stop() {
        collectionTask.withLock { task in
            task?.cancel()
            task = nil
        }
    }
}
