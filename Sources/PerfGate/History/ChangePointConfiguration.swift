/// The settings of a ``ChangePointDetector``: how strong the evidence must be, how much it may cost,
/// and how short a segment may be.
///
/// The defaults were chosen on a synthetic tuning set (`Benchmarks/changepoints/generate.py
/// --seed 1`) and are reported on a separate evaluation set (seed 2) by
/// `Benchmarks/changepoints/run.sh`: a significance of 0.01 with 199 permutations, segments of at
/// least 5 values, and a local window of 50 values a side, which removed the false positives of
/// slow drift (precision 0.87 → 0.96 on the tuning set for a recall of 0.92 → 0.90).
package struct ChangePointConfiguration: Sendable, Hashable {
    /// The p-value a split must stay at or below to be a change point, `0 < significance < 1`.
    package var significance: Double
    /// How many permutations the significance test draws per candidate split. The smallest p-value
    /// it can report is `1 / (permutations + 1)`, so this must be at least `1 / significance − 1`
    /// for any split to pass.
    package var permutations: Int
    /// The fewest points on each side of a change point (and so in every segment), at least 2.
    package var minimumSegment: Int
    /// The seed of the permutations: the same series and configuration always give the same answer.
    package var seed: UInt64
    /// How many values on each side of a change point its local test uses (bounded by the
    /// neighbouring change points); 0 turns the local test off. A shift that is not significant
    /// within this many values on each side (a slow drift, or a step too small for the noise)
    /// is not reported.
    package var localWindow: Int

    /// The configuration the `history changes` command uses.
    package static let `default` = ChangePointConfiguration()

    /// Creates a configuration; every value not given is the default.
    ///
    /// - Parameters:
    ///   - significance: The p-value threshold, `0 < significance < 1`.
    ///   - permutations: The permutation test size, at least 1.
    ///   - minimumSegment: The fewest points on each side of a change point, at least 2.
    ///   - seed: The seed of the permutations.
    ///   - localWindow: The values on each side of a change point its local test uses; 0 for none.
    package init(
        significance: Double = 0.01,
        permutations: Int = 199,
        minimumSegment: Int = 5,
        seed: UInt64 = 0x5EED_C4A6_E901_4715,
        localWindow: Int = 50
    ) {
        self.localWindow = localWindow
        self.significance = significance
        self.permutations = permutations
        self.minimumSegment = minimumSegment
        self.seed = seed
    }
}
