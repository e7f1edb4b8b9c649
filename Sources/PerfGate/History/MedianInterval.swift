import Foundation

/// A distribution-free confidence interval for the median of one run's per-round values, from
/// their order statistics.
///
/// For `n` values sorted `x(1) ≤ … ≤ x(n)`, the interval `[x(k), x(n + 1 − k)]` covers the true
/// median with probability `1 − 2·P(B ≤ k − 1)`, `B ~ Binomial(n, ½)`, whatever the distribution
/// (continuous data). The interval is the narrowest such one whose coverage reaches the requested
/// confidence; with too few rounds for it (fewer than 6 at 95 %) it is the whole range
/// `[x(1), x(n)]`, and ``confidence`` says the coverage it really has (93.75 % for 5 rounds,
/// 87.5 % for 4, 0 for one round). With ties the coverage is at least the one stated.
///
/// Non-finite values are left out; no value at all gives nil.
package struct MedianInterval: Sendable, Hashable {
    /// The sample median (the mean of the two middle values for an even count).
    package var median: Double
    /// The lower end, `x(k)`.
    package var lower: Double
    /// The upper end, `x(n + 1 − k)`.
    package var upper: Double
    /// The coverage the interval has, `1 − 2·P(B ≤ k − 1)`: at least the confidence asked for when
    /// there are enough values, less when there are not.
    package var confidence: Double
    /// The number of finite values.
    package var count: Int

    /// The interval of a sample's median.
    ///
    /// - Parameters:
    ///   - values: One value per round.
    ///   - confidence: The coverage wanted, `0 < confidence < 1`; 0.95 by default.
    /// - Returns: The median and its interval, or nil when no value is finite.
    /// - Complexity: O(n log n) for the sort and O(n) for the binomial tail.
    package init?(of values: [Double], confidence: Double = 0.95) {
        let sorted = values.filter(\.isFinite).sorted()
        let n = sorted.count
        guard n > 0 else { return nil }
        let middle = n / 2
        median = n % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
        count = n
        // P(B ≤ j) for j = 0, 1, …, from the binomial probabilities C(n, j) / 2ⁿ, built as ratios.
        let alpha = 1 - min(max(confidence, 0), 1)
        // In logarithms, so that thousands of rounds do not underflow 2⁻ⁿ.
        var logProbability = -Double(n) * log(2.0)
        var tail = exp(logProbability)
        var k = 1
        var coverage = 1 - 2 * tail
        // Widen k while the next interval in still covers enough: coverage(k+1) = 1 − 2·P(B ≤ k).
        while k + 1 <= (n + 1) / 2 {
            logProbability += log(Double(n - k + 1) / Double(k))
            let nextTail = tail + exp(logProbability)
            guard 2 * nextTail <= alpha else { break }
            tail = nextTail
            k += 1
            coverage = 1 - 2 * tail
        }
        lower = sorted[k - 1]
        upper = sorted[n - k]
        self.confidence = max(coverage, 0)
    }
}
