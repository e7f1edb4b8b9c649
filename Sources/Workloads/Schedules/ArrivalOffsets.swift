/// The intended send instants of an ``ArrivalSchedule``, as offsets from the start of the run.
///
/// Arrival `k` (from 0) is at the offset where the integral of the schedule's rate reaches `k`,
/// so a constant 1000 req/s for 2 s yields 0 ms, 1 ms, …, 1999 ms: 2000 offsets. Offsets are
/// computed in closed form per segment (no accumulated rounding) and rounded to the nanosecond.
public struct ArrivalOffsets: Sequence, IteratorProtocol, Sendable {
    private let segments: [RateSegment]
    private var segmentIndex = 0
    private var arrivalsBeforeSegment: Double = 0
    private var nextArrival: UInt64 = 0

    init(segments: [RateSegment]) {
        self.segments = segments
    }

    /// The number of offsets yielded so far.
    public var yieldedCount: UInt64 { nextArrival }

    /// The next intended offset, or `nil` after the last one.
    ///
    /// - Complexity: O(1) amortized.
    public mutating func next() -> Duration? {
        let target = Double(nextArrival)
        while segmentIndex < segments.count {
            let segment = segments[segmentIndex]
            let arrivalsAfterSegment = arrivalsBeforeSegment + segment.arrivals
            if target < arrivalsAfterSegment - RateSegment.countTolerance(arrivalsAfterSegment) {
                let seconds = segment.start + segment.secondsIntoSegment(reaching: target - arrivalsBeforeSegment)
                nextArrival &+= 1
                return .nanoseconds(Int64((seconds * 1e9).rounded()))
            }
            arrivalsBeforeSegment = arrivalsAfterSegment
            segmentIndex += 1
        }
        return nil
    }
}
