/// An immutable copy of a ``LatencyHistogram``'s counts: percentiles, merging and windows.
///
/// Snapshots merge exactly (`merging(_:)` adds counts bucket by bucket), so percentiles over many
/// rounds, threads or hours are computed from merged counts and never averaged. Subtracting an
/// older snapshot of the same histogram (`subtracting(_:)`) gives the recordings in between,
/// which is how the monitor keeps a sliding-window histogram without a timestamp per request.
public struct HistogramSnapshot: Sendable, Equatable {
    /// The count in each bucket of ``HistogramLayout``; empty when nothing was recorded.
    public private(set) var bucketCounts: [UInt64]
    /// The number of recorded values (clamped ones included, rejected ones not).
    public private(set) var count: UInt64
    /// The sum of the recorded values, in nanoseconds, after clamping.
    public internal(set) var sumNanoseconds: UInt64
    /// The smallest recorded value in nanoseconds, or `UInt64.max` when empty.
    public internal(set) var minNanoseconds: UInt64
    /// The largest recorded value in nanoseconds, or 0 when empty.
    public internal(set) var maxNanoseconds: UInt64
    /// How many values were below 1 µs and recorded as 1 µs.
    public internal(set) var clampedLowCount: UInt64
    /// How many values were above 100 s and recorded as 100 s.
    public internal(set) var clampedHighCount: UInt64
    /// How many values were negative and not recorded.
    public internal(set) var rejectedCount: UInt64

    /// An empty snapshot.
    public init() {
        bucketCounts = []
        count = 0
        sumNanoseconds = 0
        minNanoseconds = .max
        maxNanoseconds = 0
        clampedLowCount = 0
        clampedHighCount = 0
        rejectedCount = 0
    }

    /// Whether nothing was recorded.
    public var isEmpty: Bool { count == 0 }

    /// The smallest recorded value, or zero when empty.
    public var min: Duration { isEmpty ? .zero : .nanoseconds(Int64(clamping: minNanoseconds)) }

    /// The largest recorded value, or zero when empty.
    public var max: Duration { isEmpty ? .zero : .nanoseconds(Int64(clamping: maxNanoseconds)) }

    /// The mean of the recorded values, or zero when empty.
    public var mean: Duration {
        isEmpty ? .zero : .nanoseconds(Int64(clamping: sumNanoseconds / count))
    }

    /// The mean in milliseconds, or 0 when empty.
    public var meanMilliseconds: Double {
        isEmpty ? 0 : Double(sumNanoseconds) / Double(count) / 1e6
    }

    mutating func addCount(_ value: UInt64, toBucket bucket: Int) {
        if bucketCounts.isEmpty { bucketCounts = Array(repeating: 0, count: HistogramLayout.bucketCount) }
        bucketCounts[bucket] &+= value
        count &+= value
    }

    /// The value at quantile `p`: the midpoint of the bucket holding the `⌈p·count⌉`-th value,
    /// kept within the recorded minimum and maximum.
    ///
    /// - Parameter p: The quantile in `0...1`; values outside are clamped, NaN is taken as 0.
    /// - Returns: The value, or zero when the snapshot is empty.
    /// - Complexity: O(buckets).
    public func percentile(_ p: Double) -> Duration {
        .nanoseconds(Int64(clamping: percentileNanoseconds(p)))
    }

    /// ``percentile(_:)`` in milliseconds, or 0 when empty.
    ///
    /// - Complexity: O(buckets).
    public func percentileMilliseconds(_ p: Double) -> Double {
        Double(percentileNanoseconds(p)) / 1e6
    }

    /// ``percentile(_:)`` in nanoseconds, or 0 when empty.
    ///
    /// - Complexity: O(buckets).
    public func percentileNanoseconds(_ p: Double) -> UInt64 {
        guard !isEmpty else { return 0 }
        let quantile = p.isNaN ? 0 : Swift.min(Swift.max(p, 0), 1)
        if quantile == 0 { return minNanoseconds }
        if quantile == 1 { return maxNanoseconds }
        let rank = Swift.max(1, UInt64((quantile * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (bucket, bucketCount) in bucketCounts.enumerated() where bucketCount != 0 {
            seen &+= bucketCount
            if seen >= rank {
                let value = HistogramLayout.midpoint(ofBucket: bucket)
                return Swift.min(Swift.max(value, minNanoseconds), maxNanoseconds)
            }
        }
        return maxNanoseconds
    }

    /// How many recorded values are at most `bound`, counting whole buckets whose upper end is at
    /// most `bound`; this is what a cumulative Prometheus bucket reports.
    ///
    /// - Complexity: O(buckets).
    public func count(atMostNanoseconds bound: UInt64) -> UInt64 {
        var total: UInt64 = 0
        for (bucket, bucketCount) in bucketCounts.enumerated() where bucketCount != 0 {
            if HistogramLayout.upperBound(ofBucket: bucket) - 1 <= bound { total &+= bucketCount } else { break }
        }
        return total
    }

    /// This snapshot with another's counts added: the histogram of both sets of recordings.
    ///
    /// - Complexity: O(buckets).
    public func merging(_ other: HistogramSnapshot) -> HistogramSnapshot {
        var merged = self
        merged.merge(other)
        return merged
    }

    /// Adds another snapshot's counts to this one.
    ///
    /// - Complexity: O(buckets).
    public mutating func merge(_ other: HistogramSnapshot) {
        if !other.bucketCounts.isEmpty {
            if bucketCounts.isEmpty {
                bucketCounts = other.bucketCounts
            } else {
                for index in bucketCounts.indices { bucketCounts[index] &+= other.bucketCounts[index] }
            }
        }
        count &+= other.count
        sumNanoseconds &+= other.sumNanoseconds
        minNanoseconds = Swift.min(minNanoseconds, other.minNanoseconds)
        maxNanoseconds = Swift.max(maxNanoseconds, other.maxNanoseconds)
        clampedLowCount &+= other.clampedLowCount
        clampedHighCount &+= other.clampedHighCount
        rejectedCount &+= other.rejectedCount
    }

    /// The recordings made after `earlier`, a previous snapshot of the same histogram.
    ///
    /// The minimum and maximum of the difference are not known exactly, so they are taken from
    /// the lowest and highest non-empty buckets (within 1%).
    ///
    /// - Complexity: O(buckets).
    public func subtracting(_ earlier: HistogramSnapshot) -> HistogramSnapshot {
        guard !earlier.isEmpty else { return self }
        var difference = HistogramSnapshot()
        for (bucket, bucketCount) in bucketCounts.enumerated() where bucketCount != 0 {
            let older = earlier.bucketCounts.isEmpty ? 0 : earlier.bucketCounts[bucket]
            if bucketCount > older {
                difference.addCount(bucketCount - older, toBucket: bucket)
            }
        }
        difference.sumNanoseconds =
            sumNanoseconds >= earlier.sumNanoseconds ? sumNanoseconds - earlier.sumNanoseconds : 0
        difference.clampedLowCount = clampedLowCount &- Swift.min(clampedLowCount, earlier.clampedLowCount)
        difference.clampedHighCount = clampedHighCount &- Swift.min(clampedHighCount, earlier.clampedHighCount)
        difference.rejectedCount = rejectedCount &- Swift.min(rejectedCount, earlier.rejectedCount)
        if let first = difference.bucketCounts.firstIndex(where: { $0 != 0 }),
            let last = difference.bucketCounts.lastIndex(where: { $0 != 0 })
        {
            difference.minNanoseconds = Swift.max(HistogramLayout.lowerBound(ofBucket: first), minNanoseconds)
            difference.maxNanoseconds = Swift.min(HistogramLayout.upperBound(ofBucket: last) - 1, maxNanoseconds)
        }
        return difference
    }

    /// This snapshot with its buckets merged into `bucketsPerOctave` per power of two (a divisor
    /// of 64), each group's count kept in its middle bucket: the values are then reported within
    /// about 64 / (2 · bucketsPerOctave) sixty-fourths of an octave (4.4% at 8 per octave). Count,
    /// sum, minimum and maximum stay exact. Coarsening twice changes nothing.
    ///
    /// Used to store histograms in result files, where they serve charts and not the verdict.
    ///
    /// - Complexity: O(buckets).
    public func coarsened(bucketsPerOctave: Int) -> HistogramSnapshot {
        let perOctave = HistogramLayout.subBucketCount
        guard bucketsPerOctave > 0, perOctave % bucketsPerOctave == 0, bucketsPerOctave < perOctave, !isEmpty else {
            return self
        }
        let groupSize = perOctave / bucketsPerOctave
        var coarse = self
        coarse.bucketCounts = Array(repeating: 0, count: HistogramLayout.bucketCount)
        coarse.count = 0
        for (bucket, bucketCount) in bucketCounts.enumerated() where bucketCount != 0 {
            // Groups are aligned on the raw index, so they never straddle a power of two.
            let raw = bucket + HistogramLayout.firstIndex
            let middle = raw - raw % groupSize + groupSize / 2 - HistogramLayout.firstIndex
            coarse.addCount(bucketCount, toBucket: Swift.min(Swift.max(middle, 0), HistogramLayout.bucketCount - 1))
        }
        return coarse
    }

    /// The non-empty buckets as `(lower bound in nanoseconds, count)` pairs, for compact storage.
    ///
    /// - Complexity: O(buckets).
    public var sparseBuckets: [SparseBucket] {
        bucketCounts.enumerated().compactMap { bucket, bucketCount in
            bucketCount == 0
                ? nil
                : SparseBucket(lowerBoundNanoseconds: HistogramLayout.lowerBound(ofBucket: bucket), count: bucketCount)
        }
    }

    /// Rebuilds a snapshot from sparse buckets, as stored in a result file.
    ///
    /// - Parameters:
    ///   - sparseBuckets: The non-empty buckets; lower bounds are mapped back to their buckets.
    ///   - sumNanoseconds: The sum of the recorded values.
    ///   - minNanoseconds: The smallest recorded value.
    ///   - maxNanoseconds: The largest recorded value.
    public init(sparseBuckets: [SparseBucket], sumNanoseconds: UInt64, minNanoseconds: UInt64, maxNanoseconds: UInt64) {
        self.init()
        for bucket in sparseBuckets where bucket.count > 0 {
            let clamped = Swift.min(
                Swift.max(bucket.lowerBoundNanoseconds, HistogramLayout.trackableRange.lowerBound),
                HistogramLayout.trackableRange.upperBound
            )
            addCount(bucket.count, toBucket: HistogramLayout.index(ofClamped: clamped))
        }
        self.sumNanoseconds = sumNanoseconds
        self.minNanoseconds = isEmpty ? .max : minNanoseconds
        self.maxNanoseconds = isEmpty ? 0 : maxNanoseconds
    }
}

/// One non-empty bucket of a ``HistogramSnapshot``.
public struct SparseBucket: Sendable, Equatable, Codable {
    /// The lowest value, in nanoseconds, that falls in the bucket.
    public var lowerBoundNanoseconds: UInt64
    /// The number of values in the bucket.
    public var count: UInt64

    /// Creates a bucket.
    public init(lowerBoundNanoseconds: UInt64, count: UInt64) {
        self.lowerBoundNanoseconds = lowerBoundNanoseconds
        self.count = count
    }
}
