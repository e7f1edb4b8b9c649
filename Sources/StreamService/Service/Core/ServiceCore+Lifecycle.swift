import PerfMonitor
import PerfSupport
import Synchronization

extension ServiceCore {
    /// What a call to ``shutdown(drainTimeout:)`` has to do.
    private enum ShutdownRole {
        /// The first call: drain, join, stop.
        case leader(workers: [DedicatedThread], housekeeper: DedicatedThread?)
        /// A later call: nothing left to do (or it already waited for the first call).
        case done
    }

    /// Starts the worker threads and the housekeeper; see ``StreamingService/start()``.
    func start() {
        mutex.withLock {
            guard state.phase == .created else { return }
            state.phase = .running
            startOffset.store(offset(of: .now), ordering: .relaxed)
            for slot in workerSlots {
                let thread = try? DedicatedThread.start(name: "service worker", scheduling: .batch) { [self] in
                    runWorker(slot)
                }
                if let thread { state.workerThreads.append(thread) }
            }
            state.housekeeperThread = try? DedicatedThread.start(name: "service housekeeper") { [self] in
                runHousekeeper()
            }
        }
    }

    /// Stops accepting work, drains, fails what is left and joins every thread; see
    /// ``StreamingService/shutdown(drainTimeout:)``.
    func shutdown(drainTimeout: Duration) {
        let caller = DedicatedThread.current
        let role = mutex.withLock { () -> ShutdownRole in
            switch state.phase {
            case .created, .running:
                let deadline = ContinuousClock.now.advanced(by: max(.zero, drainTimeout))
                state.phase = .draining(deadline: deadline)
                drainDeadline.store(offset(of: deadline), ordering: .relaxed)
                state.shutdownLeader = caller
                return .leader(workers: state.workerThreads, housekeeper: state.housekeeperThread)
            case .draining, .stopped:
                let isServiceThread =
                    state.shutdownLeader?.isSameThread(as: caller) == true
                    || state.housekeeperThread?.isSameThread(as: caller) == true
                    || state.workerThreads.contains { $0.isSameThread(as: caller) }
                // A service thread must not wait: the first call may be joining it.
                while !state.isShutdownComplete && !isServiceThread {
                    shutdownFinished.wait(on: mutex)
                }
                return .done
            }
        }
        guard case .leader(let workers, let housekeeper) = role else { return }
        workAvailable.broadcast()
        batchFilled.broadcast()
        wakeUp.broadcast()
        housekeeping.broadcast()
        for worker in workers { worker.join() }
        var leftovers: [PendingMessage] = []
        mutex.withLock {
            abandonEverything(into: &leftovers)
            state.phase = .stopped
            state.workerThreads.removeAll()
        }
        housekeeping.broadcast()
        finishAll(leftovers, failure: .shutdown)
        housekeeper?.join()
        closeAllConnections()
        if isReporting {
            monitor.updateQueueDepth(0)
            monitor.updateWorkerUtilization(0)
        }
        mutex.withLock {
            state.housekeeperThread = nil
            state.shutdownLeader = nil
            state.isShutdownComplete = true
        }
        shutdownFinished.broadcast()
    }
}
