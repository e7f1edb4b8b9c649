#if canImport(Glibc)
import Synchronization
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one thread that does an ``HTTPClient``'s I/O: a `poll(2)` loop over the wake pipe and
/// every connection.
///
/// Each turn it fails the requests whose deadlines have passed, hands waiting requests to idle
/// connections (the most recently used first) or to new ones while fewer than
/// ``HTTPClientConfiguration/maxConnections`` are open, polls until a socket is ready, a deadline
/// comes or the wake pipe is written, then takes the requests handed over and does the I/O each
/// ready socket allows. Everything here belongs to the loop's thread; only ``HTTPClientCore`` is
/// shared.
///
/// A request that fails on a connection that had answered before, with nothing of its response
/// received (the server closed an idle kept-alive connection as the request went out), is sent
/// once more on a new connection, ahead of the requests waiting.
struct ClientEventLoop: ~Copyable {
    private let core: HTTPClientCore
    private var waiting = RequestQueue()
    private var connections: [ClientConnection] = []
    /// Idle connections, the most recently used last.
    private var idle: [ClientConnection] = []
    private var spare: [PendingRequest] = []
    private var descriptors: [pollfd] = []
    private var scratch = [UInt8](repeating: 0, count: 65_536)
    private let messages: TimeoutMessages

    /// The sentences of the three timeouts, made once.
    private struct TimeoutMessages {
        let connect: String
        let read: String
        let request: String
    }

    init(core: HTTPClientCore) {
        self.core = core
        let configuration = core.configuration
        let authority = core.url.authority
        messages = TimeoutMessages(
            connect: "No connection to \(authority) within the connect timeout of \(configuration.connectTimeout); "
                + "check that the service is up, or raise connectTimeout.",
            read: "\(authority) sent nothing for the read timeout of \(configuration.readTimeout); "
                + "check the service, or raise readTimeout.",
            request: "The request to \(authority) did not finish within the request timeout of "
                + "\(configuration.requestTimeout); raise requestTimeout or lower the load."
        )
    }

    /// Runs until the client stops, then fails what is left as shut down and closes every connection.
    mutating func run() {
        while !core.isStopping {
            let now = ContinuousClock.now
            expire(now: now)
            dispatch(now: now)
            pollOnce(now: now)
        }
        for request in core.closeHandOver() { core.finishShutDown(request) }
        while let request = waiting.removeFirst() { core.finishShutDown(request) }
        for connection in connections {
            if let request = connection.takeRequest() { core.finishShutDown(request) }
        }
        connections.removeAll()
        idle.removeAll()
        core.openConnections.store(0, ordering: .relaxed)
    }

    // MARK: - Turn

    /// Fails waiting requests and connections whose deadlines have passed.
    private mutating func expire(now: ContinuousClock.Instant) {
        // The queue is in order of deadline: requests arrive in order, and a retry goes back to
        // the front with the earliest deadline of all.
        while let first = waiting.first, first.deadline <= now {
            _ = waiting.removeFirst()
            core.finish(first, with: .failure(PerfHTTPError(code: .timedOut, message: messages.request)))
        }
        var index = 0
        while index < connections.count {
            let connection = connections[index]
            let requestExpired = connection.request.map { $0.deadline <= now } ?? false
            let phaseExpired = connection.phaseDeadline.map { $0 <= now } ?? false
            guard requestExpired || phaseExpired else {
                index += 1
                continue
            }
            let message =
                requestExpired ? messages.request : connection.state == .connecting ? messages.connect : messages.read
            remove(at: index)
            if let request = connection.takeRequest() {
                core.finish(request, with: .failure(PerfHTTPError(code: .timedOut, message: message)))
            }
        }
    }

    /// Hands waiting requests to idle connections, or to new ones while there is room.
    private mutating func dispatch(now: ContinuousClock.Instant) {
        while let request = waiting.first {
            if let connection = idle.popLast() {
                _ = waiting.removeFirst()
                connection.carry(request, now: now)
            } else if connections.count < core.configuration.maxConnections {
                _ = waiting.removeFirst()
                open(carrying: request, now: now)
            } else {
                return
            }
        }
    }

    private mutating func open(carrying request: PendingRequest, now: ContinuousClock.Instant) {
        switch ClientConnection.open(to: core.address, carrying: request, limits: core.configuration, now: now) {
        case .success(let connection):
            connections.append(connection)
            core.connectionsOpened.wrappingAdd(1, ordering: .relaxed)
            core.openConnections.store(connections.count, ordering: .relaxed)
        case .failure(let failure):
            core.finish(request, with: .failure(connectError(failure.code, reason: failure.reason)))
        }
    }

    /// Polls until something is ready or the nearest deadline, then handles what is ready.
    private mutating func pollOnce(now: ContinuousClock.Instant) {
        descriptors.removeAll(keepingCapacity: true)
        descriptors.append(pollfd(fd: core.wake.readDescriptor, events: Int16(POLLIN), revents: 0))
        var nearest = waiting.first?.deadline
        for connection in connections {
            descriptors.append(pollfd(fd: connection.descriptor, events: connection.pollEvents, revents: 0))
            for deadline in [connection.phaseDeadline, connection.request?.deadline] {
                if let deadline, nearest.map({ deadline < $0 }) ?? true { nearest = deadline }
            }
        }
        let ready = poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(until: nearest, from: now))
        guard ready > 0 else { return }
        if descriptors[0].revents != 0 {
            core.wake.drain()
            core.takeHandedOver(into: &spare)
            for request in spare { waiting.append(request) }
            spare.removeAll(keepingCapacity: true)
        }
        let after = ContinuousClock.now
        // Descriptors are in the order of `connections` as it was; walk both from the end, so that
        // removing a connection does not shift the ones still to visit.
        for index in stride(from: connections.count - 1, through: 0, by: -1) {
            let events = descriptors[index + 1].revents
            guard events != 0 else { continue }
            handle(connectionAt: index, events: events, now: after)
        }
    }

    private mutating func handle(connectionAt index: Int, events: Int16, now: ContinuousClock.Instant) {
        let connection = connections[index]
        switch connection.handle(events: events, scratch: &scratch, now: now) {
        case .waiting:
            return
        case .answered(let response, let reusable):
            let request = connection.takeRequest()
            if reusable {
                idle.append(connection)
            } else {
                remove(at: index)
            }
            if let request { core.finish(request, with: .success(response)) }
        case .failed(let code, let reason, let retryable):
            remove(at: index)
            guard var request = connection.takeRequest() else { return }
            if retryable && !request.isRetry {
                request.isRetry = true
                core.requestsRetried.wrappingAdd(1, ordering: .relaxed)
                waiting.prepend(request)
                return
            }
            let error =
                connection.state == .connecting
                ? connectError(code, reason: reason)
                : PerfHTTPError(code: code, message: "The request to \(core.url.authority) failed: \(reason).")
            core.finish(request, with: .failure(error))
        case .closedWhileIdle:
            remove(at: index)
        }
    }

    /// Drops a connection (closing its socket when the last reference goes).
    private mutating func remove(at index: Int) {
        let connection = connections.remove(at: index)
        if connection.state == .idle, let position = idle.firstIndex(where: { $0 === connection }) {
            idle.remove(at: position)
        }
        core.openConnections.store(connections.count, ordering: .relaxed)
    }

    private func connectError(_ code: PerfHTTPError.Code, reason: String) -> PerfHTTPError {
        let authority = core.url.authority
        let message =
            code == .connectionRefused
            ? "Nothing accepted a connection at \(authority); start the service or check the URL's port."
            : "Could not connect to \(authority); check the URL and the network."
        return PerfHTTPError(code: code, message: message, cause: reason)
    }

    /// Whole milliseconds from `now` to `deadline`, rounded up so that the wait never ends
    /// before it; -1 (wait for ever) without a deadline.
    private static func milliseconds(
        until deadline: ContinuousClock.Instant?,
        from now: ContinuousClock.Instant
    ) -> Int32 {
        guard let deadline else { return -1 }
        let left = now.duration(to: deadline)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: min(seconds, Int64(Int32.max)) * 1000 + partial)
    }
}
