import Synchronization

extension ServiceCore {
    /// What a worker got from ``takeBatch(into:expired:abandoned:)``.
    enum BatchTake {
        /// A batch to process; `depth` is the queue and admission list's depth after the take.
        case batch(depth: Int)
        /// Nothing to process this time (only messages to fail, if any).
        case nothing
        /// The service is shutting down and nothing is left: the worker ends.
        case exit
    }

    /// Waits for a batch and moves it into `batch`; never holds the lock while a completion runs.
    ///
    /// The batching rule: a worker with an empty queue sleeps until a message arrives. Once the queue is non-empty
    /// the worker *collects*: it takes a batch as soon as the queue holds `batchSize` messages, or when the batch's
    /// wait is over — `batchTimeout` after the worker began collecting, and never later than `maxBatchWait` after
    /// the oldest message was submitted — taking whatever is there (up to `batchSize`). A message that has already
    /// waited `maxBatchWait` (behind busy workers) is therefore taken at once. While the service drains, batches
    /// are taken without waiting to fill; after the drain deadline everything left is moved to `abandoned`.
    ///
    /// - Parameters:
    ///   - batch: Receives the batch; empty on entry.
    ///   - expired: Receives messages from the admission list whose window passed (fail them as overloaded).
    ///   - abandoned: Receives messages left at the drain deadline (fail them as shutdown).
    /// - Returns: What to do next.
    /// - Complexity: O(`batchSize`) per take, plus O(messages moved between the lists).
    func takeBatch(
        into batch: inout [PendingMessage],
        expired: inout [PendingMessage],
        abandoned: inout [PendingMessage]
    ) -> BatchTake {
        mutex.lock()
        defer { mutex.unlock() }
        var collectingSince: ContinuousClock.Instant?
        while true {
            let now = ContinuousClock.now
            expireWaiting(at: now, into: &expired)
            switch state.phase {
            case .stopped:
                abandonEverything(into: &abandoned)
                return .exit
            case .draining(let deadline):
                if now >= deadline {
                    abandonEverything(into: &abandoned)
                    return .exit
                }
                admitWaiting(at: now, expired: &expired)
                if state.queue.isEmpty {
                    return expired.isEmpty ? .exit : .nothing
                }
                return .batch(depth: moveBatch(into: &batch, at: now, expired: &expired))
            case .created, .running:
                break
            }
            guard let head = state.queue.first else {
                collectingSince = nil
                if !expired.isEmpty { return .nothing }
                state.idleWorkers += 1
                workAvailable.wait(on: mutex)
                state.idleWorkers -= 1
                continue
            }
            if state.queue.count >= batchSize {
                return .batch(depth: moveBatch(into: &batch, at: now, expired: &expired))
            }
            let since = collectingSince ?? now
            collectingSince = since
            let handOff = min(
                since.advanced(by: configuration.batching.batchTimeout),
                head.submittedAt.advanced(by: configuration.batching.maxBatchWait)
            )
            if now >= handOff {
                return .batch(depth: moveBatch(into: &batch, at: now, expired: &expired))
            }
            if !expired.isEmpty { return .nothing }
            state.collectingWorkers += 1
            batchFilled.wait(on: mutex, until: handOff)
            state.collectingWorkers -= 1
        }
    }

    /// Moves up to `batchSize` messages from the queue into `batch`, refills the queue from the admission list, and
    /// wakes another worker when messages are left. Call with `mutex` held.
    ///
    /// - Returns: The depth of the queue and admission list afterwards.
    /// - Complexity: O(`batchSize`) plus O(messages admitted).
    private func moveBatch(
        into batch: inout [PendingMessage],
        at now: ContinuousClock.Instant,
        expired: inout [PendingMessage]
    ) -> Int {
        var bytes = 0
        while batch.count < batchSize, let pending = state.queue.popFirst() {
            bytes += pending.accountedBytes
            batch.append(pending)
        }
        queuedBytes.wrappingSubtract(bytes, ordering: .relaxed)
        admitWaiting(at: now, expired: &expired)
        if !state.queue.isEmpty && state.idleWorkers > 0 {
            workAvailable.signal()
        }
        return state.depth
    }

    /// Moves everything in the queue and the admission list to `abandoned`. Call with `mutex` held.
    ///
    /// - Complexity: O(depth).
    func abandonEverything(into abandoned: inout [PendingMessage]) {
        state.queue.drain(into: &abandoned)
        state.waiting.drain(into: &abandoned)
        queuedBytes.store(0, ordering: .relaxed)
        state.isBackpressured = false
    }
}
