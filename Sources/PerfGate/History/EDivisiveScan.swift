/// The E-Divisive means statistic of every split of one segment, in O(N log N) time.
///
/// For a segment `Z` of `N` values split at `τ` into `X = Z[0..<τ]` (`m = τ` values) and
/// `Y = Z[τ..<N]` (`r = N − τ` values), Matteson and James (2014) with exponent `α = 1` define
///
///     Ê(τ) = 2/(m·r) Σ|xᵢ − yⱼ| − 2/(m(m−1)) Σ_{i<k}|xᵢ − xₖ| − 2/(r(r−1)) Σ_{j<l}|yⱼ − yₗ|
///     Q(τ) = m·r/(m + r) · Ê(τ)
///
/// and the best split is the `τ` with the largest `Q`. A direct evaluation costs O(N²) per split.
/// Here the three sums come from running totals instead: with `W_L(τ)` the within-sum of the
/// first `τ` values, `W_R(τ)` that of the rest and `T = W_L(N)` the sum over all pairs, the
/// between-sum is `T − W_L(τ) − W_R(τ)`. `W_L` grows by `Σ_{k<τ}|z_τ − z_k|` as one value joins,
/// which a Fenwick tree over the values' ranks gives in O(log N) (count and sum of the smaller
/// values, and the rest by difference); `W_R` is the same from the other end. One scan is two
/// passes, so every `Q(τ)` is exact and the whole scan is O(N log N) with O(N) memory.
///
/// A scan keeps its buffers between calls, so the permutation test can rescan a shuffled segment
/// many times without allocating.
struct EDivisiveScan {
    /// Fenwick tree of how many values of each rank have joined (1-based).
    private var counts: [Double] = []
    /// Fenwick tree of the sum of the values of each rank that have joined (1-based).
    private var sums: [Double] = []
    /// `W_L(τ)` for `τ` in `0...N`.
    private var leftWithin: [Double] = []
    /// How many ranks the trees hold now (`N`); the buffers may be longer.
    private var size = 0

    /// The split with the largest statistic among those that leave at least `minimumSegment`
    /// values on each side.
    ///
    /// - Parameters:
    ///   - values: The segment's values, finite.
    ///   - ranks: The 0-based rank of each value within the segment, all distinct (ties broken in
    ///     any fixed way: equal values are at distance 0 whichever side they fall on).
    ///   - minimumSegment: The fewest values on each side, at least 2.
    /// - Returns: The split (the index of the first value of `Y`, relative to the segment) and its
    ///   `Q`, or nil when the segment is shorter than `2 · minimumSegment`.
    /// - Complexity: O(N log N) time, O(N) memory.
    mutating func bestSplit(
        values: UnsafeBufferPointer<Double>,
        ranks: UnsafeBufferPointer<Int32>,
        minimumSegment: Int
    ) -> (index: Int, statistic: Double)? {
        let count = values.count
        let smallest = max(minimumSegment, 2)
        guard count >= 2 * smallest, ranks.count == count else { return nil }
        prepare(count)
        // Forward pass: W_L(τ).
        var within = 0.0
        var total = 0.0
        leftWithin[0] = 0
        for i in 0..<count {
            within += distanceToJoined(values[i], rank: Int(ranks[i]), joined: i, joinedSum: total)
            total += values[i]
            add(values[i], rank: Int(ranks[i]))
            leftWithin[i + 1] = within
        }
        let allPairs = within
        // Backward pass: W_R(τ) and Q(τ).
        clearTrees(count)
        within = 0
        total = 0
        var best: (index: Int, statistic: Double)?
        for i in stride(from: count - 1, through: smallest, by: -1) {
            let joined = count - 1 - i
            within += distanceToJoined(values[i], rank: Int(ranks[i]), joined: joined, joinedSum: total)
            total += values[i]
            add(values[i], rank: Int(ranks[i]))
            guard i <= count - smallest else { continue }
            let left = Double(i)
            let right = Double(count - i)
            let leftPairs = leftWithin[i]
            let between = allPairs - leftPairs - within
            let energy =
                2 * between / (left * right) - 2 * leftPairs / (left * (left - 1)) - 2 * within
                / (right * (right - 1))
            let statistic = left * right / (left + right) * energy
            if best.map({ statistic > $0.statistic }) ?? true { best = (i, statistic) }
        }
        return best
    }

    /// `Σ|value − z|` over the values already joined, from the trees.
    private func distanceToJoined(_ value: Double, rank: Int, joined: Int, joinedSum: Double) -> Double {
        var smallerCount = 0.0
        var smallerSum = 0.0
        var node = rank  // ranks below `rank` are Fenwick nodes 1...rank
        while node > 0 {
            smallerCount += counts[node]
            smallerSum += sums[node]
            node &= node - 1
        }
        let largerCount = Double(joined) - smallerCount
        let largerSum = joinedSum - smallerSum
        return (value * smallerCount - smallerSum) + (largerSum - value * largerCount)
    }

    /// Adds one value at its rank to both trees.
    private mutating func add(_ value: Double, rank: Int) {
        var node = rank + 1
        while node <= size {
            counts[node] += 1
            sums[node] += value
            node += node & -node
        }
    }

    /// Sizes the buffers for `count` values and empties the trees.
    private mutating func prepare(_ count: Int) {
        size = count
        if leftWithin.count < count + 1 {
            counts = Array(repeating: 0, count: count + 1)
            sums = Array(repeating: 0, count: count + 1)
            leftWithin = Array(repeating: 0, count: count + 1)
        } else {
            clearTrees(count)
        }
    }

    /// Empties the first `count + 1` nodes of both trees.
    private mutating func clearTrees(_ count: Int) {
        for node in 0...count {
            counts[node] = 0
            sums[node] = 0
        }
    }
}
