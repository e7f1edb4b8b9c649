import PerfMonitor
import Synchronization

/// The machinery behind ``StreamingService``: its queue, threads, cache, pools and counters.
///
/// The threads hold the core, not the service, so that dropping the last reference to the service shuts it down.
/// The core is split by concern: admission (`+Admission`), batch taking (`+Batching`), processing
/// (`+Processing`), the housekeeping thread (`+Housekeeping`), connections (`+Connections`) and start and shutdown
/// (`+Lifecycle`).
///
/// Locking: `mutex` guards `state` and is taken once per submitted message and once per batch; the cache's mutex is
/// taken twice per batch, the buffer pool's twice per batch; `sessionReports` only when connections open, close,
/// expire or report activity. The lock order is `sessionReports`, then `mutex`. No lock is held while a completion
/// (user code) runs or while the monitor is called, except `sessionReports`, which orders session reports.
final class ServiceCore: Sendable {
    let configuration: OptimizationConfig
    let monitor: StreamPerformanceMonitor
    let costModel: ServiceCostModel
    let faults: FaultInjection
    let seed: UInt64
    /// Whether anything is reported to the monitor (`monitoring.monitoringEnabled`).
    let isReporting: Bool
    /// The high-water mark: messages enter the queue directly while fewer than this many are in it.
    let queueLimit: Int
    /// The most messages the admission list holds: the queue's capacity minus the high-water mark.
    let waitingLimit: Int
    let batchSize: Int
    /// The origin of the nanosecond timestamps kept in atomics.
    let epoch: ContinuousClock.Instant
    /// How often the housekeeper samples utilization and queue depth and reports session activity.
    let sampleInterval: Duration
    /// How often the housekeeper looks for idle sessions.
    let sweepInterval: Duration

    let mutex = PThreadMutex()
    let state = ServiceState()
    /// Signalled when the queue becomes non-empty, or stays non-empty after a worker took a batch.
    let workAvailable = PThreadCondition()
    /// Signalled when the queue holds a full batch while a worker is waiting for one to fill.
    let batchFilled = PThreadCondition()
    /// Signalled when the housekeeper should look again: a message started waiting, or the phase changed.
    let housekeeping = PThreadCondition()
    /// Broadcast at shutdown, to cut short workers paused by a stall or a backend latency.
    let wakeUp = PThreadCondition()
    /// Broadcast when the first shutdown has finished.
    let shutdownFinished = PThreadCondition()

    let cache: Mutex<LRUCache<UInt64, [UInt8]>>
    /// The bytes one cache entry accounts for: the stored response and the entry's bookkeeping.
    let cacheEntryBytes: Int
    let cacheBytes = Atomic<Int>(0)
    let queuedBytes = Atomic<Int>(0)
    let bufferPool: BufferPool
    let counters = ServiceCounters()
    let workerSlots: [WorkerSlot]
    /// When ``start()`` ran, in nanoseconds since `epoch`; -1 before.
    let startOffset = Atomic<Int64>(-1)
    /// The drain deadline in nanoseconds since `epoch`; `Int64.max` until shutdown begins.
    let drainDeadline = Atomic<Int64>(.max)
    /// Orders session reports to the monitor, so that a session's activity is reported before its end.
    let sessionReports = Mutex<Void>(())
    let queueWaitTrace: LatencyHistogram?
    let processingTrace: LatencyHistogram?

    /// The bytes of bookkeeping counted per cache entry besides its response.
    static let cacheEntryOverhead = 64

    init(
        configuration: OptimizationConfig,
        monitor: StreamPerformanceMonitor,
        costModel: ServiceCostModel,
        faults: FaultInjection,
        seed: UInt64
    ) {
        self.configuration = configuration
        self.monitor = monitor
        self.costModel = Self.sanitized(costModel)
        self.faults = faults
        self.seed = seed
        isReporting = configuration.monitoring.monitoringEnabled
        let capacity = max(1, configuration.workerPool.workerQueueCapacity)
        let threshold = configuration.backpressure.backpressureThreshold
        // The epsilon keeps 0.9 × 5000 = 4500.000000000001 from rounding up to 4501.
        let mark = threshold.isFinite ? (threshold * Double(capacity) - 1e-6).rounded(.up) : Double(capacity)
        queueLimit = min(capacity, max(1, mark >= Double(capacity) ? capacity : Int(mark)))
        waitingLimit = capacity - queueLimit
        batchSize = max(1, configuration.batching.batchSize)
        epoch = .now
        sampleInterval = max(.milliseconds(1), min(configuration.monitoring.metricsInterval, .milliseconds(100)))
        sweepInterval = max(.milliseconds(10), min(configuration.streams.streamTimeout / 4, .seconds(1)))
        cache = Mutex(
            LRUCache(capacity: configuration.cache.cacheCapacity, timeToLive: configuration.cache.cacheTTL)
        )
        let storedResponse =
            configuration.cache.cacheCompression && self.costModel.compressionPasses > 0
            ? self.costModel.responseBytes / 2 : self.costModel.responseBytes
        cacheEntryBytes = storedResponse + Self.cacheEntryOverhead
        bufferPool = BufferPool(
            limit: configuration.pools.bufferPoolCount,
            initialCapacity: configuration.pools.bufferInitialCapacity
        )
        workerSlots = (0..<max(1, configuration.workerPool.workerCount)).map { _ in WorkerSlot() }
        if configuration.monitoring.detailedTracing {
            queueWaitTrace = LatencyHistogram()
            processingTrace = LatencyHistogram()
        } else {
            queueWaitTrace = nil
            processingTrace = nil
        }
    }

    /// The cost model with every count clamped to `0...2^40`, so that sums of counts cannot overflow.
    private static func sanitized(_ model: ServiceCostModel) -> ServiceCostModel {
        func clamped(_ count: Int) -> Int { min(max(0, count), 1 << 40) }
        var model = model
        model.transformPasses = clamped(model.transformPasses)
        model.messageIterations = clamped(model.messageIterations)
        model.backendIterations = clamped(model.backendIterations)
        model.responseBytes = min(max(0, model.responseBytes), ServiceMessage.maximumPayloadSize)
        model.compressionPasses = clamped(model.compressionPasses)
        return model
    }

    // MARK: Time

    /// `instant` in nanoseconds since `epoch`.
    @inline(__always)
    func offset(of instant: ContinuousClock.Instant) -> Int64 {
        epoch.duration(to: instant).wholeNanoseconds
    }

    /// The instant `offset` nanoseconds after `epoch`.
    @inline(__always)
    func instant(atOffset offset: Int64) -> ContinuousClock.Instant {
        epoch.advanced(by: .nanoseconds(offset))
    }

    // MARK: Finishing messages

    /// Finishes one message: records its latency from the intended start (once, here and nowhere else), its error
    /// kind, the counters, and calls its completion.
    ///
    /// Call it with no lock held: the completion is user code.
    ///
    /// - Parameters:
    ///   - pending: The message.
    ///   - failure: Why it failed, or `nil` for a success.
    ///   - now: When it finished.
    func finish(_ pending: PendingMessage, failure: ServiceFailureKind?, at now: ContinuousClock.Instant) {
        if isReporting {
            let latency = max(.zero, pending.message.intendedStart.duration(to: now))
            monitor.recordRequest(latency: latency, succeeded: failure == nil)
            if let failure { monitor.recordError(kind: failure.rawValue) }
        }
        if let failure {
            counters.countFailure(failure)
            pending.completion(.failure(failure))
        } else {
            ServiceCounters.bump(counters.succeeded)
            pending.completion(.success)
        }
    }

    /// Finishes every message in `messages` with `failure`, reading the clock once.
    func finishAll(_ messages: [PendingMessage], failure: ServiceFailureKind) {
        guard !messages.isEmpty else { return }
        let now = ContinuousClock.now
        for pending in messages { finish(pending, failure: failure, at: now) }
    }

    // MARK: Reading

    /// The bytes the service accounts for: cache entries, pooled and temporary buffers, and waiting messages.
    var accountedMemoryBytes: Int {
        cacheBytes.load(ordering: .relaxed) + bufferPool.ownedBytes + queuedBytes.load(ordering: .relaxed)
    }

    /// The counters as of now.
    ///
    /// - Complexity: O(1), taking the queue lock and the cache lock once each.
    var statistics: ServiceStatistics {
        var statistics = ServiceStatistics()
        statistics.submitted = counters.submitted.load(ordering: .relaxed)
        statistics.succeeded = counters.succeeded.load(ordering: .relaxed)
        statistics.failures = counters.failureCounts
        statistics.waitedForAdmission = counters.waitedForAdmission.load(ordering: .relaxed)
        statistics.admittedAfterWaiting = counters.admittedAfterWaiting.load(ordering: .relaxed)
        statistics.backpressureEvents = counters.backpressureEvents.load(ordering: .relaxed)
        statistics.batches = counters.batches.load(ordering: .relaxed)
        statistics.batchedMessages = counters.batchedMessages.load(ordering: .relaxed)
        statistics.cacheHits = counters.cacheHits.load(ordering: .relaxed)
        statistics.cacheMisses = counters.cacheMisses.load(ordering: .relaxed)
        statistics.connectionsOpened = counters.connectionsOpened.load(ordering: .relaxed)
        statistics.connectionsRefused = counters.connectionsRefused.load(ordering: .relaxed)
        statistics.connectionsClosed = counters.connectionsClosed.load(ordering: .relaxed)
        statistics.connectionsExpired = counters.connectionsExpired.load(ordering: .relaxed)
        statistics.workDigest = counters.workDigest.load(ordering: .relaxed)
        statistics.buffersCreated = bufferPool.buffersCreated
        statistics.bufferPoolMisses = bufferPool.misses
        mutex.withLock {
            statistics.queueDepth = state.depth
            statistics.peakQueueDepth = state.peakDepth
            statistics.openConnections = state.connections.count
            statistics.workerThreads = state.workerThreads.count
        }
        cache.withLock { cache in
            statistics.cacheEvictions = cache.evictions
            statistics.cacheExpirations = cache.expirations
            statistics.cacheEntries = cache.count
        }
        statistics.queueWait = queueWaitTrace?.snapshot()
        statistics.processingTime = processingTrace?.snapshot()
        return statistics
    }
}
