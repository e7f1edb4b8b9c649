import PerfMonitor
import Synchronization

extension ServiceCore {
    /// One worker thread's life: take a batch, process it, until shutdown leaves nothing to do.
    func runWorker(_ slot: WorkerSlot) {
        var batch: [PendingMessage] = []
        batch.reserveCapacity(batchSize)
        var expired: [PendingMessage] = []
        var abandoned: [PendingMessage] = []
        while true {
            let take = takeBatch(into: &batch, expired: &expired, abandoned: &abandoned)
            finishAll(expired, failure: .overloaded)
            expired.removeAll(keepingCapacity: true)
            finishAll(abandoned, failure: .shutdown)
            abandoned.removeAll(keepingCapacity: true)
            switch take {
            case .exit:
                return
            case .nothing:
                continue
            case .batch(let depth):
                if isReporting { monitor.updateQueueDepth(depth) }
                process(batch, slot: slot)
                batch.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Processes one batch: buffers and cache lookups for the whole batch at once, then each message in turn, each
    /// finished as soon as it is done; new responses are stored in the cache at the end.
    ///
    /// A message fails with ``ServiceFailureKind/timeout`` instead of being processed when more than the worker
    /// timeout passed between its submission and the start of its processing, and with
    /// ``ServiceFailureKind/shutdown`` when the drain deadline has passed.
    ///
    /// - Complexity: O(batch size) plus the simulated work of each message.
    func process(_ batch: [PendingMessage], slot: WorkerSlot) {
        let batchStart = ContinuousClock.now
        slot.busySince.store(offset(of: batchStart), ordering: .relaxed)
        var buffers = bufferPool.acquire(sizes: batch.map(\.message.processedSize))
        let cached: [[UInt8]?] = cache.withLock { cache in
            let found = batch.map { cache.value(forKey: $0.message.key, at: batchStart) }
            cacheBytes.store(cache.count * cacheEntryBytes, ordering: .relaxed)
            return found
        }
        let workerTimeout = configuration.workerPool.workerTimeout
        var newResponses: [(key: UInt64, response: [UInt8])] = []
        var digest: UInt64 = 0
        var now = batchStart
        for index in batch.indices {
            let pending = batch[index]
            now = waitOutStall(at: now)
            if offset(of: now) >= drainDeadline.load(ordering: .relaxed) {
                finish(pending, failure: .shutdown, at: now)
                continue
            }
            let waited = pending.submittedAt.duration(to: now)
            if waited > workerTimeout {
                finish(pending, failure: .timeout, at: now)
                continue
            }
            queueWaitTrace?.record(waited)
            let started = now
            let response = cached[index]
            if response == nil {
                ServiceCounters.bump(counters.cacheMisses)
            } else {
                ServiceCounters.bump(counters.cacheHits)
            }
            if isReporting { monitor.recordCacheLookup(hit: response != nil) }
            let result = work(
                on: pending.message,
                buffer: &buffers[index].bytes,
                cachedResponse: response,
                slowdown: slowdownFraction(at: now)
            )
            digest ^= result.digest
            if let stored = result.newResponse {
                newResponses.append((pending.message.key, stored))
            }
            let rate = faults.clampedErrorRate
            let isInjected =
                rate > 0
                && MessageDraw.unit(seed: seed, sequence: pending.message.sequence, purpose: .injectedError) < rate
            now = ContinuousClock.now
            processingTrace?.record(started.duration(to: now))
            finish(pending, failure: isInjected ? .injected : nil, at: now)
        }
        if !newResponses.isEmpty {
            cache.withLock { cache in
                for entry in newResponses { cache.setValue(entry.response, forKey: entry.key, at: now) }
                cacheBytes.store(cache.count * cacheEntryBytes, ordering: .relaxed)
            }
        }
        bufferPool.release(buffers)
        counters.workDigest.bitwiseXor(digest, ordering: .relaxed)
        let duration = batchStart.duration(to: now)
        slot.busyNanoseconds.wrappingAdd(duration.wholeNanoseconds, ordering: .relaxed)
        slot.busySince.store(-1, ordering: .relaxed)
        // The monitor first: a reader that sees the batch counted in `statistics` finds it in the monitor too.
        if isReporting { monitor.recordBatch(size: batch.count, duration: duration) }
        ServiceCounters.bump(counters.batches)
        ServiceCounters.bump(counters.batchedMessages, by: UInt64(batch.count))
    }

    /// The simulated work of one message; see ``ServiceCostModel`` for what it does.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - buffer: A buffer of at least the message's processed size.
    ///   - cachedResponse: The stored response for the message's key, or `nil` on a cache miss.
    ///   - slowdown: The slowdown fault in force, as a fraction of the normal work.
    /// - Returns: A digest of the work, and on a miss the response to store.
    func work(
        on message: ServiceMessage,
        buffer: inout [UInt8],
        cachedResponse: [UInt8]?,
        slowdown: Double
    ) -> (digest: UInt64, newResponse: [UInt8]?) {
        let size = message.processedSize
        let compressionPasses = configuration.cache.cacheCompression ? costModel.compressionPasses : 0
        PayloadWork.fill(&buffer, count: size, key: message.key)
        let (isValid, checksum) = PayloadWork.validate(buffer, count: size, key: message.key)
        let iterations = costModel.messageIterations + (cachedResponse == nil ? costModel.backendIterations : 0)
        let extraBytes = slowdown > 0 ? Int(min(slowdown * Double(costModel.transformPasses) * Double(size), 1e12)) : 0
        let extraIterations = slowdown > 0 ? Int(min(slowdown * Double(iterations), 1e12)) : 0
        var digest = PayloadWork.transform(
            buffer,
            count: size,
            passes: costModel.transformPasses,
            extraBytes: extraBytes,
            seed: checksum
        )
        digest = PayloadWork.mix(digest, iterations: iterations + extraIterations)
        if !isValid { digest = ~digest }
        if let cachedResponse {
            return (digest ^ PayloadWork.read(cachedResponse, decompressionPasses: compressionPasses), nil)
        }
        let latency = costModel.backendLatency.latency(
            forUniform: MessageDraw.unit(seed: seed, sequence: message.sequence, purpose: .backendLatency)
        )
        if latency > .zero { pause(until: ContinuousClock.now.advanced(by: latency)) }
        let response = PayloadWork.response(digest: digest, count: costModel.responseBytes)
        let stored = PayloadWork.stored(response, compressionPasses: compressionPasses)
        return (digest ^ UInt64(stored.count), stored)
    }

    /// The slowdown fault in force at `now`: the whole of it when it has no window, else only inside its window
    /// (measured from the service's start; none before the service started).
    ///
    /// - Parameter now: The current instant.
    func slowdownFraction(at now: ContinuousClock.Instant) -> Double {
        guard faults.hasSlowdownWindow else { return faults.slowdownFraction }
        let started = startOffset.load(ordering: .relaxed)
        guard started >= 0 else { return 0 }
        return faults.slowdownFraction(at: instant(atOffset: started).duration(to: now))
    }

    /// Waits out the stall fault when `now` falls inside it.
    ///
    /// - Parameter now: The current instant.
    /// - Returns: The current instant after waiting (`now` when there was nothing to wait for).
    func waitOutStall(at now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        guard let stall = faults.stall, stall.length > .zero else { return now }
        let started = startOffset.load(ordering: .relaxed)
        guard started >= 0 else { return now }
        let begin = instant(atOffset: started).advanced(by: stall.start)
        let end = begin.advanced(by: stall.length)
        guard now >= begin && now < end else { return now }
        pause(until: end)
        return ContinuousClock.now
    }

    /// Blocks the calling worker until `end`, or until the drain deadline if that comes first.
    func pause(until end: ContinuousClock.Instant) {
        mutex.lock()
        defer { mutex.unlock() }
        while true {
            let limit = min(end, instant(atOffset: drainDeadline.load(ordering: .relaxed)))
            if ContinuousClock.now >= limit { return }
            wakeUp.wait(on: mutex, until: limit)
        }
    }
}
