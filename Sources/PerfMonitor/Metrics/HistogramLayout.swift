/// The bucket layout shared by every ``LatencyHistogram``: log-linear, HDR style.
///
/// Values are nanoseconds. Each power-of-two range `[2^k, 2^(k+1))` is split into
/// ``subBucketCount`` equal-width buckets, so a bucket is never wider than 1/64 of its lower bound.
/// A value is reported as its bucket's midpoint, so the relative quantization error is at most
/// 1/128 (0.79%) for every value in ``trackableRange``. Values below the range are clamped to its
/// lower end, values above to its upper end, and both are counted (see ``HistogramSnapshot``).
public enum HistogramLayout {
    /// The number of linear buckets per power of two.
    public static let subBucketCount = 64
    static let subBucketBits = 6

    /// The smallest and largest values tracked without clamping, in nanoseconds (1 µs to 100 s).
    public static let trackableRange: ClosedRange<UInt64> = 1_000...100_000_000_000

    /// The raw index (before the offset) of a value in nanoseconds, which must be at least 1.
    @inline(__always)
    static func rawIndex(_ value: UInt64) -> Int {
        let msb = 63 - value.leadingZeroBitCount
        if msb < subBucketBits { return Int(truncatingIfNeeded: value) }
        let shift = msb - subBucketBits
        let sub = Int(truncatingIfNeeded: value >> UInt64(shift)) & (subBucketCount - 1)
        return (shift + 1) << subBucketBits | sub
    }

    /// The index of the first bucket, which holds ``trackableRange``'s lower bound.
    static let firstIndex = rawIndex(trackableRange.lowerBound)

    /// The number of buckets a histogram holds.
    public static let bucketCount = rawIndex(trackableRange.upperBound) - firstIndex + 1

    /// The bucket index of a value in nanoseconds that is already inside ``trackableRange``.
    @inline(__always)
    static func index(ofClamped value: UInt64) -> Int {
        rawIndex(value) &- firstIndex
    }

    /// The lowest value, in nanoseconds, that falls in a bucket.
    public static func lowerBound(ofBucket index: Int) -> UInt64 {
        let raw = index + firstIndex
        if raw < subBucketCount { return UInt64(raw) }
        let shift = (raw >> subBucketBits) - 1
        let sub = UInt64(raw & (subBucketCount - 1)) | UInt64(subBucketCount)
        return sub << UInt64(shift)
    }

    /// One past the highest value, in nanoseconds, that falls in a bucket.
    public static func upperBound(ofBucket index: Int) -> UInt64 {
        lowerBound(ofBucket: index + 1)
    }

    /// The value a bucket reports: the midpoint of its range, in nanoseconds.
    public static func midpoint(ofBucket index: Int) -> UInt64 {
        let low = lowerBound(ofBucket: index)
        let high = upperBound(ofBucket: index)
        return low + (high - low - 1) / 2
    }
}
