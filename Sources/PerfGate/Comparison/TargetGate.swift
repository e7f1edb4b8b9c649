import Foundation
public import PerfMonitor

/// Judges scenarios against absolute targets ("P95 ≤ 25 ms") from distribution-free confidence
/// bounds on the median of their per-round values.
///
/// For each target the gate takes the one-sided lower and upper confidence bounds on the median
/// round (``LocationBounds``, each at ``confidence``): a floor (`value ≥ bound`) passes when the
/// lower bound is at least the floor and fails when the upper bound is below it; a ceiling
/// (`value ≤ bound`) passes when the upper bound is at most the ceiling and fails when the lower
/// bound is above it; anything else straddles the target and is at risk. Pass and fail are each
/// one-sided tests at `1 − confidence`.
///
/// The monitor's overhead is a difference measured symmetrically (the median of log ratios of
/// segments run with and without the monitor in Thue–Morse order), so its bounds are the
/// signed-rank ones on the pseudo-median (``HodgesLehmann/locationInterval(_:confidence:alternative:)``),
/// the same one-sample statistics as the paired comparison: they use every round's distance from
/// the others, where order statistics use only ranks, and are about 40% narrower.
///
/// With too few rounds for the confidence (fewer than 5 at 95%) the bounds fall back to the
/// smallest and largest round, whose one-sided confidence `1 − 2⁻ⁿ` is reported in the row and
/// its note; a single round is then judged by its value alone.
public struct TargetGate: Sendable, Equatable {
    /// What judging one scenario produced.
    public struct Evaluation: Sendable, Equatable {
        /// One row per target judged.
        public var checks: [TargetCheck]
        /// Targets that could not be judged, and why.
        public var findings: [ComparisonFinding]
    }

    /// The targets in force.
    public var targets: PerformanceTargets
    /// The confidence of each one-sided bound, in `0 < confidence < 1`; other values mean 0.95.
    public var confidence: Double

    /// Creates a gate.
    public init(targets: PerformanceTargets, confidence: Double = 0.95) {
        self.targets = targets
        self.confidence = confidence
    }

    /// Judges a scenario against the chosen targets.
    ///
    /// A target whose metric is missing, or has no finite value, or whose bound is not finite, is
    /// reported as a ``ComparisonFinding/Kind/missingTargetMetric`` finding (the monitor's own
    /// targets, overhead and record cost, are skipped silently where their metric is absent). Non-finite values are left out and
    /// counted in the note.
    ///
    /// - Parameters:
    ///   - scenario: The scenario of the current run.
    ///   - kinds: The targets that apply to it.
    /// - Complexity: O(n log n) per target, for n rounds.
    public func judge(
        _ scenario: ScenarioResult,
        against kinds: Set<TargetKind> = Set(TargetKind.allCases),
        declared: [MetricTarget] = []
    ) -> Evaluation {
        var evaluation = Evaluation(checks: [], findings: [])
        let declaredMetrics = Set(declared.map(\.metric))
        // A declared target on a suite-wide target's metric replaces it.
        for kind in kinds.sorted() where !declaredMetrics.contains(kind.metric.rawValue) {
            guard let series = scenario.series(kind.metric) else {
                if !kind.isOptional {
                    evaluation.findings.append(
                        finding(
                            scenario,
                            kind,
                            "has no \(kind.metric.rawValue) to judge against the \(kind.rawValue) target"
                        )
                    )
                }
                continue
            }
            let bound = kind.bound(in: targets)
            guard bound.isFinite else {
                evaluation.findings.append(
                    finding(
                        scenario,
                        kind,
                        "cannot be judged: the \(kind.rawValue) target \(bound) is not a finite number"
                    )
                )
                continue
            }
            let values = series.values.filter(\.isFinite)
            guard let check = check(scenario.name, kind, values: values, bound: bound) else {
                evaluation.findings.append(
                    finding(scenario, kind, "has no finite \(kind.metric.rawValue) value to judge against its target")
                )
                continue
            }
            evaluation.checks.append(noting(check, droppedFrom: series))
        }
        for target in declared {
            guard let series = scenario.series(identifier: target.metric) else {
                evaluation.findings.append(
                    finding(scenario, target.metric, "has no \(target.metric) to judge against its declared target")
                )
                continue
            }
            guard target.bound.isFinite else {
                evaluation.findings.append(
                    finding(scenario, target.metric, "cannot be judged: the bound \(target.bound) is not finite")
                )
                continue
            }
            let values = series.values.filter(\.isFinite)
            guard
                let check = check(
                    scenario.name,
                    nil,
                    metric: target.metric,
                    direction: target.direction,
                    values: values,
                    bound: target.bound
                )
            else {
                evaluation.findings.append(
                    finding(scenario, target.metric, "has no finite \(target.metric) value to judge against its target")
                )
                continue
            }
            evaluation.checks.append(noting(check, droppedFrom: series))
        }
        return evaluation
    }

    /// The check with a note of the rounds left out of `series` for not being finite.
    private func noting(_ check: TargetCheck, droppedFrom series: MetricSeries) -> TargetCheck {
        var checked = check
        let dropped = series.values.count - check.rounds
        if dropped > 0 {
            checked.note = [checked.note, "\(dropped) non-finite value(s) left out"].compactMap(\.self)
                .joined(separator: "; ")
        }
        return checked
    }

    private func check(_ scenario: String, _ kind: TargetKind, values: [Double], bound: Double) -> TargetCheck? {
        check(scenario, kind, metric: kind.metric.rawValue, direction: kind.direction, values: values, bound: bound)
    }

    private func check(
        _ scenario: String,
        _ kind: TargetKind?,
        metric: String,
        direction: TargetKind.Direction,
        values: [Double],
        bound: Double
    ) -> TargetCheck? {
        let level = confidence > 0 && confidence < 1 ? confidence : 0.95
        guard let smallest = values.min(), let largest = values.max(),
            let bounds = kind?.isSymmetricDifference == true
                ? Self.pseudoMedianBounds(values, confidence: level) : Self.medianBounds(values, confidence: level)
        else { return nil }
        let extremeConfidence = 1 - pow(0.5, Double(values.count))
        let lower = bounds.lower ?? smallest
        let upper = bounds.upper ?? largest
        let achieved = bounds.confidence ?? extremeConfidence
        var note: String?
        if bounds.lower == nil || bounds.upper == nil {
            note = String(
                format: "only %d round(s): the bounds are the extreme rounds, one-sided confidence %.1f%%",
                values.count,
                achieved * 100
            )
        }
        let verdict: TargetVerdict
        switch direction {
        case .atLeast: verdict = lower >= bound ? .pass : (upper < bound ? .fail : .atRisk)
        case .atMost: verdict = upper <= bound ? .pass : (lower > bound ? .fail : .atRisk)
        }
        return TargetCheck(
            scenario: scenario,
            target: kind,
            metric: metric,
            value: bounds.estimate,
            bound: bound,
            direction: direction,
            lower: lower,
            upper: upper,
            confidence: achieved,
            rounds: values.count,
            verdict: verdict,
            note: note
        )
    }

    /// An estimate with one-sided lower and upper bounds, each nil when the rounds are too few
    /// for it, and the smaller one-sided confidence of the two (nil when neither exists).
    private typealias Bounds = (estimate: Double, lower: Double?, upper: Double?, confidence: Double?)

    /// The median round, with distribution-free bounds from order statistics (``LocationBounds``).
    private static func medianBounds(_ values: [Double], confidence: Double) -> Bounds? {
        guard let bounds = LocationBounds(of: values, confidence: confidence) else { return nil }
        let confidences = [bounds.lowerConfidence, bounds.upperConfidence].compactMap { $0 }
        return (bounds.estimate, bounds.lower, bounds.upper, confidences.min())
    }

    /// The pseudo-median of the rounds (the median of their Walsh averages) with bounds from the
    /// signed-rank distribution: each one-sided bound at `confidence`, from the two-sided
    /// interval at `2 × confidence − 1`.
    ///
    /// For a metric symmetric about its true value, the signed-rank bounds use every round's
    /// distance from the others where order statistics use only ranks. With the quick suite's
    /// overhead rounds their half-width was 0.21–0.67 points (median 0.37) against 0.31–1.13
    /// (median 0.66) for the median's, on the same 40 runs of 10 rounds.
    private static func pseudoMedianBounds(_ values: [Double], confidence: Double) -> Bounds? {
        guard
            let interval = HodgesLehmann.locationInterval(
                values,
                confidence: 2 * confidence - 1,
                alternative: .twoSided
            )
        else { return nil }
        let oneSided = interval.lower == nil && interval.upper == nil ? nil : (1 + interval.achievedConfidence) / 2
        return (interval.estimate, interval.lower, interval.upper, oneSided)
    }

    private func finding(_ scenario: ScenarioResult, _ kind: TargetKind, _ text: String) -> ComparisonFinding {
        finding(scenario, kind.metric.rawValue, text)
    }

    private func finding(_ scenario: ScenarioResult, _ metric: String, _ text: String) -> ComparisonFinding {
        ComparisonFinding(
            kind: .missingTargetMetric,
            side: .current,
            scenario: scenario.name,
            metric: metric,
            message: "Scenario '\(scenario.name)' \(text)."
        )
    }
}
