import PerfMonitor
import Synchronization

extension ServiceCore {
    /// Why a message was not queued or parked at submission.
    private enum Admission {
        case queued(wakeIdleWorker: Bool, wakeCollector: Bool, backpressureBegan: Bool)
        case waiting(wakeHousekeeper: Bool, backpressureBegan: Bool)
        case rejected(ServiceFailureKind)
    }

    /// Accepts a message without ever blocking the caller; see ``StreamingService/submit(_:completion:)`` for the
    /// admission rule.
    ///
    /// Takes the queue lock once. Rejections, and messages in the admission list found past their window, are
    /// finished on the calling thread after the lock is released.
    ///
    /// - Complexity: Amortized O(1), plus O(k) for k waiting messages found past their window.
    func submit(_ message: ServiceMessage, completion: @escaping @Sendable (ServiceOutcome) -> Void) {
        ServiceCounters.bump(counters.submitted)
        let now = ContinuousClock.now
        let pending = PendingMessage(
            message: message,
            completion: completion,
            submittedAt: now,
            admissionDeadline: now.advanced(by: configuration.backpressure.backpressureWindow)
        )
        var expired: [PendingMessage] = []
        mutex.lock()
        expireWaiting(at: now, into: &expired)
        let admission = admit(pending, at: now)
        mutex.unlock()

        switch admission {
        case .queued(let wakeIdleWorker, let wakeCollector, let backpressureBegan):
            if wakeIdleWorker { workAvailable.signal() }
            if wakeCollector { batchFilled.signal() }
            if backpressureBegan { reportBackpressure() }
        case .waiting(let wakeHousekeeper, let backpressureBegan):
            ServiceCounters.bump(counters.waitedForAdmission)
            if wakeHousekeeper { housekeeping.signal() }
            if backpressureBegan { reportBackpressure() }
        case .rejected(let kind):
            finish(pending, failure: kind, at: now)
        }
        finishAll(expired, failure: .overloaded)
    }

    /// Decides what happens to a new message. Call with `mutex` held.
    private func admit(_ pending: PendingMessage, at now: ContinuousClock.Instant) -> Admission {
        guard state.phase.isAccepting else { return .rejected(.shutdown) }
        if let id = pending.message.connectionID {
            guard state.connections[id] != nil else { return .rejected(.connectionRefused) }
            noteActivity(onConnection: id, bytes: pending.message.processedSize, at: now)
        }
        if state.waiting.isEmpty && state.queue.count < queueLimit {
            state.queue.append(pending)
            queuedBytes.wrappingAdd(pending.accountedBytes, ordering: .relaxed)
            state.peakDepth = max(state.peakDepth, state.depth)
            var backpressureBegan = false
            if state.queue.count >= queueLimit && !state.isBackpressured {
                state.isBackpressured = true
                backpressureBegan = true
            }
            return .queued(
                wakeIdleWorker: state.queue.count == 1 && state.idleWorkers > 0,
                wakeCollector: state.collectingWorkers > 0 && state.queue.count >= batchSize,
                backpressureBegan: backpressureBegan
            )
        }
        guard state.waiting.count < waitingLimit else { return .rejected(.overloaded) }
        state.waiting.append(pending)
        queuedBytes.wrappingAdd(pending.accountedBytes, ordering: .relaxed)
        state.peakDepth = max(state.peakDepth, state.depth)
        let backpressureBegan = !state.isBackpressured
        state.isBackpressured = true
        return .waiting(wakeHousekeeper: state.waiting.count == 1, backpressureBegan: backpressureBegan)
    }

    /// Moves messages from the admission list into the queue while it is below the high-water mark, oldest first;
    /// those past their window go to `expired` instead. Ends the backpressure episode when the list is empty and the
    /// queue is below the mark. Call with `mutex` held.
    ///
    /// - Complexity: O(messages moved).
    func admitWaiting(at now: ContinuousClock.Instant, expired: inout [PendingMessage]) {
        while state.queue.count < queueLimit, let head = state.waiting.popFirst() {
            if head.admissionDeadline <= now {
                queuedBytes.wrappingSubtract(head.accountedBytes, ordering: .relaxed)
                expired.append(head)
            } else {
                state.queue.append(head)
                ServiceCounters.bump(counters.admittedAfterWaiting)
            }
        }
        if state.waiting.isEmpty && state.queue.count < queueLimit {
            state.isBackpressured = false
        }
    }

    /// Removes the messages at the head of the admission list whose window has passed, into `expired`.
    ///
    /// The list is in submission order and every message gets the same window, so the expired ones are at its head.
    /// Call with `mutex` held.
    ///
    /// - Complexity: O(messages expired).
    func expireWaiting(at now: ContinuousClock.Instant, into expired: inout [PendingMessage]) {
        while let head = state.waiting.first, head.admissionDeadline <= now {
            _ = state.waiting.popFirst()
            queuedBytes.wrappingSubtract(head.accountedBytes, ordering: .relaxed)
            expired.append(head)
        }
        if state.waiting.isEmpty && state.queue.count < queueLimit {
            state.isBackpressured = false
        }
    }

    /// Counts a backpressure episode and reports it to the monitor.
    private func reportBackpressure() {
        ServiceCounters.bump(counters.backpressureEvents)
        if isReporting { monitor.recordBackpressureEvent() }
    }
}
