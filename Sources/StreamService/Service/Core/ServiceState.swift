import PerfSupport

/// Everything the service's threads share that changes together: the queue, the admission list, the connections,
/// the phase and the workers' whereabouts.
///
/// `@unchecked Sendable` is sound because every property is read and written only while the owning
/// ``ServiceCore``'s `mutex` is held: the core creates one instance, never hands it out, and touches it only inside
/// `mutex.withLock` or between `mutex.lock()` and `mutex.unlock()` (condition waits release and retake that same
/// mutex). The class is a reference, so a property read after a wait sees the writes other threads made meanwhile.
final class ServiceState: @unchecked Sendable {
    /// Where the service is in its life.
    var phase = ServicePhase.created
    /// Messages ready for the workers, oldest first; at most the high-water mark.
    var queue = RingBuffer<PendingMessage>()
    /// Messages waiting for room in the queue (the admission list), oldest first.
    var waiting = RingBuffer<PendingMessage>()
    /// The most messages in `queue` and `waiting` at once.
    var peakDepth = 0
    /// Whether the queue has reached its high-water mark and not yet drained below it with nothing waiting.
    var isBackpressured = false
    /// The open connections.
    var connections: [UInt64: ConnectionRecord] = [:]
    /// Connections with activity not yet reported to the monitor (each listed once).
    var connectionsWithActivity: [UInt64] = []
    /// Workers waiting for the queue to become non-empty.
    var idleWorkers = 0
    /// Workers waiting for a partial batch to fill.
    var collectingWorkers = 0
    /// The worker threads started and not yet joined.
    var workerThreads: [DedicatedThread] = []
    /// The housekeeping thread, once started.
    var housekeeperThread: DedicatedThread?
    /// The thread running the first ``ServiceCore/shutdown(drainTimeout:)``, while it runs.
    var shutdownLeader: DedicatedThread?
    /// Whether the first shutdown has finished.
    var isShutdownComplete = false

    /// Messages in the queue and the admission list.
    var depth: Int { queue.count + waiting.count }
}
