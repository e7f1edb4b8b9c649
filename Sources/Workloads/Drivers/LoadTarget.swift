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

/// A ``LoadTarget`` that can be handed a request ahead of its intended start and sends it at that
/// instant itself, such as an HTTP client whose I/O thread waits until each instant.
///
/// An ``OpenLoopDriver`` hands such a target its requests up to
/// ``OpenLoopConfiguration/lookahead`` early, in batches, and sleeps in between: no thread spins
/// on the clock, which on a machine with few cores leaves the CPU to the target and the service.
/// The schedule lag is then the target's: the time it took each request up, less the request's
/// ``LoadRequest/intendedStart``.
///
/// Rules, besides those of ``LoadTarget``: `send(scheduled:completion:)` returns at once; the
/// target takes the request up at or after its intended start, never before (a start already
/// past is taken up at once); `completion` is called exactly once, with when the request was
/// taken up and, where the target knows it, when its answer arrived (see ``ScheduledTimes``).
public protocol ScheduledLoadTarget: LoadTarget {
    /// Hands a request over to be sent at its ``LoadRequest/intendedStart``.
    ///
    /// - Parameters:
    ///   - request: The request; its intended start may lie in the future.
    ///   - completion: Called exactly once, on any thread, with the outcome and its times.
    func send(
        scheduled request: LoadRequest,
        completion: @escaping @Sendable (LoadOutcome, ScheduledTimes) -> Void
    )
}

/// When a ``ScheduledLoadTarget`` took a request up, and when its answer arrived.
public struct ScheduledTimes: Sendable, Hashable {
    /// When the target took the request up, nil when it never did (it shut down first); this
    /// less the request's intended start is the schedule lag.
    public var takenUp: ContinuousClock.Instant?
    /// When the answer arrived, where the target knows it better than the moment it calls the
    /// completion: an HTTP client gives the instant the kernel received the response's last
    /// bytes, so that the client's own delay in reading them is not counted against the service.
    /// Nil: the latency ends when the completion is called.
    public var answered: ContinuousClock.Instant?

    /// Creates the times of one request.
    ///
    /// - Parameters:
    ///   - takenUp: When the target took the request up, nil when it never did.
    ///   - answered: When the answer arrived, nil to end the latency at the completion.
    public init(takenUp: ContinuousClock.Instant?, answered: ContinuousClock.Instant? = nil) {
        self.takenUp = takenUp
        self.answered = answered
    }
}

/// One request a driver sends to a ``LoadTarget``.
public struct LoadRequest: Sendable, Hashable {
    /// The request's number within the run, from 0: the arrival index in an open-loop run, the
    /// order of sending in a closed-loop run.
    public var sequence: UInt64
    /// The session the request belongs to, for closed-loop runs; `nil` in open-loop runs.
    public var sessionID: UInt64?
    /// The key the request reads or writes, drawn from the workload's ``KeyDistribution``.
    public var key: UInt64
    /// The payload size in bytes, drawn from the workload's ``PayloadSizeDistribution``.
    public var payloadSize: Int
    /// When the request was meant to be sent; latency is measured from here, so time a request
    /// spends waiting for a late sender counts against the target (no coordinated omission).
    public var intendedStart: ContinuousClock.Instant
    /// The named operation the request performs, drawn from the driver's ``OperationMix``; `nil`
    /// when the run has no mix. A target that records into a `StreamPerformanceMonitor` passes it
    /// on as the monitor's operation.
    public var operation: String?

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - sequence: The request's number within the run.
    ///   - sessionID: The session the request belongs to, if any.
    ///   - key: The key the request reads or writes.
    ///   - payloadSize: The payload size in bytes.
    ///   - intendedStart: When the request was meant to be sent.
    ///   - operation: The named operation the request performs, if any.
    public init(
        sequence: UInt64,
        sessionID: UInt64? = nil,
        key: UInt64,
        payloadSize: Int,
        intendedStart: ContinuousClock.Instant,
        operation: String? = nil
    ) {
        self.sequence = sequence
        self.sessionID = sessionID
        self.key = key
        self.payloadSize = payloadSize
        self.intendedStart = intendedStart
        self.operation = operation
    }
}

/// How a ``LoadTarget`` finished one request.
public enum LoadOutcome: Sendable, Hashable {
    /// The request succeeded.
    case success
    /// The request failed; `kind` names the failure for the report, such as `"backpressure"`,
    /// `"timeout"` or `"internal"`. Keep the set of kinds small: reports count them by name.
    case failure(kind: String)

    /// Whether the request succeeded.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

/// A target that completes every request successfully, inline, doing nothing else.
///
/// Driving it measures the driver's own ceiling: how many requests a second the sender can
/// offer, and how closely it holds a schedule, when the target costs nothing.
public struct NoOpTarget: LoadTarget {
    /// Creates the target.
    public init() {}

    /// Calls `completion(.success)` before returning.
    @inlinable
    public func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        completion(.success)
    }
}
