/// How many connections an ``HTTPClient`` opens, how many requests it lets wait, and how patient
/// it is.
///
/// With *C* = ``maxConnections`` and *F* = ``maxInFlight`` (*F* ≥ *C*): a request that finds all
/// *C* connections busy waits, first come first served, for one to be free; a request that would
/// make more than *F* requests in flight (waiting or on a connection) is not sent at all and
/// fails at once with ``PerfHTTPError/Code/dropped``, as k6 counts `dropped_iterations`.
public struct HTTPClientConfiguration: Sendable, Hashable {
    /// The most connections open at once, *C* (64).
    public var maxConnections: Int
    /// The most requests in flight at once, waiting for a connection or on one, *F* (1024); at
    /// least ``maxConnections``.
    public var maxInFlight: Int
    /// How long a connection may take to be established (2 s).
    public var connectTimeout: Duration
    /// How long the server may stay silent while a request is being written or its response
    /// read: the longest gap between two bytes of progress (10 s).
    public var readTimeout: Duration
    /// How long a whole request may take, from ``HTTPClient/send(_:completion:)`` to the last
    /// byte of its response, time waiting for a connection included (30 s).
    public var requestTimeout: Duration
    /// The largest response head (status line and header fields), in bytes (64 KiB); a larger one
    /// fails with ``PerfHTTPError/Code/malformedResponse``.
    public var maxResponseHeaderBytes: Int
    /// The largest response body kept for a request that asks for its body, in bytes (64 MiB); a
    /// larger one fails with ``PerfHTTPError/Code/malformedResponse``. Bodies not kept are only
    /// counted, whatever their size.
    public var maxKeptBodyBytes: Int

    /// Creates a configuration; every value has a default.
    ///
    /// - Parameters:
    ///   - maxConnections: The most connections open at once (64).
    ///   - maxInFlight: The most requests in flight at once (1024).
    ///   - connectTimeout: How long a connection may take to be established (2 s).
    ///   - readTimeout: The longest silence while a request is written or its response read (10 s).
    ///   - requestTimeout: How long a whole request may take, queueing included (30 s).
    ///   - maxResponseHeaderBytes: The largest response head (64 KiB).
    ///   - maxKeptBodyBytes: The largest response body kept (64 MiB).
    public init(
        maxConnections: Int = 64,
        maxInFlight: Int = 1024,
        connectTimeout: Duration = .seconds(2),
        readTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(30),
        maxResponseHeaderBytes: Int = 65_536,
        maxKeptBodyBytes: Int = 67_108_864
    ) {
        self.maxConnections = maxConnections
        self.maxInFlight = maxInFlight
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseHeaderBytes = maxResponseHeaderBytes
        self.maxKeptBodyBytes = maxKeptBodyBytes
    }

    /// Checks every value.
    ///
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/configuration`` naming the first
    ///   value out of range.
    public func validate() throws(PerfHTTPError) {
        let counts: [(String, Int, ClosedRange<Int>)] = [
            ("maxConnections", maxConnections, 1...4096),
            ("maxInFlight", maxInFlight, 1...16_777_216),
            ("maxResponseHeaderBytes", maxResponseHeaderBytes, 64...16_777_216),
            ("maxKeptBodyBytes", maxKeptBodyBytes, 0...Int(Int32.max)),
        ]
        for (name, value, range) in counts where !range.contains(value) {
            throw PerfHTTPError(
                code: .configuration,
                message: "The client's \(name) is \(value); it must be in \(range.lowerBound)...\(range.upperBound)."
            )
        }
        if maxInFlight < maxConnections {
            throw PerfHTTPError(
                code: .configuration,
                message: "The client's maxInFlight is \(maxInFlight), below maxConnections (\(maxConnections)); "
                    + "raise it to \(maxConnections) or more."
            )
        }
        let durations: [(String, Duration)] = [
            ("connectTimeout", connectTimeout), ("readTimeout", readTimeout), ("requestTimeout", requestTimeout),
        ]
        for (name, value) in durations where value <= .zero {
            throw PerfHTTPError(code: .configuration, message: "The client's \(name) is \(value); it must be above 0.")
        }
    }
}
