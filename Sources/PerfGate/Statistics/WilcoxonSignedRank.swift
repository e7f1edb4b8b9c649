/// The Wilcoxon signed-rank test of the location of one sample, or of paired differences.
enum WilcoxonSignedRank {
    /// Tests whether the differences are centred away from zero.
    ///
    /// Zero differences are dropped (Wilcoxon's convention); `T⁺` is the sum of the mid-ranks of
    /// `|dᵢ|` over the positive `dᵢ`. Without zeros and ties and with at most
    /// ``RankDistribution/exactLimit`` differences the p-value is exact; otherwise it comes from
    /// the normal approximation with continuity correction ½ and
    /// `σ² = n′(n′ + 1)(2n′ + 1)/24 − Σ(t³ − t)/48`, `n′` the non-zero differences. When every
    /// difference is zero the p-value is 1.
    ///
    /// - Parameters:
    ///   - differences: The differences (or one sample tested against a location of zero).
    ///   - alternative: `.greater` when the differences are expected positive.
    /// - Returns: The result, or nil when `differences` is empty or holds a NaN or infinity.
    /// - Complexity: O(n log n) plus the exact distribution, O(n³).
    static func test(_ differences: [Double], alternative: Alternative = .twoSided) -> RankTestResult? {
        guard !differences.isEmpty, differences.allSatisfy(\.isFinite) else { return nil }
        let nonZero = differences.filter { $0 != 0 }
        let hasZeros = nonZero.count != differences.count
        guard !nonZero.isEmpty else {
            return RankTestResult(statistic: 0, pValue: 1, alternative: alternative, method: .exact, hasTies: true)
        }
        let ranking = MidRanks(nonZero.map(\.magnitude))
        var positiveSum = 0.0
        for (value, rank) in zip(nonZero, ranking.ranks) where value > 0 { positiveSum += rank }
        let n = nonZero.count
        if !hasZeros, !ranking.hasTies, n <= RankDistribution.exactLimit,
            let distribution = RankDistribution.signedRank(n: n)
        {
            return .exact(statistic: Int(positiveSum.rounded()), distribution: distribution, alternative: alternative)
        }
        let count = Double(n)
        let variance = count * (count + 1) * (2 * count + 1) / 24 - ranking.tieCorrection / 48
        return .normal(
            statistic: positiveSum,
            mean: count * (count + 1) / 4,
            variance: variance,
            alternative: alternative,
            hasTies: hasZeros || ranking.hasTies
        )
    }

    /// Tests paired samples through their differences `xᵢ − yᵢ`.
    ///
    /// - Returns: The result, or nil when the samples differ in length, are empty or hold a NaN
    ///   or infinity.
    /// - Complexity: O(n log n) plus the exact distribution, O(n³).
    static func test(
        _ x: [Double],
        pairedWith y: [Double],
        alternative: Alternative = .twoSided
    ) -> RankTestResult? {
        guard x.count == y.count else { return nil }
        return test(zip(x, y).map { $0 - $1 }, alternative: alternative)
    }
}
