extension PerfHTTPError.Code {
    /// A client URL is not `http://host[:port][/path]`.
    public static let invalidURL = PerfHTTPError.Code(rawValue: "invalidURL")
    /// A client URL's scheme is not `http` (`https` among them: the client does not speak TLS).
    public static let unsupportedScheme = PerfHTTPError.Code(rawValue: "unsupportedScheme")
    /// A client URL's host name does not resolve to an IPv4 or IPv6 address.
    public static let unresolvableHost = PerfHTTPError.Code(rawValue: "unresolvableHost")
    /// A request or request template has a method, target, header or placeholder that is not allowed.
    public static let invalidRequest = PerfHTTPError.Code(rawValue: "invalidRequest")
    /// A request template names a placeholder other than `{key}`, `{seq}` and `{payload}`.
    public static let unknownPlaceholder = PerfHTTPError.Code(rawValue: "unknownPlaceholder")

    /// A request failed: nothing accepted the connection (connection refused).
    public static let connectionRefused = PerfHTTPError.Code(rawValue: "connectionRefused")
    /// A request failed: a connect, read or whole-request timeout passed.
    public static let timedOut = PerfHTTPError.Code(rawValue: "timedOut")
    /// A request failed: the server reset or closed the connection before answering.
    public static let connectionReset = PerfHTTPError.Code(rawValue: "connectionReset")
    /// A request failed: the response was not HTTP/1.x, its head was too large, its framing was
    /// wrong, or the server closed the connection in the middle of it.
    public static let malformedResponse = PerfHTTPError.Code(rawValue: "malformedResponse")
    /// A request was not sent: the client's cap on requests in flight was reached.
    public static let dropped = PerfHTTPError.Code(rawValue: "dropped")
    /// A request failed: the connection could not be made for another reason (no route to the
    /// host, the network is down, the process is out of descriptors).
    public static let connectionFailed = PerfHTTPError.Code(rawValue: "connectionFailed")
    /// A request failed because the client was shut down before it finished.
    public static let clientShutDown = PerfHTTPError.Code(rawValue: "clientShutDown")
}
