public import PerfMonitor

/// Serves a ``StreamPerformanceMonitor`` over HTTP/1.1: a live dashboard at `/`, `/metrics` for
/// Prometheus, `/summary`, `/history` and `/healthz`, from threads of its own, with no dependencies.
///
/// Creating the endpoint binds and listens at once, so a port in use is an error right there, and
/// it serves until ``shutdown()`` or until its last reference goes. It only reads the monitor:
/// start the monitor (``StreamPerformanceMonitor/start()``) for the periodic collection that
/// `/history` and the windowed figures of `/summary` are made of.
///
/// ```swift
/// import PerfHTTP
/// import PerfMonitor
///
/// let monitor = StreamPerformanceMonitor()
/// monitor.start()
/// let endpoint = try MonitorHTTPEndpoint(
///     monitor: monitor,
///     configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 9464)
/// )
/// monitor.recordRequest(latency: .milliseconds(4), succeeded: true)
/// // Prometheus scrapes http://127.0.0.1:9464/metrics; at exit:
/// endpoint.shutdown()
/// ```
///
/// What each path answers (`GET`, or `HEAD` for the head alone; another method gets 405, another
/// path 404):
/// - `/`: the live dashboard, one self-contained HTML page that polls `/summary` and `/history`
///   every second and charts them (nothing fetched from elsewhere; see `DashboardPage`).
/// - `/metrics`: the monitor's Prometheus text, ``StreamPerformanceMonitor/prometheusExposition()``,
///   as ``PrometheusExposition/contentType``.
/// - `/summary`: JSON with `summary` (the ``PerformanceSummary`` since start), `targets` (the
///   monitor's configured ``PerformanceTargets``), `comparison` (the ``TargetComparison`` with
///   them), `current` (the sliding window's rate, percentiles and error rate, with the queue depth,
///   active connections, worker utilization, cache lookups, hits and hit ratio since start, memory
///   and the CPU of the last collection), `operations` (each declared operation's
///   ``OperationSummary`` by name, with its `window`: requests per second, P50/P95/P99 and error
///   rate over the last ten seconds of `/summary` requests; only when the monitor declares operations),
///   `time`, and whatever the `summaryContext` closure adds.
/// - `/history[?last=N]`: JSON with the interval `points` (newest last; the last `N`, at most 3600
///   unless asked), `totalPoints`, `intervalSeconds`, and the latest `anomalies`.
/// - `/healthz`: `ok`.
///
/// The server keeps connections alive between requests, bounds the request line, the headers and
/// the body, drops a client that is silent or slow past the timeouts, serves up to
/// ``HTTPServerConfiguration/maxConnections`` clients at once (a newcomer displaces the one that
/// has waited longest without a request in progress, so idle connections cannot starve a
/// scrape), and answers malformed requests with 400, 408, 413, 414, 431, 501 or 505. It has no
/// authentication: it listens on 127.0.0.1 unless told otherwise
/// (``HTTPServerConfiguration/isLoopbackOnly`` says whether an address is this machine's only).
///
/// Each request is answered on its connection's thread from the monitor's lock-free or briefly
/// locked snapshots, so scrapes do not disturb recording.
public final class MonitorHTTPEndpoint: Sendable {
    /// The monitor the endpoint shows.
    public let monitor: StreamPerformanceMonitor
    private let server: HTTPServer

    /// Binds, listens and starts serving the monitor.
    ///
    /// - Parameters:
    ///   - monitor: The monitor to show.
    ///   - configuration: Where to listen (127.0.0.1:9464 by default; port 0 lets the system
    ///     choose, see ``port``), timeouts and limits.
    ///   - summaryContext: Called for every `/summary` (on the connection's thread, outside any
    ///     lock, so it must be safe to call concurrently); its members are added to the
    ///     document's top level, replacing built-in ones of the same name, for what the monitor
    ///     does not know (the service's version, what drives it).
    /// - Throws: ``PerfHTTPError``: ``PerfHTTPError/Code/portInUse`` when something already
    ///   listens on the address and port, ``PerfHTTPError/Code/invalidAddress`` for a host that is
    ///   not an IPv4 or IPv6 literal, ``PerfHTTPError/Code/addressUnavailable``,
    ///   ``PerfHTTPError/Code/permissionDenied``, ``PerfHTTPError/Code/configuration`` for a
    ///   value out of range, ``PerfHTTPError/Code/socket`` or ``PerfHTTPError/Code/thread``.
    public init(
        monitor: StreamPerformanceMonitor,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        summaryContext: (@Sendable () -> [String: JSONValue])? = nil
    ) throws(PerfHTTPError) {
        self.monitor = monitor
        server = try HTTPServer(
            configuration: configuration,
            routes: MonitorEndpoints.routes(for: monitor, context: summaryContext)
        )
    }

    /// The configuration in force.
    public var configuration: HTTPServerConfiguration { server.configuration }

    /// The address listened on, as configured (without brackets; `localhost` reads 127.0.0.1).
    public var host: String { server.host }

    /// The port listened on: the configured one, or the system's choice when it was 0.
    public var port: Int { server.port }

    /// The address and port as a URL authority: `127.0.0.1:9464` or `[::1]:9464`.
    public var authority: String { server.authority }

    /// Requests answered since the endpoint started, error answers included.
    public var answeredRequestCount: Int { server.answeredRequestCount }

    /// Stops serving: stops accepting (the port is free when this returns), closes idle
    /// connections, and waits for responses in progress, at most
    /// ``HTTPServerConfiguration/shutdownGracePeriod``. Calling it again waits again; dropping the
    /// last reference to the endpoint does the same.
    ///
    /// - Returns: True when every connection had ended; false when a response was still in
    ///   progress at the end of the grace period (its thread ends on its own when it is done).
    @discardableResult
    public func shutdown() -> Bool {
        server.shutdown()
    }
}
