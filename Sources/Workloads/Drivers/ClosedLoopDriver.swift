import Synchronization

/// Runs virtual users: each connection opens a session, streams messages one at a time (each
/// waits for the previous completion, then a think time), closes it, and starts the next.
///
/// Unlike the ``OpenLoopDriver``, the offered load adapts to the target: a slow target slows the
/// users down. That is the right model for streaming sessions, and the wrong one for measuring
/// latency under a fixed arrival rate. Latency here is measured from each actual send.
///
/// A session the target refuses (``LoadTarget/openSession(id:)`` returns `false`) is counted in
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
    /// Connections run as tasks; each waits for its request's completion without blocking a
    /// thread. The call returns when every connection has finished, or when the drain timeout
    /// after the duration has passed (requests still without a completion are reported as timed
    /// out in flight). Cancelling the calling task stops the connections and returns at once.
    ///
    /// - Parameters:
    ///   - target: Where sessions are opened and requests sent.
    ///   - progress: Called with the fraction of the duration done (0 ... 1), every
    ///     ``ClosedLoopConfiguration/progressInterval`` and once with 1 at the end.
    /// - Returns: The run's report; closed-loop runs are always valid.
    /// - Throws: ``WorkloadsError`` when the configuration is invalid.
    /// - Complexity: O(messages sent).
    public func run(
        against target: some LoadTarget,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws(WorkloadsError) -> DriverReport {
        try configuration.validate()
        let configuration = configuration
        let recorder = RunRecorder()
        let start = ContinuousClock.now
        let deadline = start.advanced(by: configuration.duration)
        for index in 0..<configuration.connections {
            Task.detached {
                await Self.runConnection(
                    index: index,
                    configuration: configuration,
                    target: target,
                    recorder: recorder,
                    deadline: deadline
                )
                recorder.finishConnection(elapsed: start.duration(to: .now))
            }
        }

        let giveUp = deadline.advanced(by: configuration.drainTimeout)
        var nextProgress = configuration.progressInterval
        await withTaskCancellationHandler {
            while recorder.finishedConnections.load(ordering: .acquiring) < configuration.connections {
                let now = ContinuousClock.now
                if now >= giveUp || Task.isCancelled { break }
                let elapsed = start.duration(to: now)
                if elapsed >= nextProgress, let progress {
                    progress(min(1, elapsed / configuration.duration))
                    nextProgress = elapsed + configuration.progressInterval
                }
                try? await Task.sleep(for: .milliseconds(2))
            }
        } onCancel: {
            recorder.requestStop()
        }
        progress?(1)

        let allFinished = recorder.finishedConnections.load(ordering: .acquiring) == configuration.connections
        let elapsed: Duration =
            allFinished
            ? .nanoseconds(recorder.lastFinishNanoseconds.load(ordering: .relaxed))
            : start.duration(to: .now)
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
            elapsed: elapsed,
            sessionsOpened: recorder.sessionsOpened.load(ordering: .relaxed),
            sessionsRefused: recorder.sessionsRefused.load(ordering: .relaxed),
            sessionsCompleted: recorder.sessionsCompleted.load(ordering: .relaxed),
            validity: .valid
        )
    }

    /// One virtual user: sessions back to back until the deadline.
    private static func runConnection(
        index: Int,
        configuration: ClosedLoopConfiguration,
        target: some LoadTarget,
        recorder: RunRecorder,
        deadline: ContinuousClock.Instant
    ) async {
        var generator = RequestGenerator(
            seed: configuration.seed,
            stream: UInt64(index) + 1,
            payloadSizes: configuration.payloadSizes,
            keys: configuration.keys
        )
        let connections = UInt64(configuration.connections)
        var sessionOrdinal: UInt64 = 0
        func isOver() -> Bool { recorder.isStopRequested || ContinuousClock.now >= deadline }

        while !isOver() {
            let sessionID = sessionOrdinal &* connections &+ UInt64(index) &+ 1
            sessionOrdinal &+= 1
            guard target.openSession(id: sessionID) else {
                recorder.sessionsRefused.wrappingAdd(1, ordering: .relaxed)
                recorder.failures.record(connectionRefusedKind)
                await pause(configuration.reconnectDelay)
                continue
            }
            recorder.sessionsOpened.wrappingAdd(1, ordering: .relaxed)
            var streamed = 0
            while streamed < configuration.messagesPerSession, !isOver() {
                if streamed > 0, configuration.thinkTime > .zero {
                    await pause(configuration.thinkTime)
                    if isOver() { break }
                }
                let (key, payloadSize) = generator.next()
                let sentAt = ContinuousClock.now
                let request = LoadRequest(
                    sequence: recorder.nextSequence.wrappingAdd(1, ordering: .relaxed).oldValue,
                    sessionID: sessionID,
                    key: key,
                    payloadSize: payloadSize,
                    intendedStart: sentAt
                )
                recorder.sent.wrappingAdd(1, ordering: .relaxed)
                await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                    let reply = Reply(continuation: continuation, recorder: recorder, sentAt: sentAt)
                    target.send(request) { outcome in reply.deliver(outcome) }
                }
                streamed += 1
            }
            target.closeSession(id: sessionID)
            if streamed == configuration.messagesPerSession {
                recorder.sessionsCompleted.wrappingAdd(1, ordering: .relaxed)
            }
        }
    }

    /// Sleeps for a pause, or yields when it is zero; returns early when the task is cancelled.
    private static func pause(_ duration: Duration) async {
        if duration > .zero {
            try? await Task.sleep(for: duration)
        } else {
            await Task.yield()
        }
    }
}

extension ClosedLoopDriver {
    /// The waiting side of one closed-loop request: records its outcome and resumes the
    /// connection, once, however many times the target calls the completion.
    private final class Reply: Sendable {
        private let continuation: UnsafeContinuation<Void, Never>
        private let recorder: RunRecorder
        private let sentAt: ContinuousClock.Instant
        private let isDelivered = Atomic<Bool>(false)

        init(continuation: UnsafeContinuation<Void, Never>, recorder: RunRecorder, sentAt: ContinuousClock.Instant) {
            self.continuation = continuation
            self.recorder = recorder
            self.sentAt = sentAt
        }

        func deliver(_ outcome: LoadOutcome) {
            // A target that calls a completion twice breaks its contract; the repeat is ignored
            // rather than resuming the connection twice.
            if isDelivered.exchange(true, ordering: .acquiringAndReleasing) { return }
            recorder.complete(outcome, startedAt: sentAt)
            continuation.resume()
        }
    }
}
