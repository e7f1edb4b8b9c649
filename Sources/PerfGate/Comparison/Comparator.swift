import Foundation

/// Compares a run with its baseline, metric by metric, and judges it against absolute targets;
/// tells a real regression from noise.
///
/// ## Scale
/// Each round value `v` becomes `log(v + ε)`, with `ε` a small fixed offset per unit (see
/// ``MetricComparison`` and `MetricID.logOffset(forUnit:)`: 1 req/s, 0.01 ms, 0.001 of a ratio,
/// 1 event, 0.1 MB, 0.1 percentage point, 0.1 ns) so that metrics that can be 0 (error rate,
/// backpressure events) share the log-ratio scale. NaN and infinite values are left out and
/// negative ones clamped to 0, each reported as a finding. With calibration on (the default) and
/// both environments' scores positive, current durations (latencies, `record_ns_per_op`) are
/// multiplied and closed-loop throughput divided by `f = current score / baseline score` first.
///
/// ## Estimate and test, per metric
/// `Δ̂` is the Hodges–Lehmann shift of the current logs against the baseline logs and `p` the
/// two-sided Mann–Whitney p-value (exact without ties up to 50 rounds a side; normal with tie
/// correction otherwise). A metric with fewer than `minimumRounds` valid values on a side is not
/// tested: it is `inconclusive`.
///
/// ## Multiplicity
/// A run answers one question, "did anything regress?", so its family is the whole run: the
/// tested gated metrics of all its scenarios form one family and the tested report-only metrics
/// another; a family per scenario would let each scenario spend the whole `α`, and a suite of
/// five scenarios end in a false regression five times as often. Holm's step-down gives each its
/// adjusted p-value `p̃` and its step level `αᵣ = α / (k − r + 1)` (the `r`-th smallest p of
/// `k`). The interval is the Hodges–Lehmann interval at confidence `1 − αᵣ`, the one consistent
/// with the step: it excludes 0 exactly when `p ≤ αᵣ` (for the exact method). A metric is
/// *significant* when `p̃ ≤ α`.
///
/// ## Verdict
/// With `s = +1` when lower is better and `−1` when higher is better, the oriented estimate is
/// `e = s·Δ̂` and the oriented interval `[L, U]` (positive = worse); with the practical threshold
/// `τ` (the metric's default, or the override) and `t = log(1 + τ)`:
/// - `regressed` when significant, `L > 0` and `e > t` (worse by more than `τ`);
/// - `improved` when significant, `U < 0` and `e < −t` (the mirror: better by the factor
///   `1 + τ`, a change of `−τ/(1 + τ)`);
/// - `unchanged` when `−t ≤ L` and `U ≤ t` (the whole interval inside the equivalence band);
/// - `inconclusive` otherwise (too few rounds, too noisy, or near the threshold), and whenever
///   the baseline scenario is flagged invalid.
///
/// Reported changes are `exp(e) − 1`, `exp(L) − 1`, `exp(U) − 1`. Only gated metrics decide
/// ``ComparisonOutcome/hasRegression``; report-only metrics get the same verdicts for reading.
///
/// Every row also states the smallest change it could have detected,
/// ``MetricComparison/detectableChange``: `exp(max(t, (U − L)/2)) − 1`.
///
/// ## Paired comparisons
/// With ``ComparisonOptions/Pairing/paired`` (``comparePaired(_:against:options:mode:)``, two
/// builds measured round by round on one machine) the test is Wilcoxon's signed-rank on the
/// per-round differences `xᵢ − yᵢ`, the estimate and interval the Hodges–Lehmann location of
/// their Walsh averages, and there is no calibration; the rest is as above.
///
/// ## Targets
/// Every scenario of the current run is judged by ``TargetGate`` against the targets that apply
/// to it (``ComparisonOptions/targetKinds(for:)``), from the raw (not normalized) values.
public struct Comparator: Sendable {
    /// Creates a comparator.
    public init() {}

    /// Compares `current` with `baseline`.
    ///
    /// Never throws and never traps: anything unusable in the inputs becomes a finding.
    ///
    /// - Parameters:
    ///   - current: The run being judged.
    ///   - baseline: The run it is compared against.
    ///   - options: Significance, thresholds, gates, calibration and targets.
    /// - Complexity: O(s·k·(n·m log(n·m))) for `s` scenarios of `k` metrics with `n` and `m`
    ///   rounds, plus one exact distribution per distinct `(n, m)` up to 50 rounds, O(n²·m²).
    public func compare(
        _ current: RunResult,
        against baseline: RunResult,
        options: ComparisonOptions = .default
    ) -> ComparisonReport {
        var findings: [ComparisonFinding] = []
        var warnings = current.environment.differences(fromBaseline: baseline.environment)
        if current.suite != baseline.suite {
            warnings.insert("The suites differ: baseline '\(baseline.suite)', current '\(current.suite)'.", at: 0)
        }
        let calibration = CalibrationAdjustment(
            baseline: baseline.environment,
            current: current.environment,
            enabled: options.normalizesByCalibration
        )
        if let warning = calibrationWarning(calibration) { warnings.append(warning) }

        let currentScenarios = uniqueScenarios(current.scenarios, side: .current, findings: &findings)
        let baselineScenarios = uniqueScenarios(baseline.scenarios, side: .baseline, findings: &findings)
        let baselineByName = Dictionary(
            baselineScenarios.map { ($0.name, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let currentNames = Set(currentScenarios.map(\.name))

        var compared: [(scenario: ScenarioComparison, metrics: [ScenarioComparison.PreparedMetric])] = []
        for scenario in currentScenarios {
            if !scenario.valid { findings.append(invalidFinding(scenario, side: .current)) }
            guard let base = baselineByName[scenario.name] else {
                findings.append(
                    ComparisonFinding(
                        kind: .missingScenario,
                        side: .baseline,
                        scenario: scenario.name,
                        metric: nil,
                        message: "Scenario '\(scenario.name)' is not in the baseline; it is not compared."
                    )
                )
                continue
            }
            if !base.valid { findings.append(invalidFinding(base, side: .baseline)) }
            warnings += settingWarnings(current: scenario, baseline: base)
            var scenarioComparison = ScenarioComparison(
                current: scenario,
                baseline: base,
                calibration: calibration,
                options: options
            )
            let metrics = scenarioComparison.preparedMetrics()
            compared.append((scenarioComparison, metrics))
        }
        let (levels, adjusted) = Self.holmAcrossRun(compared.map(\.metrics), alpha: options.effectiveAlpha)
        var comparisons: [MetricComparison] = []
        var remeasure: [MetricKey] = []
        var cache = RankDistributionCache()
        for (s, entry) in compared.enumerated() {
            var scenarioComparison = entry.scenario
            for (m, metric) in entry.metrics.enumerated() {
                comparisons.append(
                    scenarioComparison.row(metric, level: levels[s][m], adjustedPValue: adjusted[s][m], cache: &cache)
                )
            }
            remeasure += scenarioComparison.remeasure
            findings += scenarioComparison.findings
        }
        for base in baselineScenarios where !currentNames.contains(base.name) {
            findings.append(
                ComparisonFinding(
                    kind: .missingScenario,
                    side: .current,
                    scenario: base.name,
                    metric: nil,
                    message: "Scenario '\(base.name)' of the baseline is missing from the current run."
                )
            )
        }

        let gate = TargetGate(targets: options.targets ?? current.targets, confidence: options.targetConfidence)
        var targetChecks: [TargetCheck] = []
        for scenario in currentScenarios {
            let kinds = options.targetKinds(for: scenario)
            let declared = options.declaredTargets(for: scenario)
            guard !kinds.isEmpty || !declared.isEmpty else { continue }
            let evaluation = gate.judge(scenario, against: kinds, declared: declared)
            targetChecks += evaluation.checks
            findings += evaluation.findings
        }

        let outcome = ComparisonOutcome(
            hasRegression: comparisons.contains { $0.isGated && $0.verdict == .regressed },
            hasTargetFailure: targetChecks.contains { $0.verdict == .fail },
            hasInvalidRun: currentScenarios.contains { !$0.valid },
            inconclusive: remeasure,
            hasNoEvidence: comparisons.isEmpty && targetChecks.isEmpty
        )
        return ComparisonReport(
            suite: current.suite,
            alpha: options.effectiveAlpha,
            comparisons: comparisons,
            targetChecks: targetChecks,
            warnings: warnings,
            findings: findings,
            calibration: calibration,
            outcome: outcome
        )
    }

    /// Holm's step levels and adjusted p-values for the tested metrics of every scenario of a
    /// run: the gated metrics form one family and the report-only metrics another. Untested
    /// metrics keep level `alpha` and adjusted p-value 1. Indexed as `metrics`.
    ///
    /// - Complexity: O(k log k) for `k` metrics in all.
    static func holmAcrossRun(
        _ metrics: [[ScenarioComparison.PreparedMetric]],
        alpha: Double
    ) -> (levels: [[Double]], adjusted: [[Double]]) {
        var levels = metrics.map { [Double](repeating: alpha, count: $0.count) }
        var adjusted = metrics.map { [Double](repeating: 1, count: $0.count) }
        for gated in [true, false] {
            var family: [(scenario: Int, metric: Int, p: Double)] = []
            for (s, scenario) in metrics.enumerated() {
                for (m, metric) in scenario.enumerated() where metric.isGated == gated {
                    if let test = metric.test { family.append((s, m, test.pValue)) }
                }
            }
            let pValues = family.map(\.p)
            let familyLevels = HolmBonferroni.stepLevels(pValues, alpha: alpha)
            let familyAdjusted = HolmBonferroni.adjustedPValues(pValues)
            for (position, member) in family.enumerated() {
                levels[member.scenario][member.metric] = familyLevels[position]
                adjusted[member.scenario][member.metric] = familyAdjusted[position]
            }
        }
        return (levels, adjusted)
    }

    private func uniqueScenarios(
        _ scenarios: [ScenarioResult],
        side: ComparisonFinding.Side,
        findings: inout [ComparisonFinding]
    ) -> [ScenarioResult] {
        var seen = Set<String>()
        var unique: [ScenarioResult] = []
        for scenario in scenarios {
            if seen.insert(scenario.name).inserted {
                unique.append(scenario)
            } else {
                findings.append(
                    ComparisonFinding(
                        kind: .duplicateScenario,
                        side: side,
                        scenario: scenario.name,
                        metric: nil,
                        message: "Scenario '\(scenario.name)' occurs more than once in the \(side.rawValue) result; "
                            + "only the first is used."
                    )
                )
            }
        }
        return unique
    }

    private func invalidFinding(_ scenario: ScenarioResult, side: ComparisonFinding.Side) -> ComparisonFinding {
        let reasons =
            scenario.invalidReasons.isEmpty ? "no reason recorded" : scenario.invalidReasons.joined(separator: " ")
        let consequence =
            side == .current
            ? "the run is invalid."
            : "its metrics are compared but stay inconclusive."
        return ComparisonFinding(
            kind: .invalidScenario,
            side: side,
            scenario: scenario.name,
            metric: nil,
            message: "Scenario '\(scenario.name)' of the \(side.rawValue) result is flagged invalid (\(reasons)); "
                + consequence
        )
    }

    private func settingWarnings(current: ScenarioResult, baseline: ScenarioResult) -> [String] {
        var warnings: [String] = []
        if current.preset != baseline.preset {
            warnings.append(
                "Scenario '\(current.name)' ran preset '\(current.preset)' where the baseline ran '\(baseline.preset)'."
            )
        }
        var currentWorkload = current.workload
        currentWorkload.seed = baseline.workload.seed
        // A workload's loop follows from its name; results before 2026-12 labeled `saturation`
        // "open", so the same name with another loop is the same workload, labeled better.
        if currentWorkload.name == baseline.workload.name { currentWorkload.loop = baseline.workload.loop }
        if currentWorkload != baseline.workload {
            warnings.append(
                "Scenario '\(current.name)' ran a different workload from the baseline "
                    + "(\(describe(current.workload)) against \(describe(baseline.workload)))."
            )
        }
        return warnings
    }

    private func describe(_ workload: WorkloadDescription) -> String {
        var parts = ["\(workload.name)", "\(workload.loop) loop", "\(workload.durationSeconds) s"]
        if let rate = workload.rate { parts.append("\(rate) req/s") }
        if let connections = workload.connections { parts.append("\(connections) connections") }
        return parts.joined(separator: ", ")
    }

    private func calibrationWarning(_ calibration: CalibrationAdjustment) -> String? {
        guard calibration.baselineScore > 0, calibration.currentScore > 0 else { return nil }
        let ratio = calibration.currentScore / calibration.baselineScore
        guard abs(ratio - 1) > 0.10 else { return nil }
        let percent = String(format: "%+.1f%%", (ratio - 1) * 100)
        let action =
            calibration.isApplied
            ? "throughput and latency were normalized by it"
            : "values were not normalized"
        return "The calibration scores differ by \(percent) (baseline \(calibration.baselineScore), "
            + "current \(calibration.currentScore)); \(action)."
    }
}
