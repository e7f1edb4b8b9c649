import Foundation

/// Distribution-free one-sided confidence bounds on a quantile of one sample (by default the
/// median), from order statistics and the binomial distribution (the sign test).
///
/// Each bound is one-sided at its own confidence: `lower ≤ ξ` holds with probability
/// ``lowerConfidence`` and `ξ ≤ upper` with ``upperConfidence`` for the true quantile `ξ`, so
/// "whole interval on one side of a target" is a one-sided test at `1 −` that confidence.
struct LocationBounds: Sendable, Equatable, Codable {
    /// The quantile that is bounded, in `0 < q < 1` (0.5 for the median).
    var quantile: Double
    /// The sample quantile (linear interpolation between order statistics).
    var estimate: Double
    /// The lower bound `X(k)`, nil when the sample is too small for the confidence.
    var lower: Double?
    /// The 1-based order `k` of the lower bound.
    var lowerOrder: Int?
    /// `P(X(k) ≤ ξ)`, at least the requested confidence when the bound exists.
    var lowerConfidence: Double?
    /// The upper bound `X(j)`, nil when the sample is too small for the confidence.
    var upper: Double?
    /// The 1-based order `j` of the upper bound.
    var upperOrder: Int?
    /// `P(ξ ≤ X(j))`, at least the requested confidence when the bound exists.
    var upperConfidence: Double?
    /// The number of values.
    var count: Int

    /// Creates bounds.
    init(
        quantile: Double,
        estimate: Double,
        lower: Double?,
        lowerOrder: Int?,
        lowerConfidence: Double?,
        upper: Double?,
        upperOrder: Int?,
        upperConfidence: Double?,
        count: Int
    ) {
        self.quantile = quantile
        self.estimate = estimate
        self.lower = lower
        self.lowerOrder = lowerOrder
        self.lowerConfidence = lowerConfidence
        self.upper = upper
        self.upperOrder = upperOrder
        self.upperConfidence = upperConfidence
        self.count = count
    }

    /// One-sided bounds on the `quantile` of `values`, each at `confidence`.
    ///
    /// With `B ~ Binomial(n, q)` the number of values below the true quantile `ξ`,
    /// `P(X(k) ≤ ξ) = P(B ≥ k)`: the lower bound is `X(k)` for the largest `k` with
    /// `P(B ≤ k − 1) ≤ 1 − confidence`; the upper bound is `X(j)` for the smallest `j` with
    /// `P(B ≥ j) ≤ 1 − confidence`. For the median `j = n + 1 − k`; with 5 values at 95% these
    /// are the minimum and the maximum (confidence `1 − 2⁻⁵ = 0.969`), and fewer than 5 values
    /// give no bound at 95%.
    ///
    /// - Parameters:
    ///   - values: The sample.
    ///   - quantile: Which quantile, `0 < quantile < 1`.
    ///   - confidence: The confidence of each one-sided bound, `0 < confidence < 1`.
    /// - Returns: nil for an empty sample, a NaN or infinity in it, or a bad quantile or confidence.
    /// - Complexity: O(n log n).
    init?(of values: [Double], quantile: Double = 0.5, confidence: Double = 0.95) {
        guard !values.isEmpty, values.allSatisfy(\.isFinite),
            quantile > 0, quantile < 1, confidence > 0, confidence < 1
        else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        let alpha = 1 - confidence
        let cumulative = Self.binomialCumulative(n: n, p: quantile)
        // cumulative[i] = P(B ≤ i); lower order k: largest with cumulative[k − 1] ≤ α.
        var lowerOrder = 0
        while lowerOrder < n && cumulative[lowerOrder] <= alpha + 1e-12 { lowerOrder += 1 }
        // Upper order j: smallest with P(B ≥ j) = 1 − cumulative[j − 1] ≤ α.
        var upperOrder = n + 1
        while upperOrder > 1 && 1 - cumulative[upperOrder - 2] <= alpha + 1e-12 { upperOrder -= 1 }
        let position = quantile * Double(n - 1)
        let base = Int(position.rounded(.down))
        let fraction = position - Double(base)
        let estimate =
            base + 1 < n ? sorted[base] + fraction * (sorted[base + 1] - sorted[base]) : sorted[n - 1]
        let hasLower = lowerOrder >= 1
        let hasUpper = upperOrder <= n
        self.init(
            quantile: quantile,
            estimate: estimate,
            lower: hasLower ? sorted[lowerOrder - 1] : nil,
            lowerOrder: hasLower ? lowerOrder : nil,
            lowerConfidence: hasLower ? 1 - cumulative[lowerOrder - 1] : nil,
            upper: hasUpper ? sorted[upperOrder - 1] : nil,
            upperOrder: hasUpper ? upperOrder : nil,
            upperConfidence: hasUpper ? cumulative[upperOrder - 1] : nil,
            count: n
        )
    }

    /// `P(B ≤ i)` for `i` in `0...n`, `B ~ Binomial(n, p)`, summed from log-space terms.
    ///
    /// - Complexity: O(n).
    static func binomialCumulative(n: Int, p: Double) -> [Double] {
        var cumulative: [Double] = []
        cumulative.reserveCapacity(n + 1)
        var running = 0.0
        let logP = log(p)
        let logQ = log1p(-p)
        for i in 0...n {
            let term = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            running += exp(term + Double(i) * logP + Double(n - i) * logQ)
            cumulative.append(min(1, running))
        }
        cumulative[n] = 1
        return cumulative
    }
}
