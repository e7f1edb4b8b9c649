/// What a ``CapacitySearch`` found: the highest passing rate and every probe on the way.
public struct CapacitySearchResult: Sendable, Equatable {
    /// Why the search stopped.
    public enum StopReason: String, Sendable, Hashable {
        /// The last passing and first failing rates are within the tolerance of each other.
        case converged
        /// The search passed at its maximum rate; the capacity is at least that.
        case reachedMaxRate = "reached-max-rate"
        /// Even the minimum rate failed.
        case noPassingRate = "no-passing-rate"
        /// The probe budget ran out before convergence.
        case probeLimit = "probe-limit"
    }

    /// The highest rate that passed, in requests per second, or `nil` when none did.
    public var capacity: Double?
    /// The lowest rate that failed above ``capacity``, or `nil` when none did.
    public var firstFailingRate: Double?
    /// Every probe, in the order run.
    public var probes: [CapacityProbe]
    /// Why the search stopped.
    public var stopReason: StopReason

    /// Creates a result.
    public init(capacity: Double?, firstFailingRate: Double?, probes: [CapacityProbe], stopReason: StopReason) {
        self.capacity = capacity
        self.firstFailingRate = firstFailingRate
        self.probes = probes
        self.stopReason = stopReason
    }

    /// The probe at the capacity, whose report describes the service at its highest passing rate.
    public var probeAtCapacity: CapacityProbe? {
        guard let capacity else { return nil }
        return probes.last { $0.rate == capacity && $0.passed }
    }
}
