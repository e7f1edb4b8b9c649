/// Hodges–Lehmann estimates of a shift or location, with distribution-free confidence intervals.
///
/// Two independent samples: the shift of `x` relative to `y` is estimated by the median of the
/// `N = n·m` pairwise differences `xᵢ − yⱼ`; its interval is bounded by order statistics of those
/// differences, chosen from the Mann–Whitney null distribution (``RankDistribution``). Let
/// `D(1) ≤ … ≤ D(N)` be the sorted differences and `c` the largest value with `P(U ≤ c) ≤ α/2`
/// (`α` for a one-sided bound); with `k = c + 1` the interval is `[D(k), D(N + 1 − k)]`, because
/// `P(Δ < D(k)) = P(U ≤ k − 1)` for the true shift `Δ`. For `n = m = 5` at 95%, `c = 2` and the
/// interval is `[D(3), D(23)]`.
///
/// One sample, or paired samples through their differences: the location is estimated by the
/// median of the `M = n(n + 1)/2` Walsh averages `(dᵢ + dⱼ)/2`, `i ≤ j`, and the interval is
/// `[W(k), W(M + 1 − k)]` with `k − 1` the critical value of the Wilcoxon signed-rank `T⁺`.
///
/// Critical values are exact up to ``RankDistribution/exactLimit`` values per sample and from the
/// normal approximation beyond. They assume continuous data: with ties the intervals are still
/// the right order statistics but their coverage is approximate (usually conservative).
///
/// Every function is total: it returns nil for an empty sample, a NaN or an infinity in the
/// input (or a difference that overflows to infinity), mismatched pair counts, or a confidence
/// outside `0 < confidence < 1`. A sample too small for the confidence yields nil bounds
/// (unbounded), not nil.
package enum HodgesLehmann {
    /// The shift of `x` relative to `y`: the median of all `xᵢ − yⱼ`.
    ///
    /// - Returns: The estimate, or nil for empty or non-finite input.
    /// - Complexity: O(n·m log(n·m)).
    package static func shift(_ x: [Double], _ y: [Double]) -> Double? {
        pairwiseDifferences(x, y)?.sortedMedian
    }

    /// The shift of `x` relative to `y` with its confidence interval.
    ///
    /// - Parameters:
    ///   - x: The first sample (for example the current run's values).
    ///   - y: The second sample (for example the baseline's values).
    ///   - confidence: The coverage of the interval, `0 < confidence < 1`.
    ///   - alternative: `.twoSided` for `[D(k), D(N + 1 − k)]` with `k − 1` the critical value at
    ///     `α/2`; `.greater` for `[D(k), +∞)` and `.less` for `(−∞, D(N + 1 − k)]` at `α`.
    /// - Returns: The estimate, or nil for empty or non-finite input or a bad confidence.
    /// - Complexity: O(n·m log(n·m)) plus the exact distribution, O(n²·m²).
    package static func shiftInterval(
        _ x: [Double],
        _ y: [Double],
        confidence: Double = 0.95,
        alternative: Alternative = .twoSided
    ) -> ShiftEstimate? {
        shiftInterval(x, y, confidence: confidence, alternative: alternative) {
            RankDistribution.mannWhitney(n: $0, m: $1)
        }
    }

    /// ``shiftInterval(_:_:confidence:alternative:)`` with the Mann–Whitney distribution supplied
    /// by the caller (for example from a cache).
    static func shiftInterval(
        _ x: [Double],
        _ y: [Double],
        confidence: Double,
        alternative: Alternative,
        distribution: (Int, Int) -> RankDistribution?
    ) -> ShiftEstimate? {
        guard confidence > 0, confidence < 1,
            let differences = pairwiseDifferences(x, y),
            let distribution = distribution(x.count, y.count),
            distribution.maximum == differences.count
        else { return nil }
        return .interval(
            sorted: differences,
            distribution: distribution,
            confidence: confidence,
            alternative: alternative
        )
    }

    /// The location of one sample: the median of its Walsh averages (the pseudo-median).
    ///
    /// - Returns: The estimate, or nil for empty or non-finite input.
    /// - Complexity: O(n² log n).
    package static func location(_ values: [Double]) -> Double? {
        walshAverages(values)?.sortedMedian
    }

    /// The location of one sample with its confidence interval from the signed-rank distribution.
    ///
    /// - Parameters:
    ///   - values: The sample, or the differences of paired observations.
    ///   - confidence: The coverage of the interval, `0 < confidence < 1`.
    ///   - alternative: Which sides to bound, as for ``shiftInterval(_:_:confidence:alternative:)``.
    /// - Returns: The estimate, or nil for empty or non-finite input or a bad confidence.
    /// - Complexity: O(n² log n) plus the exact distribution, O(n³).
    package static func locationInterval(
        _ values: [Double],
        confidence: Double = 0.95,
        alternative: Alternative = .twoSided
    ) -> ShiftEstimate? {
        guard confidence > 0, confidence < 1,
            let averages = walshAverages(values),
            let distribution = RankDistribution.signedRank(n: values.count)
        else { return nil }
        return .interval(sorted: averages, distribution: distribution, confidence: confidence, alternative: alternative)
    }

    /// The shift between paired samples: the location of the differences `xᵢ − yᵢ`.
    ///
    /// - Returns: The estimate, or nil when the lengths differ or the input is empty or
    ///   non-finite.
    /// - Complexity: O(n² log n).
    package static func pairedShift(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count else { return nil }
        return location(zip(x, y).map { $0 - $1 })
    }

    /// The shift between paired samples with its confidence interval: the Walsh-average interval
    /// of the differences `xᵢ − yᵢ`.
    ///
    /// - Returns: The estimate, or nil when the lengths differ, the input is empty or non-finite,
    ///   or the confidence is bad.
    /// - Complexity: O(n² log n) plus the exact distribution, O(n³).
    package static func pairedShiftInterval(
        _ x: [Double],
        _ y: [Double],
        confidence: Double = 0.95,
        alternative: Alternative = .twoSided
    ) -> ShiftEstimate? {
        guard x.count == y.count else { return nil }
        return locationInterval(zip(x, y).map { $0 - $1 }, confidence: confidence, alternative: alternative)
    }

    /// All `xᵢ − yⱼ`, sorted; nil for empty or non-finite input or an overflowing difference.
    ///
    /// - Complexity: O(n·m log(n·m)).
    static func pairwiseDifferences(_ x: [Double], _ y: [Double]) -> [Double]? {
        guard !x.isEmpty, !y.isEmpty, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
        var differences: [Double] = []
        differences.reserveCapacity(x.count * y.count)
        for a in x {
            for b in y { differences.append(a - b) }
        }
        guard differences.allSatisfy(\.isFinite) else { return nil }
        differences.sort()
        return differences
    }

    /// All `(dᵢ + dⱼ)/2` for `i ≤ j`, sorted; nil for empty or non-finite input.
    ///
    /// - Complexity: O(n² log n).
    static func walshAverages(_ values: [Double]) -> [Double]? {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        var averages: [Double] = []
        averages.reserveCapacity(values.count * (values.count + 1) / 2)
        for i in values.indices {
            for j in i..<values.count { averages.append(values[i] / 2 + values[j] / 2) }
        }
        averages.sort()
        return averages
    }
}
