import PerfMonitor
import Synchronization

/// The counters and histograms one driver run writes to from its sender and completion threads.
///
/// Every write is a relaxed atomic add or a lock-free histogram record; nothing here takes a lock
/// per request. It is `Sendable` because every stored property is a `let` of a `Sendable` type.
final class RunRecorder: Sendable {
    // Per operation of the run's mix, by position: requests sent, completed and succeeded.
    let operationSent: [ShardedCounter]
    let operationCompleted: [ShardedCounter]
    let operationSucceeded: [ShardedCounter]
    let latency = LatencyHistogram()
    let lag = LatencyHistogram()
    let completed = Atomic<Int>(0)
    let succeeded = Atomic<Int>(0)
    let failures = FailureTally()
    let stopRequested = Atomic<Bool>(false)
    let sessionsOpened = Atomic<Int>(0)
    let sessionsRefused = Atomic<Int>(0)
    let sessionsCompleted = Atomic<Int>(0)
    // Closed-loop bookkeeping: requests sent so far, the next sequence number, connections that
    // have finished, and when the last of them finished, in nanoseconds after the start.
    let sent = Atomic<Int>(0)
    let nextSequence = Atomic<UInt64>(0)
    let finishedConnections = Atomic<Int>(0)
    let lastFinishNanoseconds = Atomic<Int64>(0)

    /// Creates a recorder for a run whose mix has `operationCount` operations (0 without a mix).
    init(operationCount: Int = 0) {
        operationSent = (0..<operationCount).map { _ in ShardedCounter() }
        operationCompleted = (0..<operationCount).map { _ in ShardedCounter() }
        operationSucceeded = (0..<operationCount).map { _ in ShardedCounter() }
    }

    /// Records the outcome of one request that was meant to start at `start`, and was answered
    /// at `answered` (now when nil).
    ///
    /// Counts are written before `completed`, with a releasing add, so a reader that sees
    /// `completed` with an acquiring load also sees the request's latency and outcome.
    @inline(__always)
    func complete(
        _ outcome: LoadOutcome,
        startedAt start: ContinuousClock.Instant,
        answeredAt answered: ContinuousClock.Instant? = nil,
        operation: Int? = nil
    ) {
        latency.record(start.duration(to: answered ?? .now))
        if let operation {
            operationCompleted[operation].add()
            if outcome.isSuccess { operationSucceeded[operation].add() }
        }
        switch outcome {
        case .success: succeeded.wrappingAdd(1, ordering: .relaxed)
        case .failure(let kind): failures.record(kind)
        }
        completed.wrappingAdd(1, ordering: .releasing)
    }

    /// The per-operation counts of a run with this mix, in the mix's order; empty without one.
    func operationCounts(_ mix: OperationMix?) -> [DriverReport.OperationCounts] {
        guard let mix else { return [] }
        return mix.entries.indices.map { index in
            let completed = Int(operationCompleted[index].value)
            return DriverReport.OperationCounts(
                name: mix.entries[index].name,
                sent: max(Int(operationSent[index].value), completed),
                completed: completed,
                succeeded: min(Int(operationSucceeded[index].value), completed)
            )
        }
    }

    /// Records that one closed-loop connection finished `elapsed` after the start.
    func noteFinish(elapsed: Duration) {
        let nanoseconds = elapsed.inNanoseconds
        var current = lastFinishNanoseconds.load(ordering: .relaxed)
        while nanoseconds > current {
            let (exchanged, original) = lastFinishNanoseconds.compareExchange(
                expected: current,
                desired: nanoseconds,
                ordering: .relaxed
            )
            if exchanged { break }
            current = original
        }
    }

    /// Whether the run was asked to stop early.
    var isStopRequested: Bool { stopRequested.load(ordering: .relaxed) }

    /// Asks the run to stop sending.
    func requestStop() { stopRequested.store(true, ordering: .relaxed) }
}
