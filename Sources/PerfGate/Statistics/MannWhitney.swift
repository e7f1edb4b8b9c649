/// The Mann–Whitney (Wilcoxon rank-sum) test of a shift between two independent samples.
enum MannWhitney {
    /// Tests whether `x` is shifted relative to `y`.
    ///
    /// `U = Rₓ − n(n + 1)/2`, with `Rₓ` the sum of the mid-ranks of `x` in the pooled sample: the
    /// number of pairs with `xᵢ > yⱼ`, ties counting ½. Without ties and with both samples of at
    /// most ``RankDistribution/exactLimit`` values the p-value is exact; otherwise it comes from
    /// the normal approximation with continuity correction ½ and the tie-corrected variance
    /// `σ² = n·m/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1)))`, `N = n + m`, `t` the tie group sizes.
    /// When every value is tied the p-value is 1.
    ///
    /// - Parameters:
    ///   - x: The first sample (for example the current run).
    ///   - y: The second sample (for example the baseline).
    ///   - alternative: `.greater` when `x` is expected above `y`; see ``Alternative``.
    /// - Returns: The result, or nil when either sample is empty or holds a NaN or infinity.
    /// - Complexity: O(N log N) plus the exact distribution, O(n²·m²).
    static func test(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided) -> RankTestResult? {
        test(x, y, alternative: alternative) { RankDistribution.mannWhitney(n: $0, m: $1) }
    }

    /// ``test(_:_:alternative:)`` with the exact distribution supplied by the caller (for
    /// example from a cache); `distribution` is only called when the exact method applies.
    static func test(
        _ x: [Double],
        _ y: [Double],
        alternative: Alternative,
        distribution: (Int, Int) -> RankDistribution?
    ) -> RankTestResult? {
        guard !x.isEmpty, !y.isEmpty, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
        let n = x.count
        let m = y.count
        let ranking = MidRanks(x + y)
        let rankSum = ranking.ranks[0..<n].reduce(0, +)
        let u = rankSum - Double(n * (n + 1)) / 2
        if !ranking.hasTies, n <= RankDistribution.exactLimit, m <= RankDistribution.exactLimit,
            let distribution = distribution(n, m), distribution.method == .exact,
            distribution.maximum == n * m
        {
            return .exact(statistic: Int(u.rounded()), distribution: distribution, alternative: alternative)
        }
        let total = Double(n + m)
        let variance = Double(n) * Double(m) / 12 * ((total + 1) - ranking.tieCorrection / (total * (total - 1)))
        return .normal(
            statistic: u,
            mean: Double(n) * Double(m) / 2,
            variance: variance,
            alternative: alternative,
            hasTies: ranking.hasTies
        )
    }
}
