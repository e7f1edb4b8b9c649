public import PerfMonitor

/// The simulated streaming service the benchmarks drive: a connection gate, a bounded queue with backpressure, a
/// batcher, a pool of worker threads, an LRU and TTL response cache and buffer pools, all tuned by an
/// ``OptimizationConfig`` and all reporting to a `StreamPerformanceMonitor`.
///
/// ```swift
/// let monitor = StreamPerformanceMonitor()
/// let service = StreamingService(configuration: .balanced, monitor: monitor)
/// service.start()
/// service.submit(ServiceMessage(sequence: 0, key: 42, payloadSize: 1024, intendedStart: .now)) { outcome in
///     print(outcome)
/// }
/// service.shutdown(drainTimeout: .seconds(1))
/// ```
///
/// **Admission and backpressure.** The queue's capacity `C` is `workerPool.workerQueueCapacity` and its high-water
/// mark is `H = ⌈backpressureThreshold × C⌉` (at least 1). ``submit(_:completion:)`` never blocks:
/// 1. A message enters the queue at once when the queue holds fewer than `H` messages and no message is waiting.
/// 2. Otherwise the producer "waits" without blocking: the message is parked in the *admission list*, which holds at
///    most `C − H` messages, and enters the queue, oldest first, as soon as workers take messages and the queue falls
///    below `H`.
/// 3. A parked message still waiting `backpressureWindow` after its submission fails with
///    ``ServiceFailureKind/overloaded``, as does a message that finds the admission list full (at once, on the
///    caller's thread).
///
/// A *backpressure event* is recorded each time the service enters this state: when the queue reaches `H`, or a
/// message is parked, while it was not already backpressured. The state ends when the admission list is empty and
/// the queue is below `H` again. At most `C` messages wait in the service, plus one batch per worker in progress.
/// With a threshold of 1 there is no admission list: a message that finds the queue full is rejected at once.
///
/// **Batching and workers.** `workerPool.workerCount` OS threads take batches of up to `batching.batchSize`
/// messages; on Linux they run under `SCHED_BATCH`, so that a woken worker does not preempt the load driver's sender
/// on a small machine. A worker with an empty queue sleeps until a message arrives; then it takes a batch as soon as
/// `batchSize` messages are queued, or when `batchTimeout` has passed since it started collecting the batch, taking
/// what is there — but never later than `maxBatchWait` after the batch's oldest message was submitted, so a message
/// that already waited that long behind busy workers is taken at once. A message whose time from submission to the
/// start of its processing exceeds `workerPool.workerTimeout` fails with ``ServiceFailureKind/timeout`` without
/// being processed. Processing is real CPU work on the payload, described by ``ServiceCostModel``; the response
/// cache (`cache.cacheCapacity` entries living `cache.cacheTTL`) saves a miss's backend cost, and payloads are
/// filled into buffers from a pool of `pools.bufferPoolCount` buffers of `pools.bufferInitialCapacity` bytes.
///
/// **Connections.** At most `backpressure.maxConcurrentConnections` connections are open at once; a refused
/// connection counts an error of kind `connection_refused`, and so does each message naming a connection that is
/// not open. A session idle for `streams.streamTimeout` is ended and its connection closed.
///
/// **Reporting.** Unless `monitoring.monitoringEnabled` is off, every message's latency is recorded exactly once, at
/// its completion, as the time from its ``ServiceMessage/intendedStart`` — with its error kind when it failed —
/// along with cache lookups, batches (size and duration), backpressure events, queue depth (after every batch and
/// every sample), worker utilization (busy fraction, sampled at least every 100 ms) and sessions (started, activity,
/// ended). The service never reports memory: the monitor samples the process itself, and
/// ``accountedMemoryBytes`` gives the service's own share.
///
/// Call ``shutdown(drainTimeout:)`` when done; dropping the last reference shuts down without draining.
public final class StreamingService: Sendable {
    /// The configuration the service runs with.
    public let configuration: OptimizationConfig
    /// The cost of processing a message.
    public let costModel: ServiceCostModel
    /// The faults injected.
    public let faults: FaultInjection
    /// The seed of every random draw (injected errors, backend latencies).
    public let seed: UInt64
    private let core: ServiceCore

    /// Creates a service; call ``start()`` to start its workers.
    ///
    /// The configuration is used as given; check it first with `OptimizationConfig.validated()`. Values a
    /// validated configuration cannot hold are clamped (a count below 1 counts as 1).
    ///
    /// - Parameters:
    ///   - configuration: The tuning, usually a preset such as `OptimizationConfig.balanced`.
    ///   - monitor: Where everything is reported.
    ///   - costModel: The cost of processing a message; ``ServiceCostModel/default`` is calibrated for benchmarks.
    ///   - faults: Faults to inject; none by default.
    ///   - seed: The seed of every random draw.
    public init(
        configuration: OptimizationConfig,
        monitor: StreamPerformanceMonitor,
        costModel: ServiceCostModel = .default,
        faults: FaultInjection = .none,
        seed: UInt64 = 1
    ) {
        self.configuration = configuration
        self.costModel = costModel
        self.faults = faults
        self.seed = seed
        core = ServiceCore(
            configuration: configuration,
            monitor: monitor,
            costModel: costModel,
            faults: faults,
            seed: seed
        )
    }

    deinit {
        core.shutdown(drainTimeout: .zero)
    }

    /// The monitor everything is reported to.
    public var monitor: StreamPerformanceMonitor { core.monitor }

    /// Starts the worker threads and the housekeeping thread; the stall fault's clock starts here.
    ///
    /// Messages submitted before are kept and processed once the workers run. A second call, or a call after
    /// shutdown, does nothing.
    public func start() {
        core.start()
    }

    /// Hands a message to the service without blocking, and arranges for `completion` to be called exactly once.
    ///
    /// The call takes one short lock and returns within microseconds; it never waits for room in the queue (see the
    /// admission rule in the type's documentation). `completion` runs on a worker thread when the message is
    /// processed or times out, on the housekeeping or a worker thread when its admission window ends, on the
    /// calling thread when the message is rejected at once, and on the thread calling ``shutdown(drainTimeout:)``
    /// when shutdown abandons it. It is never called while the service holds a lock, so it may call the service.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - completion: Called once with the outcome.
    public func submit(_ message: ServiceMessage, completion: @escaping @Sendable (ServiceOutcome) -> Void) {
        core.submit(message, completion: completion)
    }

    /// Opens a connection for streaming, reporting the start of its session.
    ///
    /// - Parameter id: The connection's identifier; opening an open connection again changes nothing.
    /// - Returns: `true` when the connection is open; `false` when `maxConcurrentConnections` are already open or
    ///   the service is shutting down, which counts an error of kind `connection_refused`.
    public func openConnection(id: UInt64) -> Bool {
        core.openConnection(id: id)
    }

    /// Closes a connection, reporting its session's end; unknown identifiers are ignored.
    ///
    /// Messages of the connection already submitted are still processed.
    ///
    /// - Parameter id: The connection's identifier.
    public func closeConnection(id: UInt64) {
        core.closeConnection(id: id)
    }

    /// Stops accepting work, lets the workers finish the queue for at most `drainTimeout`, fails what is left with
    /// ``ServiceFailureKind/shutdown``, closes every connection and joins every thread.
    ///
    /// When it returns, every message submitted has had its completion called, except messages held by a worker
    /// whose thread is the one calling (a completion handler may call this). New messages fail with
    /// ``ServiceFailureKind/shutdown`` and new connections are refused. A service never started fails its queued
    /// messages at once. Later and concurrent calls wait for the first to finish (a call from one of the service's
    /// own threads returns at once instead), then return.
    ///
    /// - Parameter drainTimeout: How long the workers may keep processing; a stall or backend latency in progress
    ///   is cut short when it runs out.
    public func shutdown(drainTimeout: Duration) {
        core.shutdown(drainTimeout: drainTimeout)
    }

    /// The bytes the service holds on its own account: cache entries (responses and bookkeeping), pooled and
    /// temporary buffers, and the payloads and records of the messages waiting in the queue and the admission list.
    ///
    /// Read without a lock; the parts are read one after another, so the sum may mix moments a few nanoseconds
    /// apart.
    public var accountedMemoryBytes: Int {
        core.accountedMemoryBytes
    }

    /// The service's counters, as of now.
    public var statistics: ServiceStatistics {
        core.statistics
    }
}
