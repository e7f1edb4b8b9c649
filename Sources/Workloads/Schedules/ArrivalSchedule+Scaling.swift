extension ArrivalSchedule {
    /// The same shape with every rate multiplied so that ``nominalRate`` becomes `rate`.
    ///
    /// A schedule whose nominal rate is 0 becomes that rate where it was 0 (a constant stays
    /// constant; a ramp or spike from 0 keeps its shape as well as it can by adding `rate`).
    ///
    /// - Parameter rate: The new nominal rate, in requests per second.
    /// - Returns: The rescaled schedule.
    /// - Complexity: O(levels) for a step, O(1) otherwise.
    public func scaled(toNominalRate rate: Double) -> ArrivalSchedule {
        let nominal = nominalRate
        guard nominal > 0 else {
            switch self {
            case .constant(_, let duration): return .constant(rate: rate, duration: duration)
            case .ramp(let from, let to, let duration): return .ramp(from: from + rate, to: to + rate, over: duration)
            case .step(let levels, let stepDuration):
                return .step(levels: levels.map { $0 + rate }, stepDuration: stepDuration)
            case .spike(_, let multiplier, let at, let length, let duration):
                return .spike(base: rate, multiplier: multiplier, at: at, length: length, duration: duration)
            }
        }
        let factor = rate / nominal
        switch self {
        case .constant(let old, let duration):
            return .constant(rate: old * factor, duration: duration)
        case .ramp(let from, let to, let duration):
            return .ramp(from: from * factor, to: to * factor, over: duration)
        case .step(let levels, let stepDuration):
            return .step(levels: levels.map { $0 * factor }, stepDuration: stepDuration)
        case .spike(let base, let multiplier, let at, let length, let duration):
            return .spike(base: base * factor, multiplier: multiplier, at: at, length: length, duration: duration)
        }
    }

    /// The same shape over a new total duration.
    ///
    /// A constant or ramp simply lasts `duration`; each step lasts `duration / levels`. A spike
    /// starts at the same fraction of the run and keeps its length unless that no longer fits,
    /// in which case it lasts until the end.
    ///
    /// - Parameter duration: The new total duration.
    /// - Returns: The stretched (or shrunk) schedule.
    public func stretched(to duration: Duration) -> ArrivalSchedule {
        switch self {
        case .constant(let rate, _):
            return .constant(rate: rate, duration: duration)
        case .ramp(let from, let to, _):
            return .ramp(from: from, to: to, over: duration)
        case .step(let levels, _):
            return .step(levels: levels, stepDuration: duration / max(levels.count, 1))
        case .spike(let base, let multiplier, let at, let length, let old):
            let fraction = old > .zero ? at / old : 0
            let newAt = duration * fraction
            let newLength = min(length, duration - newAt)
            return .spike(base: base, multiplier: multiplier, at: newAt, length: newLength, duration: duration)
        }
    }
}
