import Synchronization

/// A thread-safe, fixed-memory, mergeable latency histogram.
///
/// `record(_:)` takes no lock: it adds to one bucket and one running sum with relaxed atomics, in
/// the shard of the calling thread, so threads recording at once do not fight over cache lines.
/// The bucket layout is ``HistogramLayout``: every value from 1 µs to 100 s is reported within
/// 1% of what was recorded.
///
/// Rules for bad input, so that a host service is never harmed:
/// - a negative duration is not recorded; it is counted in ``HistogramSnapshot/rejectedCount``;
/// - a duration below 1 µs (zero included) is recorded as 1 µs and counted as clamped low;
/// - a duration above 100 s is recorded as 100 s and counted as clamped high.
///
/// Memory is fixed at about 55 KiB (four shards of 1,697 buckets), whatever is recorded.
///
/// Inside the module, one instance can hold several independent histograms, its *lanes*, in one
/// block: the monitor keeps its total and its named operations' histograms so, records a request
/// in one lane only, and merges the lanes when it reads the total.
public final class LatencyHistogram: Sendable {
    /// Slots per shard: a header cache line (sum, min, max, clamped and rejected counts) and the
    /// buckets, rounded up to whole cache lines so shards never share one.
    static let shardStride = (headerSlots + HistogramLayout.bucketCount + 7) / 8 * 8
    static let headerSlots = 8
    private static let sumSlot = 0
    private static let minSlot = 1
    private static let maxSlot = 2
    private static let lowSlot = 3
    private static let highSlot = 4
    private static let rejectedSlot = 5

    /// All shards of every lane in one block, so recording touches no reference counts; lane
    /// `l`'s shard `s` starts at `(l × shards + s) × shardStride`.
    private let slots: AtomicSlots
    private let shardKey = ThreadShard.key
    /// The number of independent histograms held (1 for every public instance).
    let laneCount: Int

    /// Creates an empty histogram.
    public convenience init() {
        self.init(lanes: 1)
    }

    /// Creates `lanes` empty, independent histograms in one block.
    init(lanes: Int) {
        laneCount = max(1, lanes)
        slots = AtomicSlots(count: laneCount * ThreadShard.count * Self.shardStride, alignment: 64)
        for shard in 0..<laneCount * ThreadShard.count {
            slots[shard * Self.shardStride + Self.minSlot].store(.max, ordering: .relaxed)
        }
    }

    /// Records one latency.
    ///
    /// - Parameter latency: The latency; see the type's rules for values outside 1 µs to 100 s.
    @inline(__always)
    public func record(_ latency: Duration) {
        record(nanoseconds: Self.nanoseconds(of: latency))
    }

    /// Records one latency in one lane.
    ///
    /// - Parameters:
    ///   - latency: The latency; see the type's rules for values outside 1 µs to 100 s.
    ///   - lane: The lane, in `0..<laneCount`.
    @inline(__always)
    func record(_ latency: Duration, lane: Int) {
        record(
            nanoseconds: Self.nanoseconds(of: latency),
            shard: lane &* ThreadShard.count &+ ThreadShard.current(key: shardKey)
        )
    }

    /// A latency in whole nanoseconds: -1 for a negative one, one past the trackable range for
    /// one above 100 s.
    @inline(__always)
    static func nanoseconds(of latency: Duration) -> Int64 {
        let attoseconds = latency.attoseconds
        let high = Int64(truncatingIfNeeded: attoseconds >> 64)
        if high == 0 {
            // Below 2^64 attoseconds (18.4 s): one 64-bit division by a constant, no 128-bit one.
            return Int64(UInt64(truncatingIfNeeded: attoseconds) / 1_000_000_000)
        }
        return nanoseconds(ofLong: latency)
    }

    @inline(never)
    private static func nanoseconds(ofLong latency: Duration) -> Int64 {
        let (seconds, attoseconds) = latency.components
        if seconds < 0 || attoseconds < 0 { return -1 }
        if seconds > 100 { return Int64(HistogramLayout.trackableRange.upperBound) + 1 }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Records a latency given in nanoseconds.
    ///
    /// - Parameter nanoseconds: The latency in nanoseconds; negative values are rejected.
    @inline(__always)
    public func record(nanoseconds: Int64) {
        record(nanoseconds: nanoseconds, shard: ThreadShard.current(key: shardKey))
    }

    /// Records into one shard; lane `l`'s shards are numbered from `l × ThreadShard.count`.
    @inline(__always)
    private func record(nanoseconds: Int64, shard: Int) {
        let base = shard &* Self.shardStride
        if nanoseconds < 0 {
            slots[base &+ Self.rejectedSlot].wrappingAdd(1, ordering: .relaxed)
            return
        }
        let value = UInt64(nanoseconds)
        if value < HistogramLayout.trackableRange.lowerBound {
            record(clamped: HistogramLayout.trackableRange.lowerBound, countedIn: base &+ Self.lowSlot, base: base)
        } else if value > HistogramLayout.trackableRange.upperBound {
            record(clamped: HistogramLayout.trackableRange.upperBound, countedIn: base &+ Self.highSlot, base: base)
        } else {
            store(value, base: base)
        }
    }

    @inline(never)
    private func record(clamped value: UInt64, countedIn slot: Int, base: Int) {
        slots[slot].wrappingAdd(1, ordering: .relaxed)
        store(value, base: base)
    }

    @inline(__always)
    private func store(_ value: UInt64, base: Int) {
        slots[base &+ Self.headerSlots &+ HistogramLayout.index(ofClamped: value)].wrappingAdd(1, ordering: .relaxed)
        slots[base &+ Self.sumSlot].wrappingAdd(value, ordering: .relaxed)
        if value < slots[base &+ Self.minSlot].load(ordering: .relaxed) { lower(base &+ Self.minSlot, to: value) }
        if value > slots[base &+ Self.maxSlot].load(ordering: .relaxed) { raise(base &+ Self.maxSlot, to: value) }
    }

    @inline(never)
    private func lower(_ slot: Int, to value: UInt64) {
        var current = slots[slot].load(ordering: .relaxed)
        while value < current {
            let (exchanged, original) = slots[slot].weakCompareExchange(
                expected: current,
                desired: value,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }

    @inline(never)
    private func raise(_ slot: Int, to value: UInt64) {
        var current = slots[slot].load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = slots[slot].weakCompareExchange(
                expected: current,
                desired: value,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }

    /// A consistent-enough copy of the counts: each bucket is read once, atomically.
    ///
    /// Recordings that race with the snapshot land either in it or in the next one, never lost.
    ///
    /// - Complexity: O(buckets × shards).
    public func snapshot() -> HistogramSnapshot {
        snapshot(lane: 0)
    }

    /// A copy of one lane's counts.
    ///
    /// - Parameter lane: The lane, in `0..<laneCount`.
    /// - Complexity: O(buckets × shards).
    func snapshot(lane: Int) -> HistogramSnapshot {
        snapshot(lanes: lane..<lane + 1)
    }

    /// A copy of the counts of several lanes merged, read straight into one snapshot.
    ///
    /// - Parameter lanes: The lanes, within `0..<laneCount`.
    /// - Complexity: O(buckets × shards × lanes).
    func snapshot(lanes: Range<Int>) -> HistogramSnapshot {
        var snapshot = HistogramSnapshot()
        for shard in lanes.lowerBound * ThreadShard.count..<lanes.upperBound * ThreadShard.count {
            let base = shard * Self.shardStride
            for bucket in 0..<HistogramLayout.bucketCount {
                let count = slots[base + Self.headerSlots + bucket].load(ordering: .relaxed)
                if count != 0 { snapshot.addCount(count, toBucket: bucket) }
            }
            snapshot.sumNanoseconds &+= slots[base + Self.sumSlot].load(ordering: .relaxed)
            snapshot.minNanoseconds = min(snapshot.minNanoseconds, slots[base + Self.minSlot].load(ordering: .relaxed))
            snapshot.maxNanoseconds = max(snapshot.maxNanoseconds, slots[base + Self.maxSlot].load(ordering: .relaxed))
            snapshot.clampedLowCount &+= slots[base + Self.lowSlot].load(ordering: .relaxed)
            snapshot.clampedHighCount &+= slots[base + Self.highSlot].load(ordering: .relaxed)
            snapshot.rejectedCount &+= slots[base + Self.rejectedSlot].load(ordering: .relaxed)
        }
        return snapshot
    }

    /// The bytes this histogram holds for its counts, which do not change as it records.
    public var memoryFootprintBytes: Int {
        laneCount * ThreadShard.count * Self.shardStride * MemoryLayout<UInt64>.stride
    }
}
