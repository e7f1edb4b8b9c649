import PerfSupport
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server over POSIX sockets: no dependencies, no event loop.
///
/// The engine of ``MonitorHTTPEndpoint`` (and so of `perfgate serve`), and a server for a small
/// service of your own: give it ``HTTPRoutes``, and add the monitor's `/metrics`, `/summary`,
/// `/history` and `/healthz` to them with ``HTTPRoutes/addMonitorEndpoints(for:summaryContext:)``
/// to serve both on one port (`Examples/api-server` does).
///
/// Creating the server binds and listens at once, so a port in use is an error before anything
/// else starts; the accept loop then runs on its own thread, and each connection on a thread of
/// its own, up to ``HTTPServerConfiguration/maxConnections``; one more displaces the connection
/// that has waited longest without a request in progress, and is answered 503 only when every
/// connection is mid-request. A connection is kept alive between requests (pipelined requests are
/// answered in order) until the client closes it, asks to close it, idles past the idle timeout,
/// sends nothing within the read timeout of connecting, is too slow to send a request within the
/// read timeout (408), or sends a malformed one (400, 414, 431, 413, 501 or 505, then close).
/// Requests are answered by ``HTTPRoutes``. Unless ``HTTPServerConfiguration/runsInBackground`` is
/// false, the server's connections run at normal priority only within a small CPU budget
/// (``HTTPServerConfiguration/foregroundShare``, 5% of one core) and in the background beyond it
/// (Linux's `SCHED_BATCH` at nice 10), so a scrape is answered at once while a storm of scrapes
/// takes its CPU from the scrapers, not from the service the monitor watches; a server whose
/// requests are the service's own work sets it false.
///
/// ```swift
/// var routes = HTTPRoutes()
/// routes.add("GET", "/healthz") { _ in .text("ok\n") }
/// routes.add("GET", "/api/items") { request in .json("{\"page\": \(request.queryItems["page"] ?? "1")}") }
/// var configuration = HTTPServerConfiguration(port: 0)
/// configuration.runsInBackground = false  // the service's own requests, at normal priority
/// let server = try HTTPServer(configuration: configuration, routes: routes)
/// print("listening on http://\(server.authority)")
/// // …
/// server.shutdown()
/// ```
///
/// ``shutdown()`` stops accepting, closes idle connections at once, lets a response in progress
/// finish (with `Connection: close`), and returns once every connection thread has ended or the
/// grace period has passed; dropping the last reference does the same.
public final class HTTPServer: Sendable {
    /// The configuration in force.
    public let configuration: HTTPServerConfiguration
    /// The address listened on, as given (without brackets).
    public let host: String
    /// The port listened on: the configured one, or the system's choice when it was 0.
    public let port: Int
    /// The address and port as a URL authority: `127.0.0.1:9464` or `[::1]:9464`.
    public let authority: String
    private let core: HTTPServerCore
    private let acceptThread: Mutex<DedicatedThread?>

    /// Binds, listens and starts accepting.
    ///
    /// - Parameters:
    ///   - configuration: Where to listen, timeouts and limits.
    ///   - routes: What answers each method and path.
    /// - Throws: ``PerfHTTPError``: ``PerfHTTPError/Code/portInUse`` when something already
    ///   listens on the address and port, ``PerfHTTPError/Code/invalidAddress`` for a host that is
    ///   not an address, ``PerfHTTPError/Code/addressUnavailable``,
    ///   ``PerfHTTPError/Code/permissionDenied``, ``PerfHTTPError/Code/configuration``,
    ///   ``PerfHTTPError/Code/socket`` or ``PerfHTTPError/Code/thread``.
    public init(configuration: HTTPServerConfiguration = .init(), routes: HTTPRoutes) throws(PerfHTTPError) {
        try configuration.validate()
        guard let address = SocketAddress(host: configuration.host, port: configuration.port) else {
            throw PerfHTTPError(code: .invalidAddress, message: "The bind address is not valid.")
        }
        guard let wake = WakePipe() else {
            throw PerfHTTPError(
                code: .socket,
                message: "The server could not open its wake-up pipe; the process may be out of file descriptors.",
                cause: String(cString: strerror(errno))
            )
        }
        let listener = try ListeningSocket(address: address, backlog: Int32(configuration.backlog))
        let core = HTTPServerCore(configuration: configuration, routes: routes, wake: wake)
        do {
            acceptThread = Mutex(
                try DedicatedThread.start(
                    name: "http accept",
                    scheduling: core.threadScheduling
                ) {
                    core.acceptLoop(listener: listener)
                }
            )
        } catch {
            listener.closeDescriptor()
            throw PerfHTTPError(
                code: .thread,
                message: "The server could not start its accept thread.",
                cause: error.reason
            )
        }
        self.configuration = configuration
        self.core = core
        host = address.host
        port = listener.port
        authority = address.authority(port: listener.port)
    }

    deinit {
        shutdown()
    }

    /// Connections open now.
    public var activeConnectionCount: Int { core.activeConnections.load(ordering: .acquiring) }

    /// Connections accepted since start (not counting those refused with 503).
    public var acceptedConnectionCount: Int { core.connectionsAccepted.load(ordering: .relaxed) }

    /// Connections refused with 503 since start, because the server was full.
    public var refusedConnectionCount: Int { core.connectionsRefused.load(ordering: .relaxed) }

    /// Waiting connections (silent, or idle between requests) closed since start to make room for
    /// a new one when the server was full.
    public var evictedConnectionCount: Int { core.connectionsEvicted.load(ordering: .relaxed) }

    /// Requests answered since start, error answers included.
    public var answeredRequestCount: Int { core.requestsAnswered.load(ordering: .relaxed) }

    /// Whether ``shutdown()`` has begun.
    public var isShuttingDown: Bool { core.isStopping }

    /// Stops the server: stops accepting (the port is free when this returns), closes idle
    /// connections, and waits for responses in progress, at most
    /// ``HTTPServerConfiguration/shutdownGracePeriod``. Calling it again waits again.
    ///
    /// - Returns: True when every connection had ended; false when some handler was still
    ///   running at the end of the grace period (its thread ends on its own when it returns).
    @discardableResult
    public func shutdown() -> Bool {
        _ = core.beginStopping()
        let thread = acceptThread.withLock { thread in
            let taken = thread
            thread = nil
            return taken
        }
        thread?.join()
        let deadline = ContinuousClock.now.advanced(by: configuration.shutdownGracePeriod)
        while core.activeConnections.load(ordering: .acquiring) > 0, ContinuousClock.now < deadline {
            usleep(2_000)
        }
        return core.activeConnections.load(ordering: .acquiring) == 0
    }
}
