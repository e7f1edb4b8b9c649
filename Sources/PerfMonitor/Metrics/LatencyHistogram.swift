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

    /// All shards in one block, so recording touches no reference counts.
    private let slots: AtomicSlots
    private let shardKey = ThreadShard.key

    /// Creates an empty histogram.
    public init() {
        slots = AtomicSlots(count: ThreadShard.count * Self.shardStride, alignment: 64)
        for shard in 0..<ThreadShard.count {
            slots[shard * Self.shardStride + Self.minSlot].store(.max, ordering: .relaxed)
        }
    }

    /// Records one latency.
    ///
    /// - Parameter latency: The latency; see the type's rules for values outside 1 µs to 100 s.
    @inline(__always)
    public func record(_ latency: Duration) {
        let attoseconds = latency.attoseconds
        let high = Int64(truncatingIfNeeded: attoseconds >> 64)
        if high == 0 {
            // Below 2^64 attoseconds (18.4 s): one 64-bit division by a constant, no 128-bit one.
            record(nanoseconds: Int64(UInt64(truncatingIfNeeded: attoseconds) / 1_000_000_000))
        } else {
            recordLong(latency)
        }
    }

    @inline(never)
    private func recordLong(_ latency: Duration) {
        let (seconds, attoseconds) = latency.components
        if seconds < 0 || attoseconds < 0 {
            record(nanoseconds: -1)
        } else if seconds > 100 {
            record(nanoseconds: Int64(HistogramLayout.trackableRange.upperBound) + 1)
        } else {
            record(nanoseconds: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
    }

    /// Records a latency given in nanoseconds.
    ///
    /// - Parameter nanoseconds: The latency in nanoseconds; negative values are rejected.
    @inline(__always)
    public func record(nanoseconds: Int64) {
        let base = ThreadShard.current(key: shardKey) &* Self.shardStride
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
        var snapshot = HistogramSnapshot()
        for shard in 0..<ThreadShard.count {
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
        ThreadShard.count * Self.shardStride * MemoryLayout<UInt64>.stride
    }
}
