/// The mid-ranks of a sample and the sizes of its groups of ties.
///
/// Ranks are 1-based; tied values share the mean of the ranks they occupy.
struct MidRanks {
    /// The rank of each value, in input order.
    var ranks: [Double]
    /// The size of every group of equal values that has more than one member.
    var tieSizes: [Int]

    /// Whether any two values are equal.
    var hasTies: Bool { !tieSizes.isEmpty }

    /// `Σ (t³ − t)` over the groups of ties, the term of the tie-corrected variances.
    var tieCorrection: Double {
        tieSizes.reduce(0) { sum, size in
            let t = Double(size)
            return sum + (t * t * t - t)
        }
    }

    /// Ranks `values`, which must be free of NaN.
    ///
    /// - Complexity: O(n log n).
    init(_ values: [Double]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieSizes: [Int] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = rank }
            if end - start > 1 { tieSizes.append(end - start) }
            start = end
        }
        self.ranks = ranks
        self.tieSizes = tieSizes
    }
}
