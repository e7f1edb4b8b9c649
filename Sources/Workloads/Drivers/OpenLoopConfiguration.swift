/// What an ``OpenLoopDriver`` sends, and how strictly it must keep time.
public struct OpenLoopConfiguration: Sendable, Hashable {
    /// When requests are sent.
    public var schedule: ArrivalSchedule
    /// The seed of every key and payload size in the run.
    public var seed: UInt64
    /// How payload sizes are drawn.
    public var payloadSizes: PayloadSizeDistribution
    /// How keys are drawn.
    public var keys: KeyDistribution
    /// Which named operation each request is, or `nil` for requests without one.
    public var operations: OperationMix?
    /// When the run counts as invalid because the driver fell behind.
    public var limits: ScheduleLimits
    /// How long after the schedule's end a late sender may still send; arrivals not sent by then
    /// are counted as unsent.
    public var lateSendAllowance: Duration
    /// How long to wait, after the last send, for requests still in flight.
    public var drainTimeout: Duration
    /// How long before each intended instant the sender stops sleeping and spins on the clock.
    /// Larger values keep time better on a busy machine and burn more CPU.
    public var spinWindow: Duration
    /// How often, in schedule time, the progress callback is called.
    public var progressInterval: Duration
    /// How far ahead of its instant a ``ScheduledLoadTarget`` is handed each request; the target
    /// sends it at the instant. Longer survives longer pauses of the sender thread (the machine
    /// busy elsewhere) without lag; requests handed over are not yet counted as in flight.
    public var lookahead: Duration = .milliseconds(10)

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - schedule: When requests are sent.
    ///   - seed: The seed of every key and payload size in the run.
    ///   - payloadSizes: How payload sizes are drawn; 512-byte requests by default.
    ///   - keys: How keys are drawn; 10,000 uniform keys by default.
    ///   - limits: When the run counts as invalid; P99 lag 10 ms and 99% sent by default.
    ///   - lateSendAllowance: How long after the schedule's end sending may go on; 1 s by default.
    ///   - drainTimeout: How long to wait for requests in flight; 5 s by default.
    ///   - spinWindow: How long before each instant to spin instead of sleep; 100 µs by default.
    ///   - progressInterval: How often progress is reported; 250 ms of schedule time by default.
    ///   - operations: Which named operation each request is; none by default.
    public init(
        schedule: ArrivalSchedule,
        seed: UInt64 = 1,
        payloadSizes: PayloadSizeDistribution = .fixed(bytes: 512),
        keys: KeyDistribution = .uniform(keySpace: 10_000),
        limits: ScheduleLimits = .default,
        lateSendAllowance: Duration = .seconds(1),
        drainTimeout: Duration = .seconds(5),
        spinWindow: Duration = .microseconds(100),
        progressInterval: Duration = .milliseconds(250),
        operations: OperationMix? = nil
    ) {
        self.schedule = schedule
        self.seed = seed
        self.payloadSizes = payloadSizes
        self.keys = keys
        self.limits = limits
        self.lateSendAllowance = lateSendAllowance
        self.drainTimeout = drainTimeout
        self.spinWindow = spinWindow
        self.progressInterval = progressInterval
        self.operations = operations
    }

    /// Checks every part of the configuration.
    ///
    /// - Throws: ``WorkloadsError`` naming the first bad field.
    public func validate() throws(WorkloadsError) {
        try schedule.validate()
        try payloadSizes.validate()
        try keys.validate()
        try operations?.validate()
        let durations: [(String, Duration)] = [
            ("lateSendAllowance", lateSendAllowance), ("drainTimeout", drainTimeout), ("spinWindow", spinWindow),
            ("lookahead", lookahead),
        ]
        for (name, value) in durations where value < .zero {
            throw WorkloadsError(
                code: .invalidDriver,
                message: "The open-loop driver's \(name) is \(value); it must be 0 or more."
            )
        }
        if progressInterval <= .zero {
            throw WorkloadsError(
                code: .invalidDriver,
                message: "The open-loop driver's progressInterval is \(progressInterval); it must be above 0."
            )
        }
        if !(limits.minSentFraction >= 0 && limits.minSentFraction <= 1) {
            throw WorkloadsError(
                code: .invalidDriver,
                message: "The schedule limit minSentFraction is \(limits.minSentFraction); it must be in 0...1."
            )
        }
    }
}
