/// Finds the points where the mean of a series moves: E-Divisive means (Matteson and James, 2014)
/// with a permutation significance test, as Apache Otava and MongoDB's
/// `signal-processing-algorithms` use it for performance histories.
///
/// ## Algorithm
/// Binary segmentation: the best split of a segment is the one with the largest E-Divisive
/// statistic `Q(τ)` (see ``EDivisiveScan``); it is kept when the permutation test (see
/// ``EDivisivePermutationTest``) gives `p ≤ significance`, and then both halves are searched the
/// same way. Each segment shuffles with its own stream of the configuration's seed, so the answer
/// depends only on the series and the configuration.
///
/// ## Cost
/// Every `Q(τ)` of a segment comes from running sums over a Fenwick tree of ranks rather than a
/// matrix of pairwise distances: one scan is O(N log N) time and O(N) memory, a permutation test
/// O(P · N log N), stopped early when the split cannot become significant.
///
/// ## Non-finite values
/// NaN and ±∞ are skipped: the search runs on the finite values in order, and every index it
/// reports (``ChangePoint/index``) is an index of the input, the position of the first finite
/// value of the new segment. Means exclude the skipped values.
package struct ChangePointDetector: Sendable {
    /// The detector's settings.
    package var configuration: ChangePointConfiguration

    /// How many values nearest the change on each side the interval of a change point uses.
    package static let intervalWindow = 250

    /// Creates a detector.
    package init(configuration: ChangePointConfiguration = .default) {
        self.configuration = configuration
    }

    /// The fewest finite values in which the default configuration can find a change point: two
    /// segments of ``ChangePointConfiguration/minimumSegment`` values. Shorter series always give
    /// no change points; a caller should say the series is too short and name this number.
    package static var minimumSeriesLength: Int { ChangePointDetector().minimumSeriesLength }

    /// The fewest finite values in which this detector's configuration can find a change point.
    package var minimumSeriesLength: Int { 2 * max(configuration.minimumSegment, 2) }

    /// The change points of a series, sorted by index.
    ///
    /// - Parameter series: The values in order, oldest first; non-finite values are skipped (see
    ///   the type's documentation).
    /// - Returns: The change points, sorted by ``ChangePoint/index``; empty for a series with
    ///   fewer than ``minimumSeriesLength`` finite values or an invalid configuration
    ///   (`significance` outside `0 < significance < 1`).
    /// - Complexity: O(P · N log N · D) for `N` finite values, `P` permutations and `D` levels of
    ///   splitting; O(N) memory.
    package func changePoints(in series: [Double]) -> [ChangePoint] {
        var positions: [Int] = []
        var values: [Double] = []
        positions.reserveCapacity(series.count)
        values.reserveCapacity(series.count)
        for (position, value) in series.enumerated() where value.isFinite {
            positions.append(position)
            values.append(value)
        }
        guard values.count >= minimumSeriesLength,
            configuration.significance > 0, configuration.significance < 1
        else { return [] }
        let splits = significantSplits(of: values)
        return describe(splits, of: values, positions: positions)
    }

    /// The indices (into `values`) and p-values of every significant split, by binary segmentation.
    private func significantSplits(of values: [Double]) -> [(index: Int, pValue: Double)] {
        var test = EDivisivePermutationTest()
        var pending: [Range<Int>] = [0..<values.count]
        var splits: [(index: Int, pValue: Double)] = []
        while let segment = pending.popLast() {
            guard segment.count >= minimumSeriesLength else { continue }
            let stream = UInt64(segment.lowerBound) << 32 | UInt64(segment.upperBound)
            guard
                let split = test.significantSplit(
                    of: values[segment],
                    configuration: configuration,
                    stream: stream
                )
            else { continue }
            let index = segment.lowerBound + split.index
            splits.append((index, split.pValue))
            pending.append(segment.lowerBound..<index)
            pending.append(index..<segment.upperBound)
        }
        splits.sort { $0.index < $1.index }
        return splits
    }
}
