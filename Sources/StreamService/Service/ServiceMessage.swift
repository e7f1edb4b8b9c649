/// One message sent to a ``StreamingService``: a request on a stream, or a stand-alone request.
public struct ServiceMessage: Sendable, Hashable {
    /// The message's number within the run; together with the service's seed it fixes the message's random draws
    /// (injected errors, backend latency), so the same run fails the same messages.
    public var sequence: UInt64
    /// The connection the message streams on, or `nil` for a request outside any connection.
    ///
    /// A message naming a connection that is not open fails with ``ServiceFailureKind/connectionRefused``.
    public var connectionID: UInt64?
    /// The key the message reads: the payload's content is derived from it, and the response cache is keyed by it.
    public var key: UInt64
    /// The payload's size in bytes; negative sizes count as 0, sizes above ``maximumPayloadSize`` as that maximum.
    public var payloadSize: Int
    /// When the load driver meant to send the message: its latency is measured from here to its completion, so
    /// time lost by a late sender counts too (no coordinated omission).
    public var intendedStart: ContinuousClock.Instant

    /// The largest payload the service processes: 64 MiB, the largest pooled buffer a configuration allows.
    public static let maximumPayloadSize = 64 * 1_048_576

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - sequence: The message's number within the run.
    ///   - connectionID: The connection the message streams on, or `nil`.
    ///   - key: The key the message reads.
    ///   - payloadSize: The payload's size in bytes.
    ///   - intendedStart: When the load driver meant to send the message.
    public init(
        sequence: UInt64,
        connectionID: UInt64? = nil,
        key: UInt64,
        payloadSize: Int,
        intendedStart: ContinuousClock.Instant
    ) {
        self.sequence = sequence
        self.connectionID = connectionID
        self.key = key
        self.payloadSize = payloadSize
        self.intendedStart = intendedStart
    }

    /// The number of payload bytes the service processes: ``payloadSize`` within `0...maximumPayloadSize`.
    var processedSize: Int {
        min(max(payloadSize, 0), Self.maximumPayloadSize)
    }
}
