/// One change in the mean of a series, as found by a ``ChangePointDetector``.
///
/// The segments are the stretches between consecutive change points (or the ends of the series):
/// ``meanBefore`` is the mean of the segment that ends just before ``index`` and ``meanAfter`` the
/// mean of the segment that starts there.
package struct ChangePoint: Sendable, Hashable {
    /// The index in the input series of the first value of the new segment.
    package var index: Int
    /// The permutation test's p-value, `(1 + permutations at least as extreme) / (1 + permutations
    /// drawn)`: the larger of the split's test in its segment and its local test (see
    /// ``ChangePointDetector``).
    package var pValue: Double
    /// The mean of the finite values of the segment before the change.
    package var meanBefore: Double
    /// The mean of the finite values of the segment after the change.
    package var meanAfter: Double
    /// `(meanAfter − meanBefore) / |meanBefore|`: 0.10 is a rise of 10 %. When `meanBefore` is 0
    /// it is +∞ or −∞ for any change, and 0 for none.
    package var relativeChange: Double
    /// A 95 % interval of the relative change: the Hodges–Lehmann interval of the shift between the
    /// adjacent segments (at most ``ChangePointDetector/intervalWindow`` values on each side, the
    /// nearest to the change), divided by `|meanBefore|`. It is an interval of the shift in
    /// location, so with outliers in a segment ``relativeChange`` (a ratio of means) can lie
    /// outside it.
    package var interval: ClosedRange<Double>

    /// Creates a change point.
    package init(
        index: Int,
        pValue: Double,
        meanBefore: Double,
        meanAfter: Double,
        relativeChange: Double,
        interval: ClosedRange<Double>
    ) {
        self.index = index
        self.pValue = pValue
        self.meanBefore = meanBefore
        self.meanAfter = meanAfter
        self.relativeChange = relativeChange
        self.interval = interval
    }
}
