#if canImport(Glibc)
import Synchronization
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one thread that does an ``HTTPClient``'s I/O: a wait on an ``EventPoller`` over the wake
/// pipe and every connection.
///
/// Each turn it takes up the scheduled requests whose instants have come, fails the requests
/// whose deadlines have passed, hands waiting requests to idle connections (the most recently
/// used first) or to new ones while fewer than ``HTTPClientConfiguration/maxConnections`` are
/// open, then waits until a socket is ready, the next scheduled instant or deadline comes, or the
/// wake pipe is written, takes the requests handed over, and does the I/O each ready socket
/// allows. Everything here belongs to the loop's thread; only ``HTTPClientCore`` is shared.
///
/// Scheduled instants: the loop sleeps until 50 µs before the next one (its thread's timer
/// slack set to 10 µs), then polls its sockets without sleeping until the instant comes, so an
/// open-loop driver can hand requests over ahead of time and let this thread send each on time,
/// with no other thread watching the clock. At rates above about 20,000 a second the instants
/// are closer than that and the loop never sleeps; it then costs a core, as a closed-loop
/// generator at full speed does, but arms no timer and takes no wake-up per request.
///
/// Connection deadlines are checked when the earliest of them may have passed, not on every
/// turn: after a check, the next is due at the earliest deadline seen or one shortest timeout
/// later, whichever comes first, since every deadline set later lies at least that far ahead
/// (a request that waited keeps its earlier deadline, and lowers the mark when it gets a
/// connection).
///
/// A request that fails on a connection that had answered before, with nothing of its response
/// received (the server closed an idle kept-alive connection as the request went out), is sent
/// once more on a new connection, ahead of the requests waiting.
struct ClientEventLoop: ~Copyable {
    private let core: HTTPClientCore
    private var poller: EventPoller
    private var waiting = RequestQueue()
    /// Requests waiting for their instants, earliest first.
    private var scheduled = RequestQueue()
    /// Every open connection, by descriptor.
    private var connections: [Int32: ClientConnection] = [:]
    /// Idle connections, the most recently used last.
    private var idle: [ClientConnection] = []
    private var spare: [PendingRequest] = []
    private var ready: [Int32] = []
    private var scratch = [UInt8](repeating: 0, count: 65_536)
    private let messages: TimeoutMessages
    private let shortestTimeout: Duration
    /// How long before a scheduled instant the loop stops sleeping and polls without a timer.
    private static let spinHorizon: Duration = .microseconds(50)
    /// When connection deadlines must next be checked.
    private var nextDeadlineCheck: ContinuousClock.Instant

    /// The sentences of the three timeouts, made once.
    private struct TimeoutMessages {
        let connect: String
        let read: String
        let request: String
    }

    /// Creates the loop around the client's shared state and the poller opened for it.
    init(core: HTTPClientCore, poller: EventPoller.Handle) {
        self.poller = EventPoller(poller)
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
        shortestTimeout = min(configuration.connectTimeout, configuration.readTimeout, configuration.requestTimeout)
        nextDeadlineCheck = .now
        self.poller.add(core.wake.readDescriptor, for: .readable)
    }

    /// Runs until the client stops, then fails what is left as shut down and closes every connection.
    mutating func run() {
        EventPoller.shortenTimerSlack()
        while !core.isStopping {
            takeHandedOver()
            let now = ContinuousClock.now
            release(now: now)
            expire(now: now)
            dispatch(now: now)
            waitOnce(now: now)
        }
        for request in core.closeHandOver() { core.finishShutDown(request) }
        while let request = scheduled.removeFirst() { core.finishShutDown(request) }
        while let request = waiting.removeFirst() { core.finishShutDown(request) }
        for connection in connections.values {
            if let request = connection.takeRequest() { core.finishShutDown(request) }
            poller.remove(connection.descriptor)
        }
        connections.removeAll()
        idle.removeAll()
        core.openConnections.store(0, ordering: .relaxed)
    }

    // MARK: - Turn

    /// Moves the requests handed over since the last turn into the queues.
    private mutating func takeHandedOver() {
        core.takeHandedOver(into: &spare)
        guard !spare.isEmpty else { return }
        for request in spare {
            if request.instant == nil { waiting.append(request) } else { scheduled.insertByInstant(request) }
        }
        spare.removeAll(keepingCapacity: true)
    }

    /// Takes up the scheduled requests whose instants have come: each is counted in flight and
    /// waits for a connection, or is dropped when the cap on requests in flight is reached.
    private mutating func release(now: ContinuousClock.Instant) {
        while let instant = scheduled.first?.instant, instant <= now, var request = scheduled.removeFirst() {
            request.releasedAt = now
            guard core.admit() else {
                core.finishDropped(request)
                continue
            }
            request.deadline = now.advanced(by: core.configuration.requestTimeout)
            waiting.append(request)
        }
    }

    /// Fails waiting requests and connections whose deadlines have passed.
    private mutating func expire(now: ContinuousClock.Instant) {
        // The queue is in order of deadline: requests arrive in order, and a retry goes back to
        // the front with the earliest deadline of all.
        while let first = waiting.first, first.deadline <= now {
            _ = waiting.removeFirst()
            core.finish(first, with: .failure(PerfHTTPError(code: .timedOut, message: messages.request)))
        }
        guard now >= nextDeadlineCheck else { return }
        var nearest = now.advanced(by: shortestTimeout)
        var expired: [ClientConnection] = []
        for connection in connections.values {
            let requestDeadline = connection.request?.deadline
            let phaseDeadline = connection.phaseDeadline
            if let requestDeadline, requestDeadline <= now {
                expired.append(connection)
            } else if let phaseDeadline, phaseDeadline <= now {
                expired.append(connection)
            } else {
                if let requestDeadline { nearest = min(nearest, requestDeadline) }
                if let phaseDeadline { nearest = min(nearest, phaseDeadline) }
            }
        }
        nextDeadlineCheck = nearest
        for connection in expired {
            let requestExpired = connection.request.map { $0.deadline <= now } ?? false
            let message =
                requestExpired ? messages.request : connection.state == .connecting ? messages.connect : messages.read
            remove(connection)
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
                nextDeadlineCheck = min(nextDeadlineCheck, request.deadline)
                connection.carry(request, now: now)
                updateInterest(of: connection)
            } else if connections.count < core.configuration.maxConnections {
                _ = waiting.removeFirst()
                nextDeadlineCheck = min(nextDeadlineCheck, request.deadline)
                open(carrying: request, now: now)
            } else {
                return
            }
        }
    }

    private mutating func open(carrying request: PendingRequest, now: ContinuousClock.Instant) {
        switch ClientConnection.open(to: core.address, carrying: request, limits: core.configuration, now: now) {
        case .success(let connection):
            connections[connection.descriptor] = connection
            poller.add(connection.descriptor, for: connection.interest)
            connection.registeredInterest = connection.interest
            core.connectionsOpened.wrappingAdd(1, ordering: .relaxed)
            core.openConnections.store(connections.count, ordering: .relaxed)
        case .failure(let failure):
            core.finish(request, with: .failure(connectError(failure.code, reason: failure.reason)))
        }
    }

    /// Waits until something is ready, the next instant or deadline, then handles what is ready.
    private mutating func waitOnce(now: ContinuousClock.Instant) {
        let nextInstant = scheduled.first?.instant
        var until: ContinuousClock.Instant? = nil
        if !connections.isEmpty || !waiting.isEmpty || nextInstant != nil {
            var deadline = nextDeadlineCheck
            if let first = waiting.first?.deadline { deadline = min(deadline, first) }
            // Wake a little early for the next instant, and spin the rest of the way.
            if let nextInstant { deadline = min(deadline, nextInstant - Self.spinHorizon) }
            until = deadline
        }
        if let nextInstant, now.duration(to: nextInstant) < Self.spinHorizon {
            // Due within microseconds: look for ready sockets without arming a timer or sleeping.
            poller.wait(until: now, now: now, into: &ready)
        } else {
            guard core.prepareToWait(until: until) else { return }
            poller.wait(until: until, now: now, into: &ready)
        }
        guard !ready.isEmpty else { return }
        let after = ContinuousClock.now
        for descriptor in ready {
            if descriptor == core.wake.readDescriptor {
                core.wake.drain()
            } else if let connection = connections[descriptor] {
                handle(connection, now: after)
            }
        }
    }

    private mutating func handle(_ connection: ClientConnection, now: ContinuousClock.Instant) {
        switch connection.handle(scratch: &scratch, now: now) {
        case .waiting:
            updateInterest(of: connection)
        case .answered(let response, let reusable):
            let request = connection.takeRequest()
            if reusable {
                idle.append(connection)
                updateInterest(of: connection)
            } else {
                remove(connection)
            }
            if let request { core.finish(request, with: .success(response)) }
        case .failed(let code, let reason, let retryable):
            remove(connection)
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
            remove(connection)
        }
    }

    /// Tells the poller what a connection now waits for, when that changed.
    private mutating func updateInterest(of connection: ClientConnection) {
        let interest = connection.interest
        guard interest != connection.registeredInterest else { return }
        poller.change(connection.descriptor, to: interest)
        connection.registeredInterest = interest
    }

    /// Drops a connection: the poller stops watching it, and its socket closes when the last
    /// reference goes.
    private mutating func remove(_ connection: ClientConnection) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        poller.remove(connection.descriptor)
        if connection.state == .idle, let position = idle.lastIndex(where: { $0 === connection }) {
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
}
