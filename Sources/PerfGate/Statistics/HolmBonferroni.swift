/// Holm's step-down correction of a family of p-values for multiple comparisons.
///
/// With the `k` p-values sorted ascending, `p(1) ≤ … ≤ p(k)`, the `r`-th is tested at
/// `α / (k − r + 1)` and the procedure stops at the first that fails: every hypothesis before it
/// is rejected, none after. Equivalently the adjusted p-values
/// `p̃(r) = max over s ≤ r of min(1, (k − s + 1)·p(s))` are compared with `α`. The family-wise
/// error rate stays at most `α` whatever the dependence between the tests.
///
/// A p-value that is NaN or outside `0...1` is treated as 1 (never rejected). Ties keep their
/// input order. An empty family gives empty results.
enum HolmBonferroni {
    /// The adjusted p-values, in input order.
    ///
    /// - Complexity: O(k log k).
    static func adjustedPValues(_ pValues: [Double]) -> [Double] {
        let sanitized = pValues.map(sanitize)
        let order = ascendingOrder(sanitized)
        var adjusted = [Double](repeating: 1, count: sanitized.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            let multiplier = Double(sanitized.count - rank)
            running = max(running, min(1, multiplier * sanitized[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// Whether each hypothesis is rejected at family-wise level `alpha`, in input order.
    ///
    /// - Complexity: O(k log k).
    static func rejections(_ pValues: [Double], alpha: Double = 0.05) -> [Bool] {
        adjustedPValues(pValues).map { $0 <= alpha }
    }

    /// The level each p-value is tested at in the step-down, `α / (k − r + 1)` for the `r`-th
    /// smallest, in input order.
    ///
    /// A confidence interval at `1 −` this level is the one consistent with the test: it
    /// excludes the null value exactly when the unadjusted p-value is at most the level.
    ///
    /// - Complexity: O(k log k).
    static func stepLevels(_ pValues: [Double], alpha: Double = 0.05) -> [Double] {
        let sanitized = pValues.map(sanitize)
        var levels = [Double](repeating: alpha, count: sanitized.count)
        for (rank, index) in ascendingOrder(sanitized).enumerated() {
            levels[index] = alpha / Double(sanitized.count - rank)
        }
        return levels
    }

    private static func sanitize(_ p: Double) -> Double {
        p >= 0 && p <= 1 ? p : 1
    }

    private static func ascendingOrder(_ values: [Double]) -> [Int] {
        values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
}
