/// What the comparator concluded about one metric of one scenario.
public enum MetricVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// Worse beyond both the noise and the practical threshold.
    case regressed
    /// Better beyond both the noise and the practical threshold.
    case improved
    /// The whole confidence interval lies inside the equivalence band.
    case unchanged
    /// Neither: the data cannot tell (too few rounds, too noisy, or a change near the threshold).
    case inconclusive
}
