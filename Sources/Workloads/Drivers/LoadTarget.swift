/// Something a load driver can send requests to: the simulated service, or a user's own handler.
///
/// A target is called from the driver's sender thread (open loop) or connection tasks (closed
/// loop), and reports each outcome through a completion callback instead of `async`: a task per
/// request costs too much to offer 100,000 requests a second on two cores.
///
/// Rules a target must follow:
/// - `send` must return quickly (within microseconds): queue the work and return. A `send` that
///   blocks delays every later arrival; the driver measures that as schedule lag and may mark
///   the run invalid.
/// - `completion` must be called exactly once per request, from any thread, at any time (inline
///   from `send` is fine). A request whose completion never comes is reported as timed out in
///   flight when the run drains.
///
/// ```swift
/// struct EchoTarget: LoadTarget {
///     func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
///         completion(request.payloadSize <= 65_536 ? .success : .failure(kind: "too_large"))
///     }
/// }
/// ```
public protocol LoadTarget: Sendable {
    /// Starts one request and arranges for `completion` to be called once with its outcome.
    ///
    /// - Parameters:
    ///   - request: The request to handle.
    ///   - completion: Called exactly once, on any thread, when the request finishes.
    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void)

    /// Opens a session (a streaming connection) before a closed-loop driver sends on it.
    ///
    /// - Parameter id: The session's identifier, unique within the run.
    /// - Returns: Whether the session was accepted; a refusal is counted as a failure of kind
    ///   `connection_refused`. The default implementation accepts every session.
    func openSession(id: UInt64) -> Bool

    /// Closes a session that ``openSession(id:)`` accepted. The default implementation does nothing.
    ///
    /// - Parameter id: The session's identifier.
    func closeSession(id: UInt64)
}

extension LoadTarget {
    /// Accepts every session.
    public func openSession(id: UInt64) -> Bool { true }

    /// Does nothing.
    public func closeSession(id: UInt64) {}
}
