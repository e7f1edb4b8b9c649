/// How the service finished one message.
public enum ServiceOutcome: Sendable, Hashable {
    /// The message was processed.
    case success
    /// The message failed; `kind` is one of the raw values of ``ServiceFailureKind``, such as `"overloaded"`.
    case failure(kind: String)

    /// The failure of the given kind.
    ///
    /// - Parameter kind: Why the message failed.
    /// - Returns: `.failure(kind: kind.rawValue)`.
    public static func failure(_ kind: ServiceFailureKind) -> ServiceOutcome {
        .failure(kind: kind.rawValue)
    }

    /// Whether the message was processed.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    /// The kind of failure, or `nil` for a success.
    public var failureKind: String? {
        if case .failure(let kind) = self { return kind }
        return nil
    }
}

/// Why the service failed a message or refused a connection; the raw value is the kind reported to the monitor.
public enum ServiceFailureKind: String, Sendable, Hashable, CaseIterable {
    /// The queue was full: the message could not enter it within the backpressure window, or the admission list was
    /// full too.
    case overloaded = "overloaded"
    /// The message waited longer than the worker timeout between its submission and the start of its processing.
    case timeout = "timeout"
    /// The connection limit was reached when the connection was opened, or the message named a connection that is
    /// not open.
    case connectionRefused = "connection_refused"
    /// The error-rate fault chose the message to fail (see ``FaultInjection/errorRate``).
    case injected = "injected"
    /// The service was shutting down: the message arrived after ``StreamingService/shutdown(drainTimeout:)`` began,
    /// or was still waiting when the drain timeout ran out.
    case shutdown = "shutdown"
}
