/// The one error type of the `PerfHTTP` module: why a server could not start.
///
/// Every message is a whole sentence that names the address or setting, the bad value and what
/// is allowed. Match on ``code``, never on the message:
///
/// ```swift
/// do {
///     let endpoint = try MonitorHTTPEndpoint(monitor: monitor)
///     // …
/// } catch {
///     // `error` is a `PerfHTTPError`: `.portInUse` when something else listens on 127.0.0.1:9464.
///     print(error.code == .portInUse ? "choose another port" : error.description)
/// }
/// ```
public struct PerfHTTPError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable, machine-readable kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, such as `portInUse`.
        public var rawValue: String

        /// Creates a code from its name.
        ///
        /// - Parameter rawValue: The kind's name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The host is not an IPv4 or IPv6 literal (or `localhost`).
        public static let invalidAddress = Code(rawValue: "invalidAddress")
        /// Something already listens on the address and port.
        public static let portInUse = Code(rawValue: "portInUse")
        /// The address is not one of this machine's.
        public static let addressUnavailable = Code(rawValue: "addressUnavailable")
        /// The system does not let this process listen there (a port below 1024, say).
        public static let permissionDenied = Code(rawValue: "permissionDenied")
        /// A value of the ``HTTPServerConfiguration`` is out of range.
        public static let configuration = Code(rawValue: "configuration")
        /// The system refused a socket or a pipe, or could not bind or listen for another reason.
        public static let socket = Code(rawValue: "socket")
        /// The system refused the server a thread.
        public static let thread = Code(rawValue: "thread")
    }

    /// The kind of problem.
    public var code: Code
    /// The one-line, user-facing message.
    public var message: String
    /// A description of an underlying error (the system's words for an error number), when there was one.
    public var cause: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: The one-line, user-facing message.
    ///   - cause: A description of an underlying error, when there was one.
    public init(code: Code, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}

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
