/// The alternative hypothesis of a rank test, and which side of a confidence interval is bounded.
///
/// The conventions are R's `wilcox.test`: for two samples `x` and `y` the shift is that of `x`
/// relative to `y` (`x − y`); `.greater` says `x` lies above `y`, gives the p-value
/// `P(statistic ≥ observed)` and a one-sided interval `[lower, +∞)`; `.less` is the mirror,
/// `P(statistic ≤ observed)` and `(−∞, upper]`; `.twoSided` doubles the smaller tail and bounds
/// both sides, each at half the error rate.
public enum Alternative: String, Sendable, Codable, Equatable, CaseIterable {
    /// The shift may be either way.
    case twoSided = "two-sided"
    /// The shift is negative (`x` below `y`).
    case less
    /// The shift is positive (`x` above `y`).
    case greater
}

/// How a p-value or a critical value was computed.
public enum RankMethod: String, Sendable, Codable, Equatable {
    /// From the exact null distribution (no ties, samples within the exact limit).
    case exact
    /// From the normal approximation with continuity correction (and tie correction for p-values).
    case normalApproximation = "normal"
}
