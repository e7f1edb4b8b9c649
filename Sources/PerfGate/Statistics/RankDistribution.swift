/// The null distribution of a rank statistic on `0...maximum`, exact or normal.
///
/// Two statistics are covered, both symmetric about `maximum / 2` under the null hypothesis:
/// - the Mann–Whitney `U` of samples of sizes `n` and `m` (the number of pairs `(xᵢ, yⱼ)` with
///   `xᵢ > yⱼ`), on `0...n·m`;
/// - the Wilcoxon signed-rank `T⁺` of `n` differences (the sum of the ranks of `|dᵢ|` over the
///   positive `dᵢ`), on `0...n(n+1)/2`.
///
/// Up to ``exactLimit`` observations per sample the distribution is computed exactly by dynamic
/// programming (no tables); beyond it the normal approximation with a continuity correction
/// stands in: `P(S ≤ s) ≈ Φ((s + ½ − μ) / σ)`.
struct RankDistribution: Sendable, Equatable {
    /// The largest sample size (per sample) whose distribution is computed exactly.
    static let exactLimit = 50

    /// The largest value the statistic can take.
    let maximum: Int
    /// The mean under the null hypothesis, `maximum / 2`.
    var mean: Double { Double(maximum) / 2 }
    /// The standard deviation under the null hypothesis, without tie correction.
    let standardDeviation: Double
    /// `P(S ≤ s)` for `s` in `0...maximum` when exact; nil when approximated.
    private let cumulative: [Double]?

    /// Whether the probabilities are exact.
    var method: RankMethod { cumulative == nil ? .normalApproximation : .exact }

    /// The distribution of the Mann–Whitney `U` for samples of sizes `n` and `m`, or nil when
    /// either is negative.
    ///
    /// The exact counts follow from the recurrence on the largest observation, which is either
    /// an `x` (above all `j` of the `y`s) or a `y`:
    /// `f(i, j, u) = f(i − 1, j, u − j) + f(i, j − 1, u)`, with `f(i, 0, 0) = f(0, j, 0) = 1`;
    /// the counts sum to `C(n + m, n)`. Sizes above ``exactLimit`` use the normal approximation
    /// with `σ² = n·m(n + m + 1) / 12`.
    ///
    /// - Complexity: O(n²·m²) time and O(n·m²) memory when exact; O(1) otherwise.
    static func mannWhitney(n: Int, m: Int, exact: Bool = true) -> RankDistribution? {
        guard n >= 0, m >= 0 else { return nil }
        let maximum = n * m
        let variance = Double(n) * Double(m) * Double(n + m + 1) / 12
        guard exact, n <= exactLimit, m <= exactLimit, n > 0, m > 0 else {
            let cumulative: [Double]? = maximum == 0 ? [1] : nil
            return RankDistribution(maximum: maximum, standardDeviation: variance.squareRoot(), cumulative: cumulative)
        }
        // previous[j] holds f(i − 1, j, ·); current[j] builds f(i, j, ·).
        var previous = [[Double]](repeating: [1], count: m + 1)
        for i in 1...n {
            var current: [[Double]] = [[1]]
            current.reserveCapacity(m + 1)
            for j in 1...m {
                var row = [Double](repeating: 0, count: i * j + 1)
                let above = previous[j]
                let below = current[j - 1]
                for u in 0..<above.count { row[u + j] += above[u] }
                for u in 0..<below.count { row[u] += below[u] }
                current.append(row)
            }
            previous = current
        }
        return RankDistribution(counts: previous[m], standardDeviation: variance.squareRoot())
    }

    /// The distribution of the Wilcoxon signed-rank `T⁺` for `n` non-zero differences, or nil
    /// when `n` is negative.
    ///
    /// The exact counts are those of the subsets of `{1, …, n}` with each sum, built one rank at
    /// a time: `g(k, t) = g(k − 1, t) + g(k − 1, t − k)`; they sum to `2ⁿ`. Above ``exactLimit``
    /// the normal approximation uses `σ² = n(n + 1)(2n + 1) / 24`.
    ///
    /// - Complexity: O(n³) time and O(n²) memory when exact; O(1) otherwise.
    static func signedRank(n: Int, exact: Bool = true) -> RankDistribution? {
        guard n >= 0 else { return nil }
        let maximum = n * (n + 1) / 2
        let variance = Double(n) * Double(n + 1) * Double(2 * n + 1) / 24
        guard exact, n <= exactLimit, n > 0 else {
            let cumulative: [Double]? = maximum == 0 ? [1] : nil
            return RankDistribution(maximum: maximum, standardDeviation: variance.squareRoot(), cumulative: cumulative)
        }
        var counts = [Double](repeating: 0, count: maximum + 1)
        counts[0] = 1
        var reach = 0
        for rank in 1...n {
            reach += rank
            for total in stride(from: reach, through: rank, by: -1) { counts[total] += counts[total - rank] }
        }
        return RankDistribution(counts: counts, standardDeviation: variance.squareRoot())
    }

    private init(maximum: Int, standardDeviation: Double, cumulative: [Double]?) {
        self.maximum = maximum
        self.standardDeviation = standardDeviation
        self.cumulative = cumulative
    }

    private init(counts: [Double], standardDeviation: Double) {
        let total = counts.reduce(0, +)
        var running = 0.0
        var cumulative = [Double]()
        cumulative.reserveCapacity(counts.count)
        for count in counts {
            running += count
            cumulative.append(min(1, running / total))
        }
        cumulative[cumulative.count - 1] = 1
        self.init(maximum: counts.count - 1, standardDeviation: standardDeviation, cumulative: cumulative)
    }

    /// `P(S ≤ s)`: 0 below 0, 1 from `maximum` on.
    func cdf(_ s: Int) -> Double {
        if s < 0 { return 0 }
        if s >= maximum { return 1 }
        if let cumulative { return cumulative[s] }
        guard standardDeviation > 0 else { return Double(s) >= mean ? 1 : 0 }
        return StandardNormal.cdf((Double(s) + 0.5 - mean) / standardDeviation)
    }

    /// `P(S ≥ s)`, taken from the lower tail by symmetry so that small tails keep their precision.
    func upperTail(_ s: Int) -> Double { cdf(maximum - s) }

    /// `P(S = s)`.
    func probability(_ s: Int) -> Double { cdf(s) - cdf(s - 1) }

    /// The largest `c` with `P(S ≤ c) ≤ p`, or −1 when even `P(S = 0)` exceeds `p`.
    ///
    /// With `c = criticalValue(tailProbability: α / 2)` the two-sided test at level `α` rejects
    /// when `S ≤ c` or `S ≥ maximum − c`; `k = c + 1` is the order of the confidence bounds of the
    /// Hodges–Lehmann intervals. For the normal approximation
    /// `c = ⌊μ − ½ + z_p·σ⌋`, clamped to `−1...maximum`.
    ///
    /// - Complexity: O(log maximum) when exact, O(1) otherwise.
    func criticalValue(tailProbability p: Double) -> Int {
        guard p.isFinite, p > 0 else { return -1 }
        guard p < 1 else { return maximum }
        let tolerance = 1e-12
        if let cumulative {
            // First index whose cumulative probability exceeds p, minus one.
            var low = 0
            var high = cumulative.count
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] <= p + tolerance { low = middle + 1 } else { high = middle }
            }
            return low - 1
        }
        guard standardDeviation > 0, let z = StandardNormal.quantile(p) else { return -1 }
        let value = (mean - 0.5 + z * standardDeviation).rounded(.down)
        return Int(min(max(value, -1), Double(maximum)))
    }
}

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
