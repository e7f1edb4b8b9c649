import PerfSupport
import Synchronization

/// A keep-alive HTTP/1.1 client for one origin, for load generation: a pool of connections, a
/// cap on requests in flight, and a completion callback per request.
///
/// The client talks to one `http://host:port` (see ``HTTPURL``; `https://` is refused). One
/// thread of its own does all its I/O with `poll(2)` over non-blocking sockets; ``send(_:completion:)``
/// only hands the request over, so it never blocks the caller (an open-loop driver's sender
/// thread, say) on the network.
///
/// Connections and queueing, with *C* = ``HTTPClientConfiguration/maxConnections`` and *F* =
/// ``HTTPClientConfiguration/maxInFlight``: each connection carries one request at a time (no
/// pipelining) and is kept alive for the next; a request that finds all *C* connections busy
/// waits first come, first served; a request that would make more than *F* in flight fails at
/// once with ``PerfHTTPError/Code/dropped`` (k6's `dropped_iterations`), without being sent. A
/// request's timeout runs from `send`, so time spent waiting counts.
///
/// Each request completes exactly once, with the response (any status: deciding that 404 or 503 is
/// a failure is the caller's business) or a ``PerfHTTPError`` whose code says what kind of failure:
/// - ``PerfHTTPError/Code/connectionRefused``: nothing listens there;
/// - ``PerfHTTPError/Code/timedOut``: the connect, read or request timeout passed;
/// - ``PerfHTTPError/Code/connectionReset``: the connection was reset, or closed before any of the
///   response arrived;
/// - ``PerfHTTPError/Code/malformedResponse``: the response was not HTTP/1.x, its head was too
///   large, its framing was wrong, or it was cut short;
/// - ``PerfHTTPError/Code/dropped``: not sent, *F* were in flight;
/// - ``PerfHTTPError/Code/connectionFailed``: no route, or no descriptor left;
/// - ``PerfHTTPError/Code/clientShutDown``: the client was shut down first.
///
/// Bodies are read as `Content-Length`, chunked, or up to the close, and counted; they are kept
/// only for a request that asks (``HTTPClientRequest/keepsBody``). A kept-alive connection the
/// server closed while idle is noticed and dropped; a request that met such a close on its way
/// out, before any of its response came back, is sent once more on a new connection.
///
/// ```swift
/// let client = try HTTPClient(url: HTTPURL("http://127.0.0.1:8080"),
///                             configuration: HTTPClientConfiguration(maxConnections: 8))
/// client.send(try HTTPClientRequest(target: "/healthz")) { result in
///     switch result {
///     case .success(let response): print(response.statusCode, response.bodyByteCount)
///     case .failure(let error): print(error.code, error)
///     }
/// }
/// // …
/// client.shutdown()
/// ```
///
/// Completions are called on the client's I/O thread (or inline, on the caller's, for a request
/// dropped or sent after shutdown); keep them short, as the next I/O waits for them.
public final class HTTPClient: Sendable {
    /// The origin requests go to.
    public let url: HTTPURL
    /// The limits and timeouts in force.
    public let configuration: HTTPClientConfiguration
    private let core: HTTPClientCore
    private let loopThread: Mutex<DedicatedThread?>

    /// Resolves the URL's host and starts the client's I/O thread; connections open on demand.
    ///
    /// - Parameters:
    ///   - url: The origin; its target is not used (requests carry their own).
    ///   - configuration: Connection and in-flight caps, timeouts and limits.
    /// - Throws: ``PerfHTTPError``: ``PerfHTTPError/Code/configuration`` for a value out of
    ///   range, ``PerfHTTPError/Code/unresolvableHost``, ``PerfHTTPError/Code/socket`` when no
    ///   wake-up pipe can be had, or ``PerfHTTPError/Code/thread``.
    public init(
        url: HTTPURL,
        configuration: HTTPClientConfiguration = HTTPClientConfiguration()
    ) throws(PerfHTTPError) {
        try configuration.validate()
        let address = try url.resolveAddress()
        guard let wake = WakePipe(), let poller = EventPoller.open() else {
            throw PerfHTTPError(
                code: .socket,
                message: "The client could not open its wake-up pipe or poller; the process may be out of file "
                    + "descriptors."
            )
        }
        let core = HTTPClientCore(url: url, address: address, configuration: configuration, wake: wake)
        do {
            loopThread = Mutex(
                try DedicatedThread.start(name: "http client") {
                    var loop = ClientEventLoop(core: core, poller: poller)
                    loop.run()
                }
            )
        } catch {
            _ = EventPoller(poller)
            throw PerfHTTPError(
                code: .thread,
                message: "The client could not start its I/O thread.",
                cause: error.reason
            )
        }
        self.url = url
        self.configuration = configuration
        self.core = core
    }

    /// Parses the URL, then creates the client as ``init(url:configuration:)`` does.
    ///
    /// - Parameters:
    ///   - url: The origin, such as `http://127.0.0.1:8080`.
    ///   - configuration: Connection and in-flight caps, timeouts and limits.
    /// - Throws: ``PerfHTTPError``: ``PerfHTTPError/Code/unsupportedScheme`` for `https://` or
    ///   another scheme, ``PerfHTTPError/Code/invalidURL``, or what ``init(url:configuration:)`` throws.
    public convenience init(
        url: String,
        configuration: HTTPClientConfiguration = HTTPClientConfiguration()
    ) throws(PerfHTTPError) {
        try self.init(url: HTTPURL(url), configuration: configuration)
    }

    deinit {
        shutdown()
    }

    /// Sends a request and arranges for `completion` to be called once with its outcome.
    ///
    /// Returns at once: the request is counted in flight and handed to the I/O thread, or, when
    /// ``HTTPClientConfiguration/maxInFlight`` requests are in flight already (or the client is
    /// shut down), completed inline as ``PerfHTTPError/Code/dropped`` (or
    /// ``PerfHTTPError/Code/clientShutDown``).
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - completion: Called exactly once, on the client's I/O thread or inline.
    /// - Complexity: O(request bytes), to serialize it on the caller's thread.
    public func send(
        _ request: HTTPClientRequest,
        completion: @escaping @Sendable (Result<HTTPClientResponse, PerfHTTPError>) -> Void
    ) {
        core.submit(request, completion: completion)
    }

    /// Hands a request over now to be sent at `instant`, and arranges for `completion` to be
    /// called once with its outcome and the time the client took it up.
    ///
    /// For open-loop load: a driver hands requests over a little ahead of their instants, and the
    /// client's I/O thread takes each up when its instant comes (within its timer slack, 10 µs on
    /// Linux, plus whatever the thread was busy with), so no thread spins on the clock. At that
    /// moment the request is counted in flight and waits for a connection like any other, or is
    /// completed as ``PerfHTTPError/Code/dropped`` when ``HTTPClientConfiguration/maxInFlight``
    /// are in flight; its request timeout runs from then. An instant already past is taken up on
    /// the loop's next turn. Requests handed over in the order of their instants cost O(1) each.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - instant: When to send it.
    ///   - completion: Called exactly once, on the client's I/O thread (or inline after shutdown),
    ///     with the outcome and when the request was taken up: `nil` when it never was (the client
    ///     shut down first). Its lateness, the taken-up time less `instant`, is the sender's
    ///     schedule lag.
    /// - Complexity: O(request bytes), to serialize it on the caller's thread.
    public func send(
        _ request: HTTPClientRequest,
        at instant: ContinuousClock.Instant,
        completion: @escaping @Sendable (Result<HTTPClientResponse, PerfHTTPError>, ContinuousClock.Instant?) -> Void
    ) {
        core.schedule(request, at: instant, completion: completion)
    }

    /// What the client has done so far.
    public var statistics: HTTPClientStatistics {
        HTTPClientStatistics(
            connectionsOpened: core.connectionsOpened.load(ordering: .relaxed),
            openConnections: core.openConnections.load(ordering: .relaxed),
            inFlight: core.inFlight.load(ordering: .relaxed),
            succeeded: core.requestsCompleted.load(ordering: .relaxed),
            failed: core.requestsFailed.load(ordering: .relaxed),
            dropped: core.requestsDropped.load(ordering: .relaxed),
            retried: core.requestsRetried.load(ordering: .relaxed)
        )
    }

    /// Stops the client: requests waiting or in progress complete as
    /// ``PerfHTTPError/Code/clientShutDown``, connections close, and later requests complete
    /// inline the same way. Returns when the I/O thread has ended; calling it again does nothing
    /// more. Dropping the last reference does the same.
    public func shutdown() {
        core.beginStopping()
        let thread = loopThread.withLock { thread in
            let taken = thread
            thread = nil
            return taken
        }
        thread?.join()
    }
}

/// Counts of what an ``HTTPClient`` has done since it started.
public struct HTTPClientStatistics: Sendable, Hashable {
    /// Connections opened, successfully or not.
    public var connectionsOpened: Int
    /// Connections open now (connecting, busy or idle).
    public var openConnections: Int
    /// Requests accepted and not yet completed.
    public var inFlight: Int
    /// Requests answered with a response, whatever its status.
    public var succeeded: Int
    /// Requests that failed after being accepted (refused, timed out, reset, malformed, shut down).
    public var failed: Int
    /// Requests not sent because ``HTTPClientConfiguration/maxInFlight`` were in flight.
    public var dropped: Int
    /// Requests sent again on a new connection after a kept-alive one closed under them.
    public var retried: Int
}
