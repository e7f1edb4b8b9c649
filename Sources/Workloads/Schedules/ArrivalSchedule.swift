import PerfMonitor

/// When requests arrive: a rate, in requests per second, as a function of time since the start.
///
/// A schedule has a total ``duration``, maps any offset to its instantaneous rate
/// (``rate(at:)``), and yields the exact intended send instants (``arrivalOffsets()``) by
/// integrating that rate: arrival `k` (from 0) is sent at the offset where the integral of the
/// rate first reaches `k`. The instants are deterministic: no randomness is involved, so two runs
/// of one schedule offer exactly the same load.
///
/// ```swift
/// let schedule = ArrivalSchedule.ramp(from: 500, to: 4000, over: .seconds(30))
/// for offset in schedule.arrivalOffsets() { … }   // 67,500 offsets
/// ```
public enum ArrivalSchedule: Sendable, Hashable, CustomStringConvertible {
    /// A constant rate for a duration.
    case constant(rate: Double, duration: Duration)
    /// A rate that changes linearly from `from` to `to` over a duration.
    case ramp(from: Double, to: Double, over: Duration)
    /// One constant rate after another, each held for `stepDuration`.
    case step(levels: [Double], stepDuration: Duration)
    /// A `base` rate, multiplied by `multiplier` from `at` for `length`, over a total `duration`.
    case spike(base: Double, multiplier: Double, at: Duration, length: Duration, duration: Duration)

    /// The schedule's total length: no arrival is at or after it.
    public var duration: Duration {
        switch self {
        case .constant(_, let duration): duration
        case .ramp(_, _, let duration): duration
        case .step(let levels, let stepDuration): stepDuration * levels.count
        case .spike(_, _, _, _, let duration): duration
        }
    }

    /// The rate, in requests per second, at an offset from the start; 0 outside `0 ..< duration`.
    ///
    /// - Complexity: O(segments): 1 for most schedules, the number of levels for a step.
    public func rate(at offset: Duration) -> Double {
        let seconds = offset.seconds
        guard seconds >= 0 else { return 0 }
        for segment in segments where seconds < segment.end {
            return segment.rate(atSecondsIntoSegment: seconds - segment.start)
        }
        return 0
    }

    /// The highest instantaneous rate the schedule reaches, in requests per second.
    ///
    /// - Complexity: O(segments).
    public var peakRate: Double {
        segments.reduce(0) { Swift.max($0, $1.fromRate, $1.toRate) }
    }

    /// The rate the schedule is named by, which a rate override replaces: the constant rate, the
    /// ramp's final rate, the highest step, or the spike's base rate.
    ///
    /// - Complexity: O(levels) for a step, O(1) otherwise.
    public var nominalRate: Double {
        switch self {
        case .constant(let rate, _): rate
        case .ramp(_, let to, _): to
        case .step(let levels, _): levels.max() ?? 0
        case .spike(let base, _, _, _, _): base
        }
    }

    /// The number of arrivals the schedule offers: the number of `k ≥ 0` below the integral of
    /// the rate over the whole duration. It equals the number of offsets ``arrivalOffsets()`` yields.
    ///
    /// - Complexity: O(segments).
    public var arrivalCount: Int {
        let total = segments.reduce(0) { $0 + $1.arrivals }
        let limit = total - RateSegment.countTolerance(total)
        guard limit > 0, limit.isFinite else { return 0 }
        return Int(limit.rounded(.up))
    }

    /// The intended send instants, as offsets from the start of the run, in increasing order.
    ///
    /// - Complexity: O(1) per offset (amortized over segments).
    public func arrivalOffsets() -> ArrivalOffsets {
        ArrivalOffsets(segments: segments)
    }

    /// Checks that rates are finite and not negative, durations are positive, and a spike fits.
    ///
    /// - Parameter field: The field path to name in the error, such as `workload.schedule`.
    /// - Throws: ``WorkloadsError`` with code `invalidSchedule` naming the bad value.
    /// - Complexity: O(levels) for a step, O(1) otherwise.
    public func validate(field: String = "schedule") throws(WorkloadsError) {
        func checkRate(_ rate: Double, _ name: String) throws(WorkloadsError) {
            guard rate.isFinite, rate >= 0, rate <= 100_000_000 else {
                throw Self.invalid("\(field).\(name) is \(rate) req/s; it must be a finite rate from 0 to 100000000.")
            }
        }
        func checkDuration(_ duration: Duration, _ name: String) throws(WorkloadsError) {
            guard duration > .zero, duration <= .seconds(7 * 24 * 3600) else {
                throw Self.invalid("\(field).\(name) is \(duration); it must be above 0 and at most 7 days.")
            }
        }
        switch self {
        case .constant(let rate, let duration):
            try checkRate(rate, "rate")
            try checkDuration(duration, "duration")
        case .ramp(let from, let to, let duration):
            try checkRate(from, "from")
            try checkRate(to, "to")
            try checkDuration(duration, "over")
        case .step(let levels, let stepDuration):
            if levels.isEmpty { throw Self.invalid("\(field).levels is empty; give at least one rate.") }
            for (index, level) in levels.enumerated() { try checkRate(level, "levels[\(index)]") }
            try checkDuration(stepDuration, "stepDuration")
            try checkDuration(duration, "duration")
        case .spike(let base, let multiplier, let at, let length, let duration):
            try checkRate(base, "base")
            if !(multiplier.isFinite && multiplier >= 0) {
                throw Self.invalid("\(field).multiplier is \(multiplier); it must be a finite number ≥ 0.")
            }
            try checkRate(base * multiplier, "base × multiplier")
            try checkDuration(duration, "duration")
            try checkDuration(length, "length")
            if at < .zero || at + length > duration {
                throw Self.invalid(
                    "\(field) spikes at \(at) for \(length), which does not fit in its duration of \(duration)."
                )
            }
        }
    }

    /// The schedule in words, such as `constant 2000 req/s for 30.0 s`.
    public var description: String {
        switch self {
        case .constant(let rate, let duration):
            "constant \(rate.formattedRate) req/s for \(duration.formattedSeconds)"
        case .ramp(let from, let to, let duration):
            "ramp \(from.formattedRate) → \(to.formattedRate) req/s over \(duration.formattedSeconds)"
        case .step(let levels, let stepDuration):
            "step \(levels.map(\.formattedRate).joined(separator: " → ")) req/s, "
                + "\(stepDuration.formattedSeconds) each"
        case .spike(let base, let multiplier, let at, let length, let duration):
            "\(base.formattedRate) req/s with a \(multiplier.formattedRate)× spike at \(at.formattedSeconds) "
                + "lasting \(length.formattedSeconds), for \(duration.formattedSeconds)"
        }
    }

    /// The schedule as pieces of linearly changing rate, back to back from offset 0.
    var segments: [RateSegment] {
        switch self {
        case .constant(let rate, let duration):
            return [RateSegment(start: 0, length: duration.seconds, fromRate: rate, toRate: rate)]
        case .ramp(let from, let to, let duration):
            return [RateSegment(start: 0, length: duration.seconds, fromRate: from, toRate: to)]
        case .step(let levels, let stepDuration):
            let length = stepDuration.seconds
            return levels.enumerated().map { index, level in
                RateSegment(start: Double(index) * length, length: length, fromRate: level, toRate: level)
            }
        case .spike(let base, let multiplier, let at, let length, let duration):
            // Lengths come from `Duration` arithmetic, which is exact, not from differences of
            // rounded seconds.
            let peak = base * multiplier
            return [
                RateSegment(start: 0, length: at.seconds, fromRate: base, toRate: base),
                RateSegment(start: at.seconds, length: length.seconds, fromRate: peak, toRate: peak),
                RateSegment(
                    start: (at + length).seconds,
                    length: (duration - at - length).seconds,
                    fromRate: base,
                    toRate: base
                ),
            ]
            .filter { $0.length > 0 }
        }
    }

    private static func invalid(_ message: String) -> WorkloadsError {
        WorkloadsError(code: .invalidSchedule, message: "The arrival schedule is invalid: " + message)
    }
}
