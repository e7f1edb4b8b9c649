/// What a ``ClosedLoopDriver`` runs: how many connections, how long their sessions are, and how
/// long each virtual user thinks between messages.
public struct ClosedLoopConfiguration: Sendable, Hashable {
    /// The number of connections, each a virtual user (an OS thread) running sessions one after
    /// another; at most 4096.
    public var connections: Int
    /// The messages each session streams before it is closed.
    public var messagesPerSession: Int
    /// The pause between a message's completion and the next message of the same session.
    public var thinkTime: Duration
    /// How long connections keep starting messages; sessions still open then are closed early.
    public var duration: Duration
    /// The pause before a connection tries again after its session was refused.
    public var reconnectDelay: Duration
    /// The seed of every key and payload size in the run; connection `i` uses stream `i + 1`.
    public var seed: UInt64
    /// How payload sizes are drawn.
    public var payloadSizes: PayloadSizeDistribution
    /// How keys are drawn.
    public var keys: KeyDistribution
    /// Which named operation each message is, or `nil` for messages without one.
    public var operations: OperationMix?
    /// How long to wait, after ``duration``, for connections to finish their last message.
    public var drainTimeout: Duration
    /// How often the progress callback is called.
    public var progressInterval: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - connections: The number of connections; 50 by default.
    ///   - messagesPerSession: The messages per session; 20 by default.
    ///   - thinkTime: The pause between messages of a session; 20 ms by default.
    ///   - duration: How long connections keep starting messages; 30 s by default.
    ///   - reconnectDelay: The pause after a refused session; 10 ms by default.
    ///   - seed: The seed of every key and payload size in the run.
    ///   - payloadSizes: How payload sizes are drawn; 512-byte requests by default.
    ///   - keys: How keys are drawn; 10,000 uniform keys by default.
    ///   - drainTimeout: How long to wait for the last messages; 5 s by default.
    ///   - progressInterval: How often progress is reported; 250 ms by default.
    ///   - operations: Which named operation each message is; none by default.
    public init(
        connections: Int = 50,
        messagesPerSession: Int = 20,
        thinkTime: Duration = .milliseconds(20),
        duration: Duration = .seconds(30),
        reconnectDelay: Duration = .milliseconds(10),
        seed: UInt64 = 1,
        payloadSizes: PayloadSizeDistribution = .fixed(bytes: 512),
        keys: KeyDistribution = .uniform(keySpace: 10_000),
        drainTimeout: Duration = .seconds(5),
        progressInterval: Duration = .milliseconds(250),
        operations: OperationMix? = nil
    ) {
        self.connections = connections
        self.messagesPerSession = messagesPerSession
        self.thinkTime = thinkTime
        self.duration = duration
        self.reconnectDelay = reconnectDelay
        self.seed = seed
        self.payloadSizes = payloadSizes
        self.keys = keys
        self.drainTimeout = drainTimeout
        self.progressInterval = progressInterval
        self.operations = operations
    }

    /// Checks every part of the configuration.
    ///
    /// - Throws: ``WorkloadsError`` with code `invalidDriver` naming the first bad field.
    public func validate() throws(WorkloadsError) {
        if !(1...4096).contains(connections) {
            throw Self.invalid("connections is \(connections); it must be from 1 to 4096 (one thread each).")
        }
        if messagesPerSession < 1 {
            throw Self.invalid("messagesPerSession is \(messagesPerSession); it must be at least 1.")
        }
        if duration <= .zero { throw Self.invalid("duration is \(duration); it must be above 0.") }
        if progressInterval <= .zero {
            throw Self.invalid("progressInterval is \(progressInterval); it must be above 0.")
        }
        let pauses: [(String, Duration)] = [
            ("thinkTime", thinkTime), ("reconnectDelay", reconnectDelay), ("drainTimeout", drainTimeout),
        ]
        for (name, value) in pauses where value < .zero {
            throw Self.invalid("\(name) is \(value); it must be 0 or more.")
        }
        try payloadSizes.validate()
        try keys.validate()
        try operations?.validate()
    }

    private static func invalid(_ message: String) -> WorkloadsError {
        WorkloadsError(code: .invalidDriver, message: "The closed-loop driver's " + message)
    }
}
