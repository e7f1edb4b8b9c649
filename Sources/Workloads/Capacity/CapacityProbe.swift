/// One run of a ``CapacitySearch``: the rate it offered, what it measured, and the verdict.
public struct CapacityProbe: Sendable, Equatable {
    /// Which part of the search made a probe.
    public enum Phase: String, Sendable, Hashable {
        /// Stepping the rate up geometrically from the start rate until a probe fails.
        case stepUp = "step-up"
        /// Stepping the rate down geometrically because the start rate already failed.
        case stepDown = "step-down"
        /// Halving the interval between the last passing and the first failing rate.
        case bisect
    }

    /// The offered rate, in requests per second.
    public var rate: Double
    /// Which part of the search made the probe.
    public var phase: Phase
    /// What the probe measured.
    public var report: DriverReport
    /// Why the probe failed, one sentence per criterion; empty when it passed.
    public var failureReasons: [String]

    /// Whether the probe met the criteria.
    public var passed: Bool { failureReasons.isEmpty }

    /// Creates a probe record.
    public init(rate: Double, phase: Phase, report: DriverReport, failureReasons: [String]) {
        self.rate = rate
        self.phase = phase
        self.report = report
        self.failureReasons = failureReasons
    }
}
