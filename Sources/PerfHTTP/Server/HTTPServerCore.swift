import PerfSupport
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the accept loop and every connection of one server share: the routes, the limits, the
/// stop flag, the wake pipe and the counts.
///
/// Threads hold it strongly, so nothing they touch goes away under them even when the public
/// ``HTTPServer`` handle is gone.
final class HTTPServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let routes: HTTPRoutes
    let wake: WakePipe
    private let stopping = Atomic<Bool>(false)
    /// Connections whose thread is running (accepted and not yet closed).
    let activeConnections = Atomic<Int>(0)
    /// Connections accepted and served, since start.
    let connectionsAccepted = Atomic<Int>(0)
    /// Connections refused with 503 because ``HTTPServerConfiguration/maxConnections`` were open
    /// and every one of them was in the middle of a request.
    let connectionsRefused = Atomic<Int>(0)
    /// Waiting connections closed to make room for a new one.
    let connectionsEvicted = Atomic<Int>(0)
    /// Evicted connections whose thread has not ended yet: they still count in
    /// ``activeConnections`` but no longer hold a slot.
    private let evictionsInFlight = Atomic<Int>(0)
    /// The open connections, for eviction; a connection leaves before its socket is closed.
    private let slots = Mutex<[ObjectIdentifier: ConnectionSlot]>([:])
    /// Requests answered (including error answers to malformed requests), since start.
    let requestsAnswered = Atomic<Int>(0)
    /// The CPU time connection threads may spend at normal priority; nil when they all run at
    /// normal priority (``HTTPServerConfiguration/runsInBackground`` false) or all in the
    /// background (``HTTPServerConfiguration/foregroundShare`` 0).
    let foregroundBudget: ForegroundBudget?

    init(configuration: HTTPServerConfiguration, routes: HTTPRoutes, wake: WakePipe) {
        self.configuration = configuration
        self.routes = routes
        self.wake = wake
        foregroundBudget =
            configuration.runsInBackground && configuration.foregroundShare > 0
            ? ForegroundBudget(
                share: configuration.foregroundShare,
                burst: .milliseconds(50),
                now: ForegroundBudget.monotonicNanoseconds()
            )
            : nil
    }

    /// How the accept thread and each new connection's thread start: at normal priority when a
    /// foreground budget decides (a connection moves itself to the background when the budget is
    /// spent). The accept thread stays at normal priority, charging the budget for what it
    /// spends, because a thread inherits its creator's priority and cannot raise its own.
    var threadScheduling: DedicatedThread.Scheduling {
        if foregroundBudget != nil || !configuration.runsInBackground { return .standard }
        return .background
    }

    /// Whether shutdown has begun: no new connections, no more keep-alive.
    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Begins shutdown: sets the flag and wakes every thread that polls.
    ///
    /// - Returns: Whether this call began it (false when it had begun already).
    func beginStopping() -> Bool {
        let began = !stopping.exchange(true, ordering: .acquiringAndReleasing)
        wake.signal()
        return began
    }

    /// Accepts connections until shutdown, each on its own thread; closes the listener at the end.
    func acceptLoop(listener: ListeningSocket) {
        defer { listener.closeDescriptor() }
        var chargedCPU = foregroundBudget != nil ? ForegroundBudget.threadCPUNanoseconds() : 0
        var descriptors = [
            pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while !isStopping {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno != EINTR { usleep(10_000) }
                continue
            }
            if descriptors[1].revents != 0 || isStopping { return }
            if descriptors[0].revents != 0 {
                acceptWaitingConnections(listener.descriptor)
                if let foregroundBudget {
                    let used = ForegroundBudget.threadCPUNanoseconds()
                    foregroundBudget.charge(used - chargedCPU, now: ForegroundBudget.monotonicNanoseconds())
                    chargedCPU = used
                }
            }
        }
    }

    /// Accepts every connection waiting in the backlog.
    private func acceptWaitingConnections(_ listener: Int32) {
        while !isStopping {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Out of descriptors: the connection stays in the backlog; pause so that the loop
                // does not spin on a listener that stays readable.
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM { usleep(50_000) }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            // Blocking I/O on the connection (Darwin copies the listener's O_NONBLOCK; Linux does not).
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) & ~O_NONBLOCK)
            start(client)
        }
    }

    /// Serves a new connection on its own thread.
    ///
    /// When ``HTTPServerConfiguration/maxConnections`` are open, the connection that has waited
    /// longest without a request in progress (silent since it connected, or idle between
    /// keep-alive requests) is closed to make room, so idle connections cannot starve `/metrics`
    /// or `/healthz`. Only when every open connection is in the middle of a request, or twice the
    /// cap are still winding down, is the new one refused with 503; also when no thread can be had.
    private func start(_ client: Int32) {
        let open = activeConnections.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        let holdingSlots = open - evictionsInFlight.load(ordering: .acquiring)
        if holdingSlots > configuration.maxConnections {
            // Bounded: evicted threads end within a poll wake-up, but never let them pile up unbounded.
            guard open <= 8 * configuration.maxConnections, evictLongestWaiting() else {
                activeConnections.wrappingSubtract(1, ordering: .acquiringAndReleasing)
                refuse(
                    client,
                    "The server already serves \(configuration.maxConnections) requests at once; retry shortly."
                )
                return
            }
        }
        let slot = ConnectionSlot(descriptor: client)
        slots.withLock { $0[ObjectIdentifier(slot)] = slot }
        let connection = HTTPConnection(slot: slot, core: self)
        do {
            try DedicatedThread.detach(
                name: "http connection",
                scheduling: threadScheduling
            ) { [self] in
                connection.run()
                if slot.isEvicted { evictionsInFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
                // The thread's last act: shutdown counts it as joined once this reaches zero.
                activeConnections.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            }
        } catch {
            unregister(slot)
            activeConnections.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            refuse(client, "The server could not start a thread for the connection (\(error.reason)).")
            return
        }
        connectionsAccepted.wrappingAdd(1, ordering: .relaxed)
    }

    /// Removes a connection from the registry; the connection calls it before closing its socket,
    /// so an eviction never shuts down a descriptor that was closed and reused.
    func unregister(_ slot: ConnectionSlot) {
        _ = slots.withLock { $0.removeValue(forKey: ObjectIdentifier(slot)) }
    }

    /// Evicts the connection that has waited longest without a request in progress.
    ///
    /// - Returns: Whether one was evicted.
    /// - Complexity: O(n log n) in the open connections (at most twice the cap).
    private func evictLongestWaiting() -> Bool {
        slots.withLock { slots in
            let waiting = slots.values.compactMap { slot in slot.waitingSinceNanoseconds.map { (slot, $0) } }
            for (slot, _) in waiting.sorted(by: { $0.1 < $1.1 }) where slot.evict() {
                connectionsEvicted.wrappingAdd(1, ordering: .relaxed)
                evictionsInFlight.wrappingAdd(1, ordering: .acquiringAndReleasing)
                return true
            }
            return false
        }
    }

    /// Answers 503 without waiting (the accept loop must not block) and closes.
    private func refuse(_ client: Int32, _ reason: String) {
        connectionsRefused.wrappingAdd(1, ordering: .relaxed)
        var response = HTTPResponse.error(.serviceUnavailable, reason)
        response.headers.append(HTTPHeader("Retry-After", "1"))
        let bytes = response.serialized(keepAlive: false)
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, HTTPConnection.noSignalFlags | dontWait) }
        _ = shutdown(client, Int32(SHUT_WR))
        close(client)
    }

    private var dontWait: Int32 { Int32(MSG_DONTWAIT) }
}
