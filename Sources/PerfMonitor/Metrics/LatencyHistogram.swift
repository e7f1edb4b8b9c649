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
    private let shards: [Shard]

    /// Creates an empty histogram.
    public init() {
        shards = (0..<ThreadShard.count).map { _ in Shard() }
    }

    /// Records one latency.
    ///
    /// - Parameter latency: The latency; see the type's rules for values outside 1 µs to 100 s.
    @inline(__always)
    public func record(_ latency: Duration) {
        shards[ThreadShard.current].record(latency)
    }

    /// Records a latency given in nanoseconds.
    ///
    /// - Parameter nanoseconds: The latency in nanoseconds; negative values are rejected.
    @inline(__always)
    public func record(nanoseconds: Int64) {
        shards[ThreadShard.current].record(nanoseconds: nanoseconds)
    }

    /// A consistent-enough copy of the counts: each bucket is read once, atomically.
    ///
    /// Recordings that race with the snapshot land either in it or in the next one, never lost.
    ///
    /// - Complexity: O(buckets × shards).
    public func snapshot() -> HistogramSnapshot {
        var snapshot = HistogramSnapshot()
        for shard in shards { shard.add(into: &snapshot) }
        return snapshot
    }

    /// The bytes this histogram holds for its counts, which do not change as it records.
    public var memoryFootprintBytes: Int {
        shards.count * Shard.slotCount * MemoryLayout<UInt64>.stride
    }
}

extension LatencyHistogram {
    /// One thread's share of a histogram: a header cache line (sum, min, max, counts of clamped and
    /// rejected values) followed by the buckets.
    ///
    final class Shard: Sendable {
        static let headerSlots = 8
        static let slotCount = headerSlots + HistogramLayout.bucketCount
        private static let sumSlot = 0
        private static let minSlot = 1
        private static let maxSlot = 2
        private static let lowSlot = 3
        private static let highSlot = 4
        private static let rejectedSlot = 5

        private let slots: AtomicSlots

        init() {
            slots = AtomicSlots(count: Self.slotCount)
            slots[Self.minSlot].store(.max, ordering: .relaxed)
        }

        @inline(__always)
        func record(_ latency: Duration) {
            let (seconds, attoseconds) = latency.components
            if seconds < 0 || attoseconds < 0 {
                slots[Self.rejectedSlot].wrappingAdd(1, ordering: .relaxed)
                return
            }
            if seconds > 100 {
                record(clamped: HistogramLayout.trackableRange.upperBound, slot: Self.highSlot)
                return
            }
            record(nanoseconds: seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
        }

        @inline(__always)
        func record(nanoseconds: Int64) {
            if nanoseconds < 0 {
                slots[Self.rejectedSlot].wrappingAdd(1, ordering: .relaxed)
                return
            }
            let value = UInt64(nanoseconds)
            if value < HistogramLayout.trackableRange.lowerBound {
                record(clamped: HistogramLayout.trackableRange.lowerBound, slot: Self.lowSlot)
            } else if value > HistogramLayout.trackableRange.upperBound {
                record(clamped: HistogramLayout.trackableRange.upperBound, slot: Self.highSlot)
            } else {
                store(value)
            }
        }

        @inline(never)
        private func record(clamped value: UInt64, slot: Int) {
            slots[slot].wrappingAdd(1, ordering: .relaxed)
            store(value)
        }

        @inline(__always)
        private func store(_ value: UInt64) {
            slots[Self.headerSlots &+ HistogramLayout.index(ofClamped: value)].wrappingAdd(1, ordering: .relaxed)
            slots[Self.sumSlot].wrappingAdd(value, ordering: .relaxed)
            if value < slots[Self.minSlot].load(ordering: .relaxed) { lower(Self.minSlot, to: value) }
            if value > slots[Self.maxSlot].load(ordering: .relaxed) { raise(Self.maxSlot, to: value) }
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

        func add(into snapshot: inout HistogramSnapshot) {
            for bucket in 0..<HistogramLayout.bucketCount {
                let count = slots[Self.headerSlots + bucket].load(ordering: .relaxed)
                if count != 0 { snapshot.addCount(count, toBucket: bucket) }
            }
            snapshot.sumNanoseconds &+= slots[Self.sumSlot].load(ordering: .relaxed)
            snapshot.minNanoseconds = min(snapshot.minNanoseconds, slots[Self.minSlot].load(ordering: .relaxed))
            snapshot.maxNanoseconds = max(snapshot.maxNanoseconds, slots[Self.maxSlot].load(ordering: .relaxed))
            snapshot.clampedLowCount &+= slots[Self.lowSlot].load(ordering: .relaxed)
            snapshot.clampedHighCount &+= slots[Self.highSlot].load(ordering: .relaxed)
            snapshot.rejectedCount &+= slots[Self.rejectedSlot].load(ordering: .relaxed)
        }
    }
}
