/// The outcome of a rank test: the statistic, its p-value and how the p-value was computed.
struct RankTestResult: Sendable, Equatable, Codable {
    /// The statistic: Mann–Whitney `U` of the first sample (pairs `xᵢ > yⱼ`, ties counted ½), or
    /// the Wilcoxon `T⁺` (sum of the mid-ranks of `|dᵢ|` over positive `dᵢ`, zeros dropped).
    var statistic: Double
    /// The p-value under the alternative, in `0...1`.
    var pValue: Double
    /// The alternative the p-value is for.
    var alternative: Alternative
    /// Whether the p-value is exact or from the normal approximation.
    var method: RankMethod
    /// Whether ties (or zero differences) forced the normal approximation with tie correction.
    var hasTies: Bool

    /// Creates a result.
    init(statistic: Double, pValue: Double, alternative: Alternative, method: RankMethod, hasTies: Bool) {
        self.statistic = statistic
        self.pValue = pValue
        self.alternative = alternative
        self.method = method
        self.hasTies = hasTies
    }

    /// The p-value of a statistic from an exact distribution.
    static func exact(
        statistic: Int,
        distribution: RankDistribution,
        alternative: Alternative
    ) -> RankTestResult {
        let lower = distribution.cdf(statistic)
        let upper = distribution.upperTail(statistic)
        let p =
            switch alternative {
            case .greater: upper
            case .less: lower
            case .twoSided: 2 * min(lower, upper)
            }
        return RankTestResult(
            statistic: Double(statistic),
            pValue: min(1, max(0, p)),
            alternative: alternative,
            method: distribution.method,
            hasTies: false
        )
    }

    /// The p-value from the normal approximation with a continuity correction of ½; 1 when the
    /// variance is zero (every value tied), because nothing then tells the samples apart.
    static func normal(
        statistic: Double,
        mean: Double,
        variance: Double,
        alternative: Alternative,
        hasTies: Bool
    ) -> RankTestResult {
        var p = 1.0
        if variance > 0, variance.isFinite {
            let sigma = variance.squareRoot()
            let deviation = statistic - mean
            switch alternative {
            case .greater:
                p = StandardNormal.survival((deviation - 0.5) / sigma)
            case .less:
                p = StandardNormal.cdf((deviation + 0.5) / sigma)
            case .twoSided:
                let correction = deviation > 0 ? 0.5 : (deviation < 0 ? -0.5 : 0)
                let z = (deviation - correction) / sigma
                p = 2 * min(StandardNormal.cdf(z), StandardNormal.survival(z))
            }
        }
        return RankTestResult(
            statistic: statistic,
            pValue: min(1, max(0, p)),
            alternative: alternative,
            method: .normalApproximation,
            hasTies: hasTies
        )
    }
}

/// The alternative hypothesis of a rank test, and which side of a confidence interval is bounded.
///
/// The conventions are R's `wilcox.test`: for two samples `x` and `y` the shift is that of `x`
/// relative to `y` (`x − y`); `.greater` says `x` lies above `y`, gives the p-value
/// `P(statistic ≥ observed)` and a one-sided interval `[lower, +∞)`; `.less` is the mirror,
/// `P(statistic ≤ observed)` and `(−∞, upper]`; `.twoSided` doubles the smaller tail and bounds
/// both sides, each at half the error rate.
package enum Alternative: String, Sendable, Codable, Equatable, CaseIterable {
    /// The shift may be either way.
    case twoSided = "two-sided"
    /// The shift is negative (`x` below `y`).
    case less
    /// The shift is positive (`x` above `y`).
    case greater
}

/// How a p-value or a critical value was computed.
package enum RankMethod: String, Sendable, Codable, Equatable {
    /// From the exact null distribution (no ties, samples within the exact limit).
    case exact
    /// From the normal approximation with continuity correction (and tie correction for p-values).
    case normalApproximation = "normal"
}
