import PerfMonitor

extension ServiceCore {
    /// The housekeeping thread's life, until the service stops.
    ///
    /// It wakes at the earliest of: the next sample (every `sampleInterval`, at most 100 ms), the next sweep for
    /// idle sessions (every quarter of the stream timeout, between 10 ms and 1 s), and the window's end of the oldest
    /// message in the admission list — so a waiting message is rejected as overloaded when its window ends even while
    /// every worker is stalled. Each sample reports worker utilization (the busy fraction of the workers' time since
    /// the previous sample), the queue depth and the sessions' activity to the monitor.
    func runHousekeeper() {
        var nextSample = ContinuousClock.now.advanced(by: sampleInterval)
        var nextSweep = ContinuousClock.now.advanced(by: sweepInterval)
        var lastSample = ContinuousClock.now
        var lastBusy = totalBusyTime(at: lastSample)
        var expired: [PendingMessage] = []
        while true {
            var isStopping = false
            mutex.lock()
            while true {
                let now = ContinuousClock.now
                if state.phase == .stopped {
                    isStopping = true
                    break
                }
                expireWaiting(at: now, into: &expired)
                if !expired.isEmpty || now >= nextSample || now >= nextSweep { break }
                var wake = min(nextSample, nextSweep)
                if let head = state.waiting.first { wake = min(wake, head.admissionDeadline) }
                housekeeping.wait(on: mutex, until: wake)
            }
            let depth = state.depth
            mutex.unlock()
            finishAll(expired, failure: .overloaded)
            expired.removeAll(keepingCapacity: true)
            if isStopping { return }

            let now = ContinuousClock.now
            if now >= nextSweep {
                endIdleConnections(at: now)
                nextSweep = now.advanced(by: sweepInterval)
            }
            if now >= nextSample {
                reportSessionActivity()
                let busy = totalBusyTime(at: now)
                let capacity = lastSample.duration(to: now) * workerSlots.count
                if isReporting {
                    let utilization = capacity > .zero ? (busy - lastBusy) / capacity : 0
                    monitor.updateWorkerUtilization(min(1, max(0, utilization)))
                    monitor.updateQueueDepth(depth)
                }
                lastBusy = busy
                lastSample = now
                nextSample = now.advanced(by: sampleInterval)
            }
        }
    }

    /// The busy time of every worker up to `now`, batches in progress included.
    ///
    /// - Complexity: O(workers).
    func totalBusyTime(at now: ContinuousClock.Instant) -> Duration {
        let nanoseconds = offset(of: now)
        return .nanoseconds(workerSlots.reduce(Int64(0)) { $0 + $1.busyTime(at: nanoseconds) })
    }
}
