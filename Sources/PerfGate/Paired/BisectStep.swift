/// What one paired comparison of a bisect measured: a commit against the good one, on the one
/// metric searched for.
package struct BisectMeasurement: Sendable, Equatable, Codable {
    /// The metric's row of the paired comparison (the commit is the head, the good commit the base).
    package var comparison: MetricComparison
    /// The pairs of rounds run, extra pairs included.
    package var pairs: Int

    /// Creates a measurement.
    package init(comparison: MetricComparison, pairs: Int) {
        self.comparison = comparison
        self.pairs = pairs
    }

    /// The verdict of the row.
    package var verdict: MetricVerdict { comparison.verdict }
}

/// One comparison a bisect made, and what it decided.
package struct BisectStep: Sendable, Equatable, Codable {
    /// The commit's position in the range: 1 for the oldest commit after the good one, the
    /// range's count for the bad commit.
    package var position: Int
    /// The commit compared with the good one.
    package var commit: BisectCommit
    /// What the comparison measured.
    package var measurement: BisectMeasurement
    /// Whether the commit counts as moved (it has the change searched for).
    package var hasMoved: Bool
    /// Why it was decided so, in one sentence.
    package var reason: String
}
