import Synchronization

/// What the callers of one ``HTTPClient`` and its event loop share: the address, the limits, the
/// requests handed over and not yet taken, the stop flag, the wake pipe and the counts.
///
/// ``submit(_:completion:)`` and ``schedule(_:at:completion:)`` run on the caller's thread and
/// never wait for the network: they append the request to the hand-over list under a mutex held
/// for an append, and write to the wake pipe only when the loop is asleep until later than the
/// request is due, so a burst of requests costs one wake-up at most, and requests handed over
/// ahead of their instants usually none: the loop takes the hand-over on every turn. `submit` counts the request in flight (or drops it) at once; a scheduled
/// request is counted when the loop takes it up at its instant.
final class HTTPClientCore: Sendable {
    /// The origin.
    let url: HTTPURL
    /// Where to connect.
    let address: SocketAddress
    /// The limits and timeouts.
    let configuration: HTTPClientConfiguration
    /// Wakes the event loop when requests are handed over or the client stops.
    let wake: WakePipe
    /// Requests accepted and not yet completed: waiting, handed over, or on a connection.
    let inFlight = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let handOver = Mutex(HandOver())

    let connectionsOpened = Atomic<Int>(0)
    let openConnections = Atomic<Int>(0)
    let requestsCompleted = Atomic<Int>(0)
    let requestsFailed = Atomic<Int>(0)
    let requestsDropped = Atomic<Int>(0)
    let requestsRetried = Atomic<Int>(0)

    /// The requests handed over to the loop and not yet taken; closed when the loop ends.
    struct HandOver: ~Copyable {
        var requests: [PendingRequest] = []
        var isClosed = false
        /// When the loop's wait ends by itself: a request due earlier must wake it. `nil` while
        /// the loop is awake, or a wake-up is on its way.
        var loopWakesAt: ContinuousClock.Instant?
    }

    private let droppedError: PerfHTTPError
    private let shutDownError: PerfHTTPError

    init(url: HTTPURL, address: SocketAddress, configuration: HTTPClientConfiguration, wake: WakePipe) {
        self.url = url
        self.address = address
        self.configuration = configuration
        self.wake = wake
        droppedError = PerfHTTPError(
            code: .dropped,
            message: "The request to \(url.authority) was not sent: \(configuration.maxInFlight) requests were "
                + "already in flight; raise maxInFlight or lower the rate."
        )
        shutDownError = PerfHTTPError(
            code: .clientShutDown,
            message: "The request to \(url.authority) did not finish: the client was shut down."
        )
    }

    /// Whether shutdown has begun.
    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Begins shutdown: sets the flag and wakes the loop.
    func beginStopping() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    /// Accepts a request for the loop, or completes it at once as dropped or shut down.
    ///
    /// - Complexity: O(request bytes) to serialize it, outside any lock.
    func submit(
        _ request: HTTPClientRequest,
        completion: @escaping @Sendable (Result<HTTPClientResponse, PerfHTTPError>) -> Void
    ) {
        guard admit() else {
            completion(.failure(droppedError))
            return
        }
        hand(
            PendingRequest(
                request,
                authority: url.authority,
                instant: nil,
                deadline: .now.advanced(by: configuration.requestTimeout),
                completion: .immediate(completion)
            )
        )
    }

    /// Hands a request over to be taken up at `instant`; the cap on requests in flight is applied
    /// then, by the loop.
    ///
    /// - Complexity: O(request bytes) to serialize it, outside any lock.
    func schedule(
        _ request: HTTPClientRequest,
        at instant: ContinuousClock.Instant,
        completion: @escaping @Sendable (Result<HTTPClientResponse, PerfHTTPError>, ContinuousClock.Instant?) -> Void
    ) {
        hand(
            PendingRequest(
                request,
                authority: url.authority,
                instant: instant,
                deadline: instant.advanced(by: configuration.requestTimeout),
                completion: .scheduled(completion)
            )
        )
    }

    /// Counts a request in flight, or counts it dropped and returns false when
    /// ``HTTPClientConfiguration/maxInFlight`` are in flight already.
    func admit() -> Bool {
        let admitted = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
        guard admitted <= configuration.maxInFlight else {
            inFlight.wrappingSubtract(1, ordering: .relaxed)
            requestsDropped.wrappingAdd(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Completes a scheduled request that ``admit()`` refused when the loop took it up.
    func finishDropped(_ request: PendingRequest) {
        request.complete(with: .failure(droppedError))
    }

    private func hand(_ pending: PendingRequest) {
        let (isAccepted, needsWake) = handOver.withLock { handOver -> (Bool, Bool) in
            if handOver.isClosed { return (false, false) }
            handOver.requests.append(pending)
            // The loop takes the hand-over on every turn; it needs waking only when it sleeps past
            // this request's instant (a request sent at once is due now).
            guard let wakesAt = handOver.loopWakesAt, pending.instant.map({ $0 < wakesAt }) ?? true else {
                return (true, false)
            }
            handOver.loopWakesAt = nil
            return (true, true)
        }
        guard isAccepted else {
            if pending.instant == nil {
                finish(pending, with: .failure(shutDownError))
            } else {
                pending.complete(with: .failure(shutDownError))
            }
            return
        }
        if needsWake { wake.signal() }
    }

    /// Takes every request handed over since the last call, swapping in `spare` (empty, with
    /// capacity) so that neither side allocates. The loop calls it on every turn, awake.
    func takeHandedOver(into spare: inout [PendingRequest]) {
        handOver.withLock { handOver in
            handOver.loopWakesAt = nil
            if !handOver.requests.isEmpty { swap(&handOver.requests, &spare) }
        }
    }

    /// Tells submitters that the loop is about to wait until `instant` (for ever when nil), unless
    /// requests were handed over since it last took them: then it returns false, and the loop
    /// takes them instead of waiting.
    func prepareToWait(until instant: ContinuousClock.Instant?) -> Bool {
        handOver.withLock { handOver in
            guard handOver.requests.isEmpty else { return false }
            handOver.loopWakesAt = instant ?? .now.advanced(by: .seconds(86_400 * 365))
            return true
        }
    }

    /// Closes the hand-over for good and returns what it still held; later requests complete at
    /// once as shut down.
    func closeHandOver() -> [PendingRequest] {
        handOver.withLock { handOver in
            handOver.isClosed = true
            defer { handOver.requests = [] }
            return handOver.requests
        }
    }

    /// Completes a request: it leaves the in-flight count first, so that its completion may send
    /// the next one, then its completion is called, outside any lock.
    func finish(_ request: PendingRequest, with result: Result<HTTPClientResponse, PerfHTTPError>) {
        inFlight.wrappingSubtract(1, ordering: .relaxed)
        if case .success = result {
            requestsCompleted.wrappingAdd(1, ordering: .relaxed)
        } else {
            requestsFailed.wrappingAdd(1, ordering: .relaxed)
        }
        request.complete(with: result)
    }

    /// Completes a request as shut down; one still waiting for its instant was never counted in
    /// flight.
    func finishShutDown(_ request: PendingRequest) {
        if request.instant != nil, request.releasedAt == nil {
            request.complete(with: .failure(shutDownError))
        } else {
            finish(request, with: .failure(shutDownError))
        }
    }
}
