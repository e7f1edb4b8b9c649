/// The E-Divisive means statistic of every split of one segment, in O(N log N) time.
///
/// For a segment `Z` of `N` values split at `τ` into `X = Z[0..<τ]` (`m = τ` values) and
/// `Y = Z[τ..<N]` (`r = N − τ` values), Matteson and James (2014) with exponent `α = 1` define
///
///     Ê(τ) = 2/(m·r) Σ|xᵢ − yⱼ| − 2/(m(m−1)) Σ_{i<k}|xᵢ − xₖ| − 2/(r(r−1)) Σ_{j<l}|yⱼ − yₗ|
///     Q(τ) = m·r/(m + r) · Ê(τ)
///
/// and the best split is the `τ` with the largest `Q`. A direct evaluation costs O(N²) per split
/// (Otava precomputes the N×N distance matrix for each window). Here the three sums come from
/// running totals instead. Let `D(z) = Σ_k |z − z_k|` be a value's summed distance to the whole
/// segment (the same for every order of the segment, so it is computed once from the sorted
/// values), `W_L(τ)` the within-sum of the first `τ` values and `T` the sum over all pairs. Then
/// the between-sum is `B(τ) = Σ_{i<τ} D(zᵢ) − 2 W_L(τ)` and the right within-sum is
/// `W_R(τ) = T − W_L(τ) − B(τ)`. `W_L` grows by `Σ_{k<τ}|z_τ − z_k|` as one value joins, which a
/// Fenwick tree over the values' ranks gives in O(log N) (the count and sum of the smaller values,
/// and the rest by difference). So one forward pass gives every `Q(τ)` exactly, in O(N log N)
/// time and O(N) memory.
///
/// A scan keeps its buffers between calls, so the permutation test can rescan a shuffled segment
/// many times without allocating.
struct EDivisiveScan {
    /// A Fenwick tree (1-based) of the count and the sum of the values of each rank that have
    /// joined, as one vector per node so that a step touches one cache line.
    private var tree: [SIMD2<Double>] = []

    /// The summed distance `D` of each rank's value to all values of the segment, and the sum
    /// `T` over all pairs, from the sorted values.
    ///
    /// - Complexity: O(N).
    static func distanceTotals(sorted: [Double]) -> (byRank: [Double], allPairs: Double) {
        let count = sorted.count
        let total = sorted.reduce(0, +)
        var below = 0.0
        var byRank = [Double](repeating: 0, count: count)
        var allPairs = 0.0
        for (rank, value) in sorted.enumerated() {
            let above = total - below - value
            byRank[rank] = (value * Double(rank) - below) + (above - value * Double(count - 1 - rank))
            allPairs += value * Double(rank) - below
            below += value
        }
        return (byRank, allPairs)
    }

    /// The split with the largest statistic among those that leave at least `minimumSegment`
    /// values on each side.
    ///
    /// - Parameters:
    ///   - values: The segment's values, finite.
    ///   - ranks: The 0-based rank of each value within the segment, all distinct (ties broken in
    ///     any fixed way: equal values are at distance 0 whichever side they fall on).
    ///   - distances: ``distanceTotals(sorted:)`` of the segment.
    ///   - minimumSegment: The fewest values on each side, at least 2.
    /// - Returns: The split (the index of the first value of `Y`, relative to the segment) and its
    ///   `Q`, or nil when the segment is shorter than `2 · minimumSegment`.
    /// - Complexity: O(N log N) time, O(N) memory.
    mutating func bestSplit(
        values: UnsafeBufferPointer<Double>,
        ranks: UnsafeBufferPointer<Int32>,
        distances: (byRank: UnsafeBufferPointer<Double>, allPairs: Double),
        minimumSegment: Int
    ) -> (index: Int, statistic: Double)? {
        let count = values.count
        let smallest = max(minimumSegment, 2)
        guard count >= 2 * smallest, ranks.count == count, distances.byRank.count == count else { return nil }
        if tree.count < count + 1 { tree = Array(repeating: .zero, count: count + 1) }
        return tree.withUnsafeMutableBufferPointer { tree in
            Self.bestSplit(values: values, ranks: ranks, distances: distances, smallest: smallest, tree: tree)
        }
    }

    /// The forward pass over a tree of at least `N + 1` nodes.
    private static func bestSplit(
        values: UnsafeBufferPointer<Double>,
        ranks: UnsafeBufferPointer<Int32>,
        distances: (byRank: UnsafeBufferPointer<Double>, allPairs: Double),
        smallest: Int,
        tree: UnsafeMutableBufferPointer<SIMD2<Double>>
    ) -> (index: Int, statistic: Double)? {
        let count = values.count
        for node in 0...count { tree[node] = .zero }
        var leftPairs = 0.0  // W_L(τ)
        var leftDistances = 0.0  // Σ_{i<τ} D(zᵢ)
        var total = 0.0
        var bestIndex = -1
        var bestStatistic = -Double.infinity
        let last = count - smallest
        for i in 0..<last {
            let value = values[i]
            let rank = Int(ranks[i])
            leftPairs += distance(value, rank: rank, joined: i, joinedSum: total, tree: tree)
            leftDistances += distances.byRank[rank]
            total += value
            add(value, rank: rank, count: count, tree: tree)
            let split = i + 1
            guard split >= smallest else { continue }
            let left = Double(split)
            let right = Double(count - split)
            let between = leftDistances - 2 * leftPairs
            let rightPairs = distances.allPairs - leftPairs - between
            let energy =
                2 * between / (left * right) - 2 * leftPairs / (left * (left - 1))
                - 2 * rightPairs / (right * (right - 1))
            let statistic = left * right / (left + right) * energy
            if statistic > bestStatistic {
                bestStatistic = statistic
                bestIndex = split
            }
        }
        return bestIndex < 0 ? nil : (bestIndex, bestStatistic)
    }

    /// `Σ|value − z|` over the `joined` values already in the tree, whose sum is `joinedSum`.
    @inline(__always)
    private static func distance(
        _ value: Double,
        rank: Int,
        joined: Int,
        joinedSum: Double,
        tree: UnsafeMutableBufferPointer<SIMD2<Double>>
    ) -> Double {
        var smaller = SIMD2<Double>.zero
        var node = rank  // ranks below `rank` are nodes 1...rank
        while node > 0 {
            smaller += tree[node]
            node &= node &- 1
        }
        let largerCount = Double(joined) - smaller.x
        let largerSum = joinedSum - smaller.y
        return (value * smaller.x - smaller.y) + (largerSum - value * largerCount)
    }

    /// Adds one value at its rank.
    @inline(__always)
    private static func add(_ value: Double, rank: Int, count: Int, tree: UnsafeMutableBufferPointer<SIMD2<Double>>) {
        let entry = SIMD2(1, value)
        var node = rank + 1
        while node <= count {
            tree[node] += entry
            node &+= node & -node
        }
    }
}
