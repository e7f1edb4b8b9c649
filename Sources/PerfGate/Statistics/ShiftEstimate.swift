/// A Hodges–Lehmann estimate with its distribution-free confidence interval.
///
/// The bounds are order statistics of the sorted pairwise differences (two samples) or Walsh
/// averages (one sample or pairs): ``lowerOrder`` and ``upperOrder`` name them, 1-based, among
/// ``count`` values. A bound that the samples are too small to give at the requested confidence
/// is nil, meaning unbounded (−∞ or +∞); a one-sided interval has one nil bound by design.
package struct ShiftEstimate: Sendable, Equatable, Codable {
    /// The estimate: the median of the pairwise differences or Walsh averages.
    package var estimate: Double
    /// The lower confidence bound, nil when unbounded.
    package var lower: Double?
    /// The upper confidence bound, nil when unbounded.
    package var upper: Double?
    /// The 1-based order of the lower bound among the sorted values, nil when unbounded.
    package var lowerOrder: Int?
    /// The 1-based order of the upper bound among the sorted values, nil when unbounded.
    package var upperOrder: Int?
    /// How many pairwise differences or Walsh averages there are.
    package var count: Int
    /// The confidence that was asked for.
    package var confidence: Double
    /// The coverage the chosen order statistics give under the null distribution used (exactly
    /// so for ``RankMethod/exact``): never below ``confidence`` unless a bound had to be clamped.
    package var achievedConfidence: Double
    /// Which sides are bounded.
    package var alternative: Alternative
    /// Whether the critical value came from the exact distribution.
    package var method: RankMethod

    /// Creates an estimate.
    package init(
        estimate: Double,
        lower: Double?,
        upper: Double?,
        lowerOrder: Int?,
        upperOrder: Int?,
        count: Int,
        confidence: Double,
        achievedConfidence: Double,
        alternative: Alternative,
        method: RankMethod
    ) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.lowerOrder = lowerOrder
        self.upperOrder = upperOrder
        self.count = count
        self.confidence = confidence
        self.achievedConfidence = achievedConfidence
        self.alternative = alternative
        self.method = method
    }

    /// Whether the interval lies wholly above zero.
    package var excludesZeroFromAbove: Bool { lower.map { $0 > 0 } ?? false }

    /// Whether the interval lies wholly below zero.
    package var excludesZeroFromBelow: Bool { upper.map { $0 < 0 } ?? false }

    /// The estimate and interval of sorted values under a null distribution on `0...count`.
    ///
    /// With `c = distribution.criticalValue(tailProbability: α/2)` (or `α` one-sided) and
    /// `k = c + 1`, the bounds are the `k`-th smallest and the `k`-th largest value (order
    /// `count + 1 − k`); `k` is clamped to `(count + 1)/2` so the bounds never cross.
    static func interval(
        sorted: [Double],
        distribution: RankDistribution,
        confidence: Double,
        alternative: Alternative
    ) -> ShiftEstimate {
        let count = sorted.count
        let alpha = 1 - confidence
        let tail = alternative == .twoSided ? alpha / 2 : alpha
        let order = min(distribution.criticalValue(tailProbability: tail) + 1, (count + 1) / 2)
        let missed = order >= 1 ? distribution.cdf(order - 1) : 0
        var lower: Double?
        var upper: Double?
        var lowerOrder: Int?
        var upperOrder: Int?
        var achieved = 1.0
        if order >= 1, alternative != .less {
            lower = sorted[order - 1]
            lowerOrder = order
            achieved -= missed
        }
        if order >= 1, alternative != .greater {
            upper = sorted[count - order]
            upperOrder = count + 1 - order
            achieved -= missed
        }
        return ShiftEstimate(
            estimate: sorted.sortedMedian,
            lower: lower,
            upper: upper,
            lowerOrder: lowerOrder,
            upperOrder: upperOrder,
            count: count,
            confidence: confidence,
            achievedConfidence: achieved,
            alternative: alternative,
            method: distribution.method
        )
    }
}

extension [Double] {
    /// The median of an array that is already sorted ascending; 0 when empty.
    var sortedMedian: Double {
        guard !isEmpty else { return 0 }
        let middle = count / 2
        return count % 2 == 0 ? self[middle - 1] / 2 + self[middle] / 2 : self[middle]
    }
}
