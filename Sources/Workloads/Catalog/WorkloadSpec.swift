/// A workload as data: what load to offer, with which requests, from which seed.
///
/// The named workloads (``steady``, ``ramp``, ``spike``, ``sessions``, ``soak``, ``capacity``)
/// are static members; ``named(_:)`` looks one up by name, and ``overriding(rate:duration:seed:)``
/// changes its rate, duration or seed as the command line asks. ``run(against:progress:)`` drives
/// a target with it.
public struct WorkloadSpec: Sendable, Hashable {
    /// How the load is offered.
    public enum Load: Sendable, Hashable {
        /// Requests sent on a schedule by an ``OpenLoopDriver``.
        case openLoop(ArrivalSchedule)
        /// Sessions run by a ``ClosedLoopDriver``'s connections.
        case closedLoop(connections: Int, messagesPerSession: Int, thinkTime: Duration, duration: Duration)
        /// A ``CapacitySearch`` whose probes each run a constant rate for `probeDuration`.
        case capacitySearch(CapacitySearch, probeDuration: Duration)
    }

    /// The workload's name, as given on the command line.
    public var name: String
    /// One line saying what the workload is for.
    public var summary: String
    /// How the load is offered.
    public var load: Load
    /// The seed of every key and payload size.
    public var seed: UInt64
    /// How payload sizes are drawn.
    public var payloadSizes: PayloadSizeDistribution
    /// How keys are drawn.
    public var keys: KeyDistribution
    /// When an open-loop run counts as invalid.
    public var limits: ScheduleLimits
    /// Whether the runner should sample memory through the run (long soaks look for leaks).
    public var tracksMemory: Bool
    /// Which named operation each request is, or `nil` (the named workloads) for requests
    /// without one.
    public var operations: OperationMix?

    /// Creates a workload.
    ///
    /// - Parameters:
    ///   - name: The workload's name.
    ///   - summary: One line saying what it is for.
    ///   - load: How the load is offered.
    ///   - seed: The seed of every key and payload size; 1 by default.
    ///   - payloadSizes: How payload sizes are drawn; log-normal around 512 bytes by default.
    ///   - keys: How keys are drawn; Zipf(0.99) over 10,000 keys by default.
    ///   - limits: When an open-loop run counts as invalid.
    ///   - tracksMemory: Whether memory should be sampled through the run.
    ///   - operations: Which named operation each request is; none by default.
    public init(
        name: String,
        summary: String,
        load: Load,
        seed: UInt64 = 1,
        payloadSizes: PayloadSizeDistribution = Self.defaultPayloadSizes,
        keys: KeyDistribution = Self.defaultKeys,
        limits: ScheduleLimits = .default,
        tracksMemory: Bool = false,
        operations: OperationMix? = nil
    ) {
        self.name = name
        self.summary = summary
        self.load = load
        self.seed = seed
        self.payloadSizes = payloadSizes
        self.keys = keys
        self.limits = limits
        self.tracksMemory = tracksMemory
        self.operations = operations
    }

    /// Payload sizes of the named workloads: log-normal, median 512 B, σ 0.6, at most 16 KiB.
    public static let defaultPayloadSizes = PayloadSizeDistribution.logNormal(median: 512, sigma: 0.6, max: 16_384)
    /// Keys of the named workloads: Zipf with exponent 0.99 over 10,000 keys.
    public static let defaultKeys = KeyDistribution.zipf(keySpace: 10_000, exponent: 0.99)

    /// The run's length: the schedule's duration, the closed-loop duration, or one probe's.
    public var duration: Duration {
        switch load {
        case .openLoop(let schedule): schedule.duration
        case .closedLoop(_, _, _, let duration): duration
        case .capacitySearch(_, let probeDuration): probeDuration
        }
    }

    /// Whether the load is closed-loop: connections that each wait for a reply before sending
    /// again, so the rate follows from the target's speed. Open-loop schedules and a capacity
    /// search (whose probes are open-loop) are not.
    public var isClosedLoop: Bool {
        if case .closedLoop = load { return true }
        return false
    }

    /// The rate a `--rate` override replaces, or `nil` for closed-loop workloads, whose rate
    /// follows from their connections.
    public var nominalRate: Double? {
        switch load {
        case .openLoop(let schedule): schedule.nominalRate
        case .closedLoop: nil
        case .capacitySearch(let search, _): search.startRate
        }
    }

    /// This workload with a new rate, duration or seed; `nil` keeps the current value.
    ///
    /// - Parameters:
    ///   - rate: The new nominal rate in requests per second: an open-loop schedule is scaled so
    ///     that its ``ArrivalSchedule/nominalRate`` becomes `rate`; a capacity search starts there.
    ///   - duration: The new duration: an open-loop schedule is stretched to it (see
    ///     ``ArrivalSchedule/stretched(to:)``); a capacity search's probes each last it.
    ///   - seed: The new seed.
    /// - Returns: The changed workload, validated.
    /// - Throws: ``WorkloadsError`` when a value is out of range, or a rate is given for a
    ///   closed-loop workload.
    public func overriding(
        rate: Double? = nil,
        duration: Duration? = nil,
        seed: UInt64? = nil
    ) throws(WorkloadsError) -> WorkloadSpec {
        var changed = self
        if let seed { changed.seed = seed }
        if let rate {
            guard rate.isFinite, rate > 0 else {
                throw WorkloadsError(
                    code: .invalidOverride,
                    message: "The rate override is \(rate) req/s; it must be a finite rate above 0."
                )
            }
            switch changed.load {
            case .openLoop(let schedule):
                changed.load = .openLoop(schedule.scaled(toNominalRate: rate))
            case .closedLoop:
                throw WorkloadsError(
                    code: .invalidOverride,
                    message: "The workload '\(name)' is closed-loop: its rate follows from its connections and "
                        + "think time, so a rate override does not apply; leave --rate out."
                )
            case .capacitySearch(var search, let probeDuration):
                search.startRate = rate
                search.minRate = Swift.min(search.minRate, rate)
                search.maxRate = Swift.max(search.maxRate, rate)
                changed.load = .capacitySearch(search, probeDuration: probeDuration)
            }
        }
        if let duration {
            guard duration > .zero else {
                throw WorkloadsError(
                    code: .invalidOverride,
                    message: "The duration override is \(duration); it must be above 0."
                )
            }
            switch changed.load {
            case .openLoop(let schedule):
                changed.load = .openLoop(schedule.stretched(to: duration))
            case .closedLoop(let connections, let messagesPerSession, let thinkTime, _):
                changed.load = .closedLoop(
                    connections: connections,
                    messagesPerSession: messagesPerSession,
                    thinkTime: thinkTime,
                    duration: duration
                )
            case .capacitySearch(let search, _):
                changed.load = .capacitySearch(search, probeDuration: duration)
            }
        }
        try changed.validate()
        return changed
    }

    /// Checks the load, the distributions and the limits.
    ///
    /// - Throws: ``WorkloadsError`` naming the workload and the first bad field.
    public func validate() throws(WorkloadsError) {
        do {
            try payloadSizes.validate(field: "payloadSizes")
            try keys.validate(field: "keys")
            try operations?.validate(field: "operations")
            switch load {
            case .openLoop(let schedule):
                try openLoopConfiguration(schedule: schedule).validate()
            case .closedLoop:
                try closedLoopConfiguration().validate()
            case .capacitySearch(let search, let probeDuration):
                try search.validate()
                try openLoopConfiguration(schedule: .constant(rate: search.startRate, duration: probeDuration))
                    .validate()
            }
        } catch {
            throw WorkloadsError(
                code: error.code,
                message: "Workload '\(name)': " + error.message,
                cause: error.cause
            )
        }
    }

    /// The open-loop driver configuration for a schedule, with this workload's seed,
    /// distributions and limits.
    ///
    /// - Parameter schedule: The schedule to send.
    public func openLoopConfiguration(schedule: ArrivalSchedule) -> OpenLoopConfiguration {
        OpenLoopConfiguration(
            schedule: schedule,
            seed: seed,
            payloadSizes: payloadSizes,
            keys: keys,
            limits: limits,
            operations: operations
        )
    }

    /// The closed-loop driver configuration of a closed-loop workload, with this workload's seed
    /// and distributions; for other workloads, 50 connections for the workload's duration.
    public func closedLoopConfiguration() -> ClosedLoopConfiguration {
        if case .closedLoop(let connections, let messagesPerSession, let thinkTime, let duration) = load {
            return ClosedLoopConfiguration(
                connections: connections,
                messagesPerSession: messagesPerSession,
                thinkTime: thinkTime,
                duration: duration,
                seed: seed,
                payloadSizes: payloadSizes,
                keys: keys,
                operations: operations
            )
        }
        return ClosedLoopConfiguration(
            duration: duration,
            seed: seed,
            payloadSizes: payloadSizes,
            keys: keys,
            operations: operations
        )
    }
}
