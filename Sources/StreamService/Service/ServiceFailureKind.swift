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
