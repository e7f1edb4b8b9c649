import PerfSupport
import Synchronization

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

/// What the service knows of one open connection.
struct ConnectionRecord: Sendable {
    /// When the connection last received a message (or opened).
    var lastActivity: ContinuousClock.Instant
    /// Messages received and not yet reported to the monitor as session activity.
    var unreportedMessages = 0
    /// Payload bytes received and not yet reported to the monitor.
    var unreportedBytes = 0

    /// Creates the record of a connection opened at `instant`.
    init(openedAt instant: ContinuousClock.Instant) {
        lastActivity = instant
    }
}

/// A message inside the service: what was sent, whom to tell, and when it arrived.
struct PendingMessage: Sendable {
    /// The message as submitted.
    let message: ServiceMessage
    /// Called once with the outcome.
    let completion: @Sendable (ServiceOutcome) -> Void
    /// When ``StreamingService/submit(_:completion:)`` received the message; the worker timeout and the batch wait
    /// are measured from here.
    let submittedAt: ContinuousClock.Instant
    /// When a message still waiting for admission is rejected as overloaded: `submittedAt` plus the backpressure
    /// window.
    let admissionDeadline: ContinuousClock.Instant

    /// The bytes the message accounts for while it waits: its payload and this record.
    var accountedBytes: Int {
        message.processedSize + MemoryLayout<PendingMessage>.stride
    }
}

/// Where the service is in its life.
enum ServicePhase: Sendable, Equatable {
    /// Created: messages queue up, no worker runs yet.
    case created
    /// Started: workers process the queue.
    case running
    /// Shutting down: no new message or connection is accepted; workers finish the queue until `deadline`, then the
    /// rest fails with ``ServiceFailureKind/shutdown``.
    case draining(deadline: ContinuousClock.Instant)
    /// Shut down: every thread has ended or is ending, and nothing is left in the queue.
    case stopped

    /// Whether new messages and connections are accepted.
    var isAccepting: Bool {
        switch self {
        case .created, .running: true
        case .draining, .stopped: false
        }
    }
}

/// One worker's busy-time bookkeeping, read by the utilization sampler without a lock.
final class WorkerSlot: Sendable {
    /// Nanoseconds spent on finished batches.
    let busyNanoseconds = Atomic<Int64>(0)
    /// When the batch in progress began, in nanoseconds since the service's epoch; -1 while idle.
    let busySince = Atomic<Int64>(-1)

    /// Busy nanoseconds up to `now` (nanoseconds since the epoch), the batch in progress included.
    func busyTime(at now: Int64) -> Int64 {
        let finished = busyNanoseconds.load(ordering: .relaxed)
        let since = busySince.load(ordering: .relaxed)
        return since >= 0 ? finished + max(0, now - since) : finished
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to the range of `Int64`.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = product.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sumOverflow { return seconds < 0 ? .min : .max }
        return sum
    }
}
