/// What the service knows of one open connection.
struct ConnectionRecord: Sendable {
    /// When the connection last received a message (or opened).
    var lastActivity: ContinuousClock.Instant
    /// Messages received and not yet reported to the monitor as session activity.
    var unreportedMessages = 0
    /// Payload bytes received and not yet reported to the monitor.
    var unreportedBytes = 0

    /// Creates the record of a connection opened at `instant`.
    init(openedAt instant: ContinuousClock.Instant) {
        lastActivity = instant
    }
}
