import PerfMonitor
import PerfSupport
import Synchronization

/// Sends requests at a schedule's intended instants, whatever the target is doing.
///
/// A dedicated OS thread sleeps until each intended instant (a coarse `nanosleep`, then a spin
/// for the last ``OpenLoopConfiguration/spinWindow``), hands the request to the target and moves
/// on: it never waits for a completion, so a slow target cannot slow the offered load down. A
/// ``ScheduledLoadTarget`` (the HTTP client) is instead handed each request up to
/// ``OpenLoopConfiguration/lookahead`` before its instant, in batches with sleeps between, and
/// sends it at the instant itself: nothing spins, and the schedule lag is the target's.
/// Latency is measured from each request's *intended* instant to its completion, so a stall in
/// the target (or in the sender) shows up in full in the percentiles instead of being hidden by
/// requests that were never sent on time (no coordinated omission).
///
/// The sender records the schedule lag (actual − intended send) in a second histogram. It
/// still sends arrivals that are late; only when the run's deadline (the schedule's end plus
/// ``OpenLoopConfiguration/lateSendAllowance``) has passed does it stop and count the rest as
/// unsent. After the last send it waits, at most ``OpenLoopConfiguration/drainTimeout``, for the
/// requests in flight. The report is marked invalid when the lag or the sent fraction misses
/// ``OpenLoopConfiguration/limits``.
///
/// ```swift
/// let driver = OpenLoopDriver(configuration: OpenLoopConfiguration(
///     schedule: .constant(rate: 2000, duration: .seconds(30)), seed: 7))
/// let report = try await driver.run(against: target) { fraction in print(fraction) }
/// ```
public struct OpenLoopDriver: Sendable {
    /// What the driver sends and how strictly it keeps time.
    public let configuration: OpenLoopConfiguration

    /// Creates a driver.
    ///
    /// - Parameter configuration: What to send and how strictly to keep time.
    public init(configuration: OpenLoopConfiguration) {
        self.configuration = configuration
    }

    /// Runs the schedule against a target on a dedicated sender thread and returns its report.
    ///
    /// The calling task is suspended, not blocked, for the run. Cancelling it stops sending;
    /// arrivals not yet sent are counted as unsent.
    ///
    /// - Parameters:
    ///   - target: Where requests are sent.
    ///   - progress: Called on the sender thread with the fraction of the schedule done (0 ... 1),
    ///     every ``OpenLoopConfiguration/progressInterval`` and once with 1 at the end. Keep it
    ///     quick: it runs between sends.
    /// - Returns: The run's report.
    /// - Throws: ``WorkloadsError`` when the configuration is invalid or the thread cannot start.
    /// - Complexity: O(arrivals).
    public func run(
        against target: some LoadTarget,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws(WorkloadsError) -> DriverReport {
        try configuration.validate()
        let recorder = RunRecorder(operationCount: configuration.operations?.entries.count ?? 0)
        let driver = self
        let result: Result<DriverReport, WorkloadsError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                do throws(ThreadStartError) {
                    try DedicatedThread.detach(name: "open-loop sender") {
                        let report = driver.send(to: target, recorder: recorder, progress: progress)
                        continuation.resume(returning: .success(report))
                    }
                } catch {
                    continuation.resume(returning: .failure(.threadStartFailed(error)))
                }
            }
        } onCancel: {
            recorder.requestStop()
        }
        return try result.get()
    }

    /// Runs the schedule against a target on the calling thread, blocking it for the whole run.
    ///
    /// Use it from a thread you own (a benchmark's main thread, say), never from a Swift
    /// concurrency task: it would hold one of the few cooperative threads for the whole run.
    ///
    /// - Parameters:
    ///   - target: Where requests are sent.
    ///   - progress: Called on the calling thread with the fraction of the schedule done.
    /// - Returns: The run's report.
    /// - Throws: ``WorkloadsError`` when the configuration is invalid.
    /// - Complexity: O(arrivals).
    public func runBlocking(
        against target: some LoadTarget,
        progress: (@Sendable (Double) -> Void)? = nil
    ) throws(WorkloadsError) -> DriverReport {
        try configuration.validate()
        let recorder = RunRecorder(operationCount: configuration.operations?.entries.count ?? 0)
        return send(to: target, recorder: recorder, progress: progress)
    }

    /// The sender loop, then the drain, then the report.
    private func send(
        to target: some LoadTarget,
        recorder: RunRecorder,
        progress: (@Sendable (Double) -> Void)?
    ) -> DriverReport {
        let configuration = configuration
        let scheduleDuration = configuration.schedule.duration
        var generator = RequestGenerator(
            seed: configuration.seed,
            payloadSizes: configuration.payloadSizes,
            keys: configuration.keys
        )
        let mix = configuration.operations
        var operationRandom = SeededGenerator(
            seed: configuration.seed,
            stream: OperationMix.operationStream(forSenderStream: 0)
        )
        var offsets = configuration.schedule.arrivalOffsets()
        // Start a millisecond from now so that the first arrivals are not late by setup time.
        let start = ContinuousClock.now.advanced(by: .milliseconds(1))
        let sendDeadline = start.advanced(by: scheduleDuration + configuration.lateSendAllowance)
        let spinWindow = configuration.spinWindow
        let lookahead = configuration.lookahead
        let scheduledTarget = target as? any ScheduledLoadTarget
        var nextProgress = configuration.progressInterval
        var sent = 0

        while let offset = offsets.next() {
            let intended = start.advanced(by: offset)
            var now: ContinuousClock.Instant
            if scheduledTarget != nil {
                // Hand over everything due within the lookahead; past it, sleep until half the
                // lookahead before the next instant, so that each wake-up hands over a batch.
                now = ContinuousClock.now
                if now.advanced(by: lookahead) < intended {
                    now = PreciseWait.until(intended - lookahead / 2, spinWindow: .zero) { recorder.isStopRequested }
                }
            } else {
                now = PreciseWait.until(intended, spinWindow: spinWindow) { recorder.isStopRequested }
            }
            if now > sendDeadline || recorder.isStopRequested { break }
            let (key, payloadSize) = generator.next()
            let operation = mix.map { $0.nextIndex(using: &operationRandom) }
            let request = LoadRequest(
                sequence: offsets.yieldedCount &- 1,
                key: key,
                payloadSize: payloadSize,
                intendedStart: intended,
                operation: operation.flatMap { mix?.entries[$0].name }
            )
            sent += 1
            if let operation { recorder.operationSent[operation].add() }
            if let scheduledTarget {
                scheduledTarget.send(scheduled: request) { outcome, times in
                    if let takenUp = times.takenUp { recorder.lag.record(intended.duration(to: takenUp)) }
                    recorder.complete(outcome, startedAt: intended, answeredAt: times.answered, operation: operation)
                }
            } else {
                recorder.lag.record(intended.duration(to: now))
                target.send(request) { outcome in recorder.complete(outcome, startedAt: intended, operation: operation)
                }
            }
            if offset >= nextProgress, let progress {
                progress(offset / scheduleDuration)
                nextProgress = offset + configuration.progressInterval
            }
        }

        let drainDeadline = ContinuousClock.now.advanced(by: configuration.drainTimeout)
        var completed = recorder.completed.load(ordering: .acquiring)
        while completed < sent, ContinuousClock.now < drainDeadline {
            PreciseWait.sleep(for: .microseconds(200))
            completed = recorder.completed.load(ordering: .acquiring)
        }
        let end = ContinuousClock.now
        progress?(1)

        let lag = recorder.lag.snapshot()
        // `arrivalCount` is exactly the number of offsets the schedule yields, so the arrivals
        // left when sending stopped need not be enumerated (a flat-out run leaves millions).
        let offered = max(configuration.schedule.arrivalCount, sent)
        let unsent = offered - sent
        return DriverReport(
            mode: .openLoop,
            offered: offered,
            sent: sent,
            completed: min(completed, sent),
            succeeded: min(recorder.succeeded.load(ordering: .relaxed), completed),
            failuresByKind: recorder.failures.counts(),
            unsent: unsent,
            timedOutInFlight: max(0, sent - completed),
            latency: recorder.latency.snapshot(),
            scheduleLag: lag,
            elapsed: start.duration(to: end),
            validity: configuration.limits.validity(offered: offered, sent: sent, lag: lag),
            operations: recorder.operationCounts(mix)
        )
    }
}
