internal import Workloads

/// The permutation test of E-Divisive means: how often a shuffled segment's best split scores at
/// least as high as the observed one.
///
/// Under the null hypothesis (no change in the segment) every order of its values is equally
/// likely, so the observed best statistic is compared with the best statistics of `P` random
/// orders: `p = (1 + #{permuted ≥ observed}) / (1 + P)`. The maximum over all splits is taken in
/// each permutation as in the observed segment, so the search for the split is accounted for.
///
/// The test stops early once the count of permutations at or above the observed statistic
/// already makes `p` exceed the significance level: the decision is the same as with all `P`
/// permutations, and a segment without a change costs only a few scans. A p-value is returned
/// only when all `P` permutations were drawn.
struct EDivisivePermutationTest {
    private var scan = EDivisiveScan()
    private var shuffledValues: [Double] = []
    private var shuffledRanks: [Int32] = []

    /// The best split of `values` and its p-value, or nil when the segment has no split of
    /// `minimumSegment` values a side or the split is not significant.
    ///
    /// - Parameters:
    ///   - values: The segment, finite.
    ///   - configuration: The significance level, permutation count and minimum segment.
    ///   - stream: Which stream of the configuration's seed to shuffle with; the caller names
    ///     the segment by it, so the answer does not depend on the order segments are tested in.
    /// - Complexity: O(P · N log N) for a significant split, less when the test stops early.
    mutating func significantSplit(
        of values: ArraySlice<Double>,
        configuration: ChangePointConfiguration,
        stream: UInt64
    ) -> (index: Int, statistic: Double, pValue: Double)? {
        let count = values.count
        let minimumSegment = configuration.minimumSegment
        guard let (distanceByRank, allPairs) = load(values),
            let observed = scanShuffled(distances: distanceByRank, allPairs: allPairs, minimumSegment: minimumSegment)
        else { return nil }
        let permutations = max(configuration.permutations, 1)
        // p ≤ α  ⇔  1 + extreme ≤ α (1 + P).
        let allowed = (configuration.significance * Double(permutations + 1) + 1e-9).rounded(.down) - 1
        guard allowed >= 0 else { return nil }
        var generator = SeededGenerator(seed: configuration.seed, stream: stream)
        var extreme = 0
        for _ in 0..<permutations {
            shuffle(count: count, using: &generator)
            let permuted = scanShuffled(distances: distanceByRank, allPairs: allPairs, minimumSegment: minimumSegment)
            if let permuted, permuted.statistic >= observed.statistic {
                extreme += 1
                if Double(extreme) > allowed { return nil }
            }
        }
        let pValue = Double(1 + extreme) / Double(1 + permutations)
        return (observed.index, observed.statistic, pValue)
    }

    /// Fills the buffers with `values` less their median (the statistic does not change with a
    /// shift of all values, and centring keeps the running sums small) and their ranks, and
    /// returns each rank's summed distance to the others and the sum over all pairs.
    private mutating func load(_ values: ArraySlice<Double>) -> (byRank: [Double], allPairs: Double)? {
        let count = values.count
        guard count >= 2 else { return nil }
        let (ranks, sorted) = Self.ranks(of: values)
        let centre = sorted[count / 2]
        let totals = EDivisiveScan.distanceTotals(sorted: sorted.map { $0 - centre })
        shuffledValues.removeAll(keepingCapacity: true)
        shuffledValues.append(contentsOf: values.lazy.map { $0 - centre })
        shuffledRanks.removeAll(keepingCapacity: true)
        shuffledRanks.append(contentsOf: ranks)
        return totals
    }

    /// The best split of the buffers in their current order.
    private mutating func scanShuffled(
        distances: [Double],
        allPairs: Double,
        minimumSegment: Int
    ) -> (index: Int, statistic: Double)? {
        shuffledValues.withUnsafeBufferPointer { values in
            shuffledRanks.withUnsafeBufferPointer { ranks in
                distances.withUnsafeBufferPointer { distances in
                    scan.bestSplit(
                        values: values,
                        ranks: ranks,
                        distances: (distances, allPairs),
                        minimumSegment: minimumSegment
                    )
                }
            }
        }
    }

    /// Fisher–Yates over both buffers together, with a bounded draw that does not depend on the
    /// standard library's algorithm (so the answer is the same on every toolchain).
    private mutating func shuffle(count: Int, using generator: inout SeededGenerator) {
        var i = count - 1
        while i > 0 {
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            shuffledValues.swapAt(i, j)
            shuffledRanks.swapAt(i, j)
            i -= 1
        }
    }

    /// The 0-based rank of each value, ties broken by position, and the values sorted.
    ///
    /// - Complexity: O(N log N).
    static func ranks(of values: ArraySlice<Double>) -> (ranks: [Int32], sorted: [Double]) {
        let base = values.startIndex
        let order = values.indices.sorted { a, b in
            values[a] < values[b] || (values[a] == values[b] && a < b)
        }
        var ranks = [Int32](repeating: 0, count: values.count)
        for (rank, index) in order.enumerated() { ranks[index - base] = Int32(rank) }
        return (ranks, order.map { values[$0] })
    }
}
