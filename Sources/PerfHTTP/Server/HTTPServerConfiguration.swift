/// Where an HTTP server (a ``MonitorHTTPEndpoint``'s, say) listens and how patient and how big it is.
///
/// Every value has a default; the address is 127.0.0.1:9464, reachable from this machine only.
public struct HTTPServerConfiguration: Sendable, Hashable {
    /// The address to listen on: an IPv4 or IPv6 literal, or `localhost` (127.0.0.1 by default).
    public var host: String
    /// The port to listen on (9464 by default); 0 lets the system choose a free one, which
    /// ``MonitorHTTPEndpoint/port`` then reports.
    public var port: Int
    /// How long a client may take to send a whole request once it has sent its first byte (5 s);
    /// a client too slow gets 408 and is closed. A new connection that sends nothing for this long
    /// is closed without an answer.
    public var readTimeout: Duration
    /// How long a connection may wait for its next request, after an answered one, before it is
    /// closed (30 s).
    public var idleTimeout: Duration
    /// How long a response may take to be written to a client that does not read (5 s).
    public var writeTimeout: Duration
    /// The most connections served at once (64). One more closes the connection that has waited
    /// longest without a request in progress; when every connection is mid-request, it gets 503.
    public var maxConnections: Int
    /// The longest request line, in bytes (8 KiB); a longer one gets 414.
    public var maxRequestLineBytes: Int
    /// The largest header section, in bytes (16 KiB); a larger one gets 431.
    public var maxHeaderBytes: Int
    /// The largest request body, in bytes (64 KiB); a larger one gets 413.
    public var maxBodyBytes: Int
    /// How long shutting down (``MonitorHTTPEndpoint/shutdown()``) waits for connections in the
    /// middle of a response (2 s).
    public var shutdownGracePeriod: Duration
    /// The kernel's queue of connections not yet accepted (128).
    public var backlog: Int
    /// Whether the server's threads run in the background (Linux's `SCHED_BATCH` at nice 10; true)
    /// beyond a small budget at normal priority (``foregroundShare``): a storm of scrapes then
    /// takes its CPU from the scrapers, not from the service the monitor watches. Under `wrk -t2 -c16` on `/metrics` beside a 2000 req/s workload, the workload's P95
    /// went from 5.9 ms to 648–922 ms with the threads at normal priority, and to 7.6–11.9 ms in
    /// the background. Set it false for a server whose requests are the service's own work.
    public var runsInBackground: Bool = true
    /// The share of one core the threads of a background server may spend at normal priority
    /// (0.05): a connection thread starts at normal priority and moves to the background once
    /// the server's threads together have spent more than this (with a burst of 50 ms), so a
    /// scrape is answered at once on a busy machine while a storm of them still runs in the
    /// background. 0 keeps every thread in the background; ignored when ``runsInBackground`` is
    /// false.
    public var foregroundShare: Double = 0.05

    /// Creates a configuration; every value has a default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 9464,
        readTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(30),
        writeTimeout: Duration = .seconds(5),
        maxConnections: Int = 64,
        maxRequestLineBytes: Int = 8192,
        maxHeaderBytes: Int = 16_384,
        maxBodyBytes: Int = 65_536,
        shutdownGracePeriod: Duration = .seconds(2),
        backlog: Int = 128
    ) {
        self.host = host
        self.port = port
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.shutdownGracePeriod = shutdownGracePeriod
        self.backlog = backlog
    }

    /// Whether ``host`` is a loopback address (127.0.0.0/8, ::1 or `localhost`), reachable from
    /// this machine only; false for any other address, and for text that is not an address.
    public var isLoopbackOnly: Bool {
        SocketAddress(host: host, port: 0)?.isLoopback ?? false
    }

    /// Checks every value.
    ///
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/invalidAddress`` for a host that
    ///   is not a literal address, or ``PerfHTTPError/Code/configuration`` naming the first value
    ///   out of range.
    func validate() throws(PerfHTTPError) {
        guard SocketAddress(host: host, port: 0) != nil else {
            throw PerfHTTPError(
                code: .invalidAddress,
                message: "The bind address '\(host)' is not an IPv4 or IPv6 address; use one such as 127.0.0.1 or ::1."
            )
        }
        let counts: [(String, Int, ClosedRange<Int>)] = [
            ("port", port, 0...65_535), ("maxConnections", maxConnections, 1...4096),
            ("maxRequestLineBytes", maxRequestLineBytes, 16...1_048_576),
            ("maxHeaderBytes", maxHeaderBytes, 16...1_048_576), ("maxBodyBytes", maxBodyBytes, 0...67_108_864),
            ("backlog", backlog, 1...65_535),
        ]
        for (name, value, range) in counts where !range.contains(value) {
            throw PerfHTTPError(
                code: .configuration,
                message: "The server's \(name) is \(value); it must be in \(range.lowerBound)...\(range.upperBound)."
            )
        }
        let durations: [(String, Duration)] = [
            ("readTimeout", readTimeout), ("idleTimeout", idleTimeout), ("writeTimeout", writeTimeout),
        ]
        for (name, value) in durations where value <= .zero {
            throw PerfHTTPError(
                code: .configuration,
                message: "The server's \(name) is \(value); it must be above 0."
            )
        }
        if !(0...1).contains(foregroundShare) {
            throw PerfHTTPError(
                code: .configuration,
                message:
                    "The server's foregroundShare is \(foregroundShare); it must be in 0...1 (a share of one core)."
            )
        }
        if shutdownGracePeriod < .zero {
            throw PerfHTTPError(
                code: .configuration,
                message: "The server's shutdownGracePeriod is \(shutdownGracePeriod); it must be 0 or more."
            )
        }
    }
}
