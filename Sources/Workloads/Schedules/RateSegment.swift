/// A piece of an ``ArrivalSchedule`` over which the rate changes linearly, in seconds.
struct RateSegment: Sendable, Hashable {
    /// The segment's start, in seconds from the start of the schedule.
    var start: Double
    /// The segment's length in seconds.
    var length: Double
    /// The rate at the segment's start, in requests per second.
    var fromRate: Double
    /// The rate at the segment's end, in requests per second.
    var toRate: Double

    /// The segment's end, in seconds from the start of the schedule.
    var end: Double { start + length }

    /// How fast the rate changes, in requests per second per second.
    var slope: Double { length > 0 ? (toRate - fromRate) / length : 0 }

    /// The integral of the rate over the segment: how many arrivals it holds.
    var arrivals: Double { (fromRate + toRate) / 2 * length }

    /// How far below a cumulative arrival count an arrival must be to fall before it: a few parts
    /// in 10⁹, so that a count that should be a whole number but came out a hair above it (0.2 s
    /// at 500 req/s is 100.00000000000001 arrivals) does not gain an arrival from rounding.
    static func countTolerance(_ count: Double) -> Double {
        1e-9 * Swift.max(1, abs(count))
    }

    /// The rate `seconds` into the segment.
    func rate(atSecondsIntoSegment seconds: Double) -> Double {
        fromRate + slope * seconds
    }

    /// The time into the segment at which the integral of the rate reaches `count`, which must be
    /// in `0 ..< arrivals`.
    ///
    /// Solves `fromRate·t + slope·t²/2 = count` in the form that stays accurate when the slope is
    /// near zero: `t = 2·count / (fromRate + √(fromRate² + 2·slope·count))`.
    func secondsIntoSegment(reaching count: Double) -> Double {
        guard count > 0 else { return 0 }
        let discriminant = Swift.max(0, fromRate * fromRate + 2 * slope * count)
        let denominator = fromRate + discriminant.squareRoot()
        guard denominator > 0 else { return length }
        return Swift.min(2 * count / denominator, length)
    }
}
