/// Exact Mann–Whitney distributions computed once per sample-size pair, for callers that test
/// many metrics with the same numbers of rounds.
struct RankDistributionCache {
    private struct Sizes: Hashable {
        var n: Int
        var m: Int
    }

    private var mannWhitneyDistributions: [Sizes: RankDistribution] = [:]

    /// The Mann–Whitney distribution for sizes `n` and `m`, computed on first use.
    ///
    /// - Complexity: O(1) when cached, else that of ``RankDistribution/mannWhitney(n:m:exact:)``.
    mutating func mannWhitney(n: Int, m: Int) -> RankDistribution? {
        let sizes = Sizes(n: n, m: m)
        if let cached = mannWhitneyDistributions[sizes] { return cached }
        let distribution = RankDistribution.mannWhitney(n: n, m: m)
        mannWhitneyDistributions[sizes] = distribution
        return distribution
    }
}
