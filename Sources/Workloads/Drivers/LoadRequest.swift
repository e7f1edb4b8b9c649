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

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - sequence: The request's number within the run.
    ///   - sessionID: The session the request belongs to, if any.
    ///   - key: The key the request reads or writes.
    ///   - payloadSize: The payload size in bytes.
    ///   - intendedStart: When the request was meant to be sent.
    public init(
        sequence: UInt64,
        sessionID: UInt64? = nil,
        key: UInt64,
        payloadSize: Int,
        intendedStart: ContinuousClock.Instant
    ) {
        self.sequence = sequence
        self.sessionID = sessionID
        self.key = key
        self.payloadSize = payloadSize
        self.intendedStart = intendedStart
    }
}
