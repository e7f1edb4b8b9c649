import PerfMonitor
import PerfSupport
import Synchronization

/// Runs virtual users: each connection opens a session, streams messages one at a time (each
/// waits for the previous completion, then a think time), closes it, and starts the next.
///
/// Unlike the ``OpenLoopDriver``, the offered load adapts to the target: a slow target slows the
/// users down. That is the right model for streaming sessions, and the wrong one for measuring
/// latency under a fixed arrival rate. Latency here is measured from each actual send.
///
/// Each connection is a dedicated OS thread that blocks while its request is in flight, so
/// connections keep their pace even when Swift's cooperative pool is busy (a closed loop's rate
/// is bounded by round trips, not by this thread's cost). A session the target refuses
/// (``LoadTarget/openSession(id:)`` returns `false`) is counted in
/// ``DriverReport/sessionsRefused`` and as a failure of kind `connection_refused`; the connection
/// waits ``ClosedLoopConfiguration/reconnectDelay`` and tries a new session. Session identifiers
/// are unique within the run: the `n`-th session (from 0) of connection `i` is
/// `n × connections + i + 1`.
public struct ClosedLoopDriver: Sendable {
    /// What the driver runs.
    public let configuration: ClosedLoopConfiguration

    /// The failure kind counted for every refused session.
    public static let connectionRefusedKind = "connection_refused"

    /// Creates a driver.
    ///
    /// - Parameter configuration: What to run.
    public init(configuration: ClosedLoopConfiguration) {
        self.configuration = configuration
    }

    /// Runs the connections against a target until the duration ends, and returns the report.
    ///
    /// The calling task is suspended, not blocked. The call returns when every connection has
    /// finished its last message, or gave up waiting for it when the drain timeout after the
    /// duration passed (such requests are reported as timed out in flight). Cancelling the
    /// calling task stops the connections within a few milliseconds.
    ///
    /// - Parameters:
    ///   - target: Where sessions are opened and requests sent.
    ///   - progress: Called from a connection thread with the fraction of the duration done
    ///     (0 ... 1), about every ``ClosedLoopConfiguration/progressInterval``, and once with 1
    ///     at the end. Keep it quick: a call that takes longer than the interval may overlap the next.
    /// - Returns: The run's report; closed-loop runs are always valid.
    /// - Throws: ``WorkloadsError`` when the configuration is invalid or a thread cannot start.
    /// - Complexity: O(messages sent).
    public func run(
        against target: some LoadTarget,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws(WorkloadsError) -> DriverReport {
        try configuration.validate()
        let configuration = configuration
        let recorder = RunRecorder(operationCount: configuration.operations?.entries.count ?? 0)
        let startFailure = Mutex<WorkloadsError?>(nil)
        let start = ContinuousClock.now
        let progressTicker = ProgressTicker(interval: configuration.progressInterval)

        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let connections = configuration.connections
                let finish: @Sendable (Int) -> Void = { count in
                    let before = recorder.finishedConnections.wrappingAdd(count, ordering: .acquiringAndReleasing)
                    if before.newValue == connections { continuation.resume() }
                }
                for index in 0..<connections {
                    do throws(ThreadStartError) {
                        try DedicatedThread.detach(name: "closed-loop connection") {
                            Self.runConnection(
                                index: index,
                                configuration: configuration,
                                target: target,
                                recorder: recorder,
                                start: start,
                                progress: progress.map { callback in
                                    { progressTicker.tick(elapsed: $0, total: configuration.duration, callback) }
                                }
                            )
                            recorder.noteFinish(elapsed: start.duration(to: .now))
                            finish(1)
                        }
                    } catch {
                        startFailure.withLock { $0 = .threadStartFailed(error) }
                        recorder.requestStop()
                        finish(connections - index)
                        break
                    }
                }
            }
        } onCancel: {
            recorder.requestStop()
        }
        if let failure = startFailure.withLock({ $0 }) { throw failure }
        progress?(1)

        let completed = recorder.completed.load(ordering: .acquiring)
        let sent = max(recorder.sent.load(ordering: .acquiring), completed)
        return DriverReport(
            mode: .closedLoop,
            offered: sent,
            sent: sent,
            completed: completed,
            succeeded: min(recorder.succeeded.load(ordering: .relaxed), completed),
            failuresByKind: recorder.failures.counts(),
            timedOutInFlight: sent - completed,
            latency: recorder.latency.snapshot(),
            elapsed: .nanoseconds(recorder.lastFinishNanoseconds.load(ordering: .relaxed)),
            sessionsOpened: recorder.sessionsOpened.load(ordering: .relaxed),
            sessionsRefused: recorder.sessionsRefused.load(ordering: .relaxed),
            sessionsCompleted: recorder.sessionsCompleted.load(ordering: .relaxed),
            validity: .valid,
            operations: recorder.operationCounts(configuration.operations)
        )
    }

    /// One virtual user, on its own thread: sessions back to back until the deadline.
    private static func runConnection(
        index: Int,
        configuration: ClosedLoopConfiguration,
        target: some LoadTarget,
        recorder: RunRecorder,
        start: ContinuousClock.Instant,
        progress: ((Duration) -> Void)?
    ) {
        var generator = RequestGenerator(
            seed: configuration.seed,
            stream: UInt64(index) + 1,
            payloadSizes: configuration.payloadSizes,
            keys: configuration.keys
        )
        let mix = configuration.operations
        var operationRandom = SeededGenerator(
            seed: configuration.seed,
            stream: OperationMix.operationStream(forSenderStream: UInt64(index) + 1)
        )
        let deadline = start.advanced(by: configuration.duration)
        let giveUp = deadline.advanced(by: configuration.drainTimeout)
        let connections = UInt64(configuration.connections)
        let gate = CompletionGate()
        let shouldStop = { recorder.isStopRequested }
        var generation: UInt64 = 0
        var sessionOrdinal: UInt64 = 0
        func isOver() -> Bool { recorder.isStopRequested || ContinuousClock.now >= deadline }

        sessions: while !isOver() {
            let sessionID = sessionOrdinal &* connections &+ UInt64(index) &+ 1
            sessionOrdinal &+= 1
            guard target.openSession(id: sessionID) else {
                recorder.sessionsRefused.wrappingAdd(1, ordering: .relaxed)
                recorder.failures.record(connectionRefusedKind)
                PreciseWait.sleep(for: configuration.reconnectDelay, shouldStop: shouldStop)
                continue
            }
            recorder.sessionsOpened.wrappingAdd(1, ordering: .relaxed)
            var streamed = 0
            while streamed < configuration.messagesPerSession, !isOver() {
                if streamed > 0, configuration.thinkTime > .zero {
                    PreciseWait.sleep(for: configuration.thinkTime, shouldStop: shouldStop)
                    if isOver() { break }
                }
                let (key, payloadSize) = generator.next()
                let operation = mix.map { $0.nextIndex(using: &operationRandom) }
                generation &+= 1
                let current = generation
                let sentAt = ContinuousClock.now
                let request = LoadRequest(
                    sequence: recorder.nextSequence.wrappingAdd(1, ordering: .relaxed).oldValue,
                    sessionID: sessionID,
                    key: key,
                    payloadSize: payloadSize,
                    intendedStart: sentAt,
                    operation: operation.flatMap { mix?.entries[$0].name }
                )
                recorder.sent.wrappingAdd(1, ordering: .relaxed)
                if let operation { recorder.operationSent[operation].add() }
                target.send(request) { outcome in
                    // A target that calls a completion twice breaks its contract; the repeat is
                    // ignored rather than counted twice.
                    guard gate.claim(current) else { return }
                    recorder.complete(outcome, startedAt: sentAt, operation: operation)
                    gate.publish(current)
                }
                guard gate.wait(for: current, until: giveUp, shouldStop: shouldStop) else {
                    // Still in flight at the drain deadline (or stopped): the report counts it in
                    // flight. Claim its generation so that a late completion is not counted as
                    // completed too; if the completion claimed it first, it is being recorded, so
                    // wait for it to finish and the counts stay consistent.
                    if !gate.claim(current) {
                        _ = gate.wait(for: current, until: .now.advanced(by: .seconds(1)), shouldStop: { false })
                    }
                    target.closeSession(id: sessionID)
                    break sessions
                }
                streamed += 1
                progress?(start.duration(to: .now))
            }
            target.closeSession(id: sessionID)
            if streamed == configuration.messagesPerSession {
                recorder.sessionsCompleted.wrappingAdd(1, ordering: .relaxed)
            }
        }
    }
}

extension ClosedLoopDriver {
    /// Decides which connection thread reports progress next: the first to see the next interval
    /// boundary passed claims it with a compare-exchange.
    private final class ProgressTicker: Sendable {
        private let interval: Int64
        private let next: Atomic<Int64>

        init(interval: Duration) {
            self.interval = max(1, interval.inNanoseconds)
            next = Atomic(self.interval)
        }

        func tick(elapsed: Duration, total: Duration, _ callback: (Double) -> Void) {
            let now = elapsed.inNanoseconds
            let due = next.load(ordering: .relaxed)
            guard now >= due else { return }
            guard next.compareExchange(expected: due, desired: now + interval, ordering: .relaxed).exchanged else {
                return
            }
            callback(min(1, elapsed / total))
        }
    }
}
