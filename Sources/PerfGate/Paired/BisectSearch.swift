import Foundation

/// The binary search of `perfgate bisect`, apart from builds and rounds: it asks an injected
/// comparison for commits of the range and keeps the invariant that the last commit known not
/// to have moved comes before the first known to have moved.
///
/// Every step compares a commit with the *good* commit (not with its neighbours):
/// - The first step compares the bad commit with the good one. A `regressed` or `improved`
///   verdict sets the direction searched for; `unchanged` or `inconclusive` ends the search with
///   nothing found (there is nothing to bisect, or the runs cannot tell).
/// - Each later step compares the midpoint of the open range with the good commit. It has moved
///   when its verdict is the direction's (beyond the threshold, with its interval off zero). An
///   `unchanged` verdict, or a change the other way, is not moved.
/// - A verdict still `inconclusive` after the extra pairs is decided by its estimate: moved when
///   it lies more than half of the whole change (bad against good) from no change, on the log
///   scale. A step change puts each commit near either 0 or the whole change, so the midpoint is
///   the boundary that errs least, and the report says which way each such step went.
///
/// Comparing with the good commit, rather than commit against commit, measures every step
/// against the same reference build, so each step sees the whole change or none of it instead
/// of a difference between two noisy neighbours; and the good build is built once.
///
/// - Complexity: ⌈log₂ n⌉ + 1 comparisons for a range of `n` commits.
package struct BisectSearch: Sendable {
    /// The commits after the good one, oldest first; the last is the bad commit.
    package var commits: [BisectCommit]

    /// How a search ended.
    package enum Conclusion: Sendable, Equatable {
        /// The first commit that moved, by its position (1-based) in ``commits``.
        case found(position: Int)
        /// The bad commit did not move against the good one (or the runs could not tell): there is
        /// nothing to bisect.
        case nothingMoved
    }

    /// What a search found and every step it took.
    package struct Outcome: Sendable, Equatable {
        /// How it ended.
        package var conclusion: Conclusion
        /// Every comparison, in the order made; the first is the bad commit's.
        package var steps: [BisectStep]
    }

    /// Creates a search over a range's commits, oldest first.
    package init(commits: [BisectCommit]) {
        self.commits = commits
    }

    /// Runs the search.
    ///
    /// - Parameter measure: Compares the commit at a position (1-based) of ``commits`` with the
    ///   good commit; it runs its own extra pairs for an inconclusive verdict.
    /// - Returns: The first commit that moved, or that nothing did, with every step.
    package func run(
        measure: (Int) async throws(PerfGateError) -> BisectMeasurement
    ) async throws(PerfGateError) -> Outcome {
        guard !commits.isEmpty else { return Outcome(conclusion: .nothingMoved, steps: []) }
        let count = commits.count
        let whole = try await measure(count)
        let direction: MetricVerdict
        switch whole.verdict {
        case .regressed, .improved:
            direction = whole.verdict
        case .unchanged, .inconclusive:
            let reason =
                whole.verdict == .unchanged
                ? "unchanged: the bad commit's interval lies inside the threshold band, so nothing moved"
                : "inconclusive after \(whole.pairs) pairs: the runs cannot tell whether anything moved"
            let step = BisectStep(
                position: count,
                commit: commits[count - 1],
                measurement: whole,
                hasMoved: false,
                reason: reason
            )
            return Outcome(conclusion: .nothingMoved, steps: [step])
        }
        var steps = [
            BisectStep(
                position: count,
                commit: commits[count - 1],
                measurement: whole,
                hasMoved: true,
                reason: "\(direction.rawValue) against the good commit: the direction searched for"
            )
        ]
        // Invariant: position `low` has not moved (0 is the good commit), `high` has.
        var low = 0
        var high = count
        while high - low > 1 {
            let middle = low + (high - low) / 2
            let measurement = try await measure(middle)
            let (hasMoved, reason) = Self.decide(measurement, direction: direction, whole: whole)
            steps.append(
                BisectStep(
                    position: middle,
                    commit: commits[middle - 1],
                    measurement: measurement,
                    hasMoved: hasMoved,
                    reason: reason
                )
            )
            if hasMoved { high = middle } else { low = middle }
        }
        return Outcome(conclusion: .found(position: high), steps: steps)
    }

    /// Whether a commit's comparison with the good one counts as moved, and why.
    ///
    /// - Parameters:
    ///   - measurement: The commit against the good one.
    ///   - direction: `regressed` or `improved`: the bad commit's verdict.
    ///   - whole: The bad commit against the good one.
    package static func decide(
        _ measurement: BisectMeasurement,
        direction: MetricVerdict,
        whole: BisectMeasurement
    ) -> (hasMoved: Bool, reason: String) {
        let verdict = measurement.verdict
        switch verdict {
        case direction:
            return (true, "\(verdict.rawValue) beyond the threshold, as the bad commit did")
        case .unchanged:
            return (false, "unchanged: its interval lies inside the threshold band")
        case .regressed, .improved:
            return (false, "\(verdict.rawValue), the other way from the bad commit: not the change searched for")
        case .inconclusive:
            break
        }
        let pairs = "inconclusive after \(measurement.pairs) pairs"
        guard let change = measurement.comparison.relativeChange, change.isFinite, change > -1,
            let total = whole.comparison.relativeChange, total.isFinite, total > -1, total != 0
        else {
            return (false, "\(pairs) with no estimate; taken as not moved")
        }
        let share = log1p(change) / log1p(total)
        let estimate = DisplayedChange(measurement.comparison)?.estimateText ?? ReportValueFormatter.missing
        let all = DisplayedChange(whole.comparison)?.estimateText ?? ReportValueFormatter.missing
        if share > 0.5 {
            return (
                true,
                "\(pairs); taken as moved: its estimate (\(estimate)) is nearer the whole change "
                    + "(\(all)) than no change"
            )
        }
        return (
            false,
            "\(pairs); taken as not moved: its estimate (\(estimate)) is nearer no change than the "
                + "whole change (\(all))"
        )
    }
}
