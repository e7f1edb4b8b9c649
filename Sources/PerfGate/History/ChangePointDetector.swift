/// Finds the points where the mean of a series moves: E-Divisive means (Matteson and James, 2014)
/// with a permutation significance test, as Apache Otava and MongoDB's
/// `signal-processing-algorithms` use it for performance histories.
///
/// ## Algorithm
/// Two stages, as Otava splits then merges:
/// 1. Binary segmentation over the whole series: the best split of a segment is the one with the
///    largest E-Divisive statistic `Q(τ)` (see ``EDivisiveScan``); it is kept when the permutation
///    test (see ``EDivisivePermutationTest``) gives `p ≤ significance`, and then both halves are
///    searched the same way.
/// 2. A local test of each split found: the same permutation test on at most
///    ``ChangePointConfiguration/localWindow`` values on each side of it, bounded by its
///    neighbours. While some split fails, the failing one with the smallest relative change is
///    dropped and its neighbours are tested again on the wider segments that leaves. A long
///    segment makes even a slow drift significant in stage 1; stage 2 keeps the changes that are
///    visible near where they happen, which is what a step is. (It is not corrected for stage 1
///    having put each split where the data moved most, so a drift that is strong against the
///    noise can still leave a change point here and there.) The p-value reported is the larger of
///    the two stages'.
///
/// Each segment and window shuffles with its own stream of the configuration's seed, so the
/// answer depends only on the series and the configuration, never on the order of the work.
///
/// ## Cost
/// Every `Q(τ)` of a segment comes from running sums over a Fenwick tree of ranks rather than a
/// matrix of pairwise distances (an incremental formulation of the exact statistic, not a
/// windowed approximation of it): one scan is O(N log N) time and O(N) memory, a permutation test
/// O(P · N log N), stopped early once the split cannot become significant. Stage 2 costs
/// O(P · W log W) per split for a window of `W`. Measured: about 0.4 s of CPU and 22 MB of peak
/// RSS for 10,000 points with 20 steps (`Benchmarks/changepoints/run.sh`).
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
    ///   splitting, plus O(P · W log W) per split for the local test; O(N) memory.
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
        var splits = significantSplits(of: values)
        if configuration.localWindow > 0 { splits = locallySignificant(splits, of: values) }
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

    /// The splits that stay significant when each is tested on at most
    /// ``ChangePointConfiguration/localWindow`` values on each side, bounded by its neighbours; the
    /// failing one with the smallest relative change is dropped first and its neighbours are
    /// tested again on the wider segments that leaves.
    private func locallySignificant(
        _ splits: [(index: Int, pValue: Double)],
        of values: [Double]
    ) -> [(index: Int, pValue: Double)] {
        var test = EDivisivePermutationTest()
        var kept = splits
        var results: [Range<Int>: Double?] = [:]
        // A window narrower than a segment could not be split at all.
        let window = max(configuration.localWindow, configuration.minimumSegment)
        while true {
            var weakest: (position: Int, change: Double)?
            var tested = kept
            for position in kept.indices {
                let index = kept[position].index
                let lower = max(position == 0 ? 0 : kept[position - 1].index, index - window)
                let upper = min(position == kept.count - 1 ? values.count : kept[position + 1].index, index + window)
                let range = lower..<upper
                if results[range] == nil {
                    // The top bit keeps these streams apart from stage 1's.
                    let stream = UInt64(lower) << 32 | UInt64(upper) | 1 << 63
                    let split = test.significantSplit(of: values[range], configuration: configuration, stream: stream)
                    results[range] = .some(split?.pValue)
                }
                if let pValue = results[range] ?? nil {
                    tested[position].pValue = max(kept[position].pValue, pValue)
                    continue
                }
                let before = Self.mean(of: values[lower..<index])
                let after = Self.mean(of: values[index..<upper])
                let change = abs(Self.relative(after - before, to: before))
                if weakest.map({ change < $0.change }) ?? true { weakest = (position, change) }
            }
            guard let weakest else { return tested }
            kept.remove(at: weakest.position)
        }
    }
}
