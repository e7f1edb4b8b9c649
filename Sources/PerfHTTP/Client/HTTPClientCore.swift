import Synchronization

/// What the callers of one ``HTTPClient`` and its event loop share: the address, the limits, the
/// requests handed over and not yet taken, the stop flag, the wake pipe and the counts.
///
/// ``submit(_:completion:)`` runs on the caller's thread and never waits for the network: it
/// counts the request in flight (or drops it), appends it to the hand-over list under a mutex
/// held for an append, and writes to the wake pipe only when the list was empty, so a burst of
/// requests costs one wake-up.
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
        let admitted = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
        guard admitted <= configuration.maxInFlight else {
            inFlight.wrappingSubtract(1, ordering: .relaxed)
            requestsDropped.wrappingAdd(1, ordering: .relaxed)
            completion(.failure(droppedError))
            return
        }
        let pending = PendingRequest(
            bytes: request.serialized(authority: url.authority),
            isHead: request.isHead,
            keepsBody: request.keepsBody,
            closesConnection: request.closesConnection,
            deadline: .now.advanced(by: configuration.requestTimeout),
            completion: completion
        )
        let (isAccepted, needsWake) = handOver.withLock { handOver -> (Bool, Bool) in
            if handOver.isClosed { return (false, false) }
            handOver.requests.append(pending)
            return (true, handOver.requests.count == 1)
        }
        guard isAccepted else {
            finish(pending, with: .failure(shutDownError))
            return
        }
        if needsWake { wake.signal() }
    }

    /// Takes every request handed over since the last call, swapping in `spare` (empty, with
    /// capacity) so that neither side allocates.
    func takeHandedOver(into spare: inout [PendingRequest]) {
        handOver.withLock { swap(&$0.requests, &spare) }
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
        request.completion(result)
    }

    /// Completes a request as shut down.
    func finishShutDown(_ request: PendingRequest) {
        finish(request, with: .failure(shutDownError))
    }
}
