import Foundation
import PerfMonitor

/// The regression gate: runs a suite, compares it with its baseline and the targets, re-measures
/// inconclusive scenarios, and returns what `perfgate check` reports.
public enum Gate {
    /// What a check found.
    public struct Outcome: Sendable {
        /// The measured run (extra rounds included).
        public var result: RunResult
        /// The baseline, when there was one.
        public var baseline: RunResult?
        /// The comparison (targets only when there is no baseline).
        public var report: ComparisonReport
        /// The baseline path that was looked for.
        public var baselinePath: String
        /// Extra rounds run per re-measured scenario.
        public var extraRounds: Int
    }

    /// The path of a suite's committed baseline.
    public static func baselinePath(for suite: String) -> String { "baselines/\(suite).json" }

    /// The comparison options a suite asks for: its targets and thresholds, the absolute targets
    /// on the scenarios that opt in, the monitor-overhead target on overhead scenarios, where only
    /// `record_ns_per_op` gates.
    public static func options(for suite: Suite) -> ComparisonOptions {
        var options = ComparisonOptions(practicalThresholds: suite.thresholds, targets: suite.targets)
        options.defaultTargetKinds = []
        for scenario in suite.scenarios {
            options.declaredTargetsByScenario[scenario.name] = scenario.targets
            switch scenario.kind {
            case .workload where scenario.judgedAgainstTargets:
                options.targetKindsByScenario[scenario.name] = [.throughput, .latencyP95, .successRate, .memory]
            case .monitorOverhead:
                options.targetKindsByScenario[scenario.name] = [.monitorOverhead, .recordCost]
                // Its throughput is the offered rate and its latencies come from short, cold
                // segments: reported, but only the monitor's own cost gates (and asks for more rounds).
                options.gatedMetricsByScenario[scenario.name] = [MetricID.recordNsPerOp.rawValue]
            case .workload:
                break
            case .http:
                // The suite-wide targets describe the built-in service; a user's service is judged
                // by the targets its scenario declares.
                options.targetKindsByScenario[scenario.name] = []
            }
        }
        return options
    }

    /// A report that judges only the targets, for a run with no baseline.
    public static func targetsOnly(_ result: RunResult, options: ComparisonOptions) -> ComparisonReport {
        let gate = TargetGate(targets: options.targets ?? result.targets, confidence: options.targetConfidence)
        var checks: [TargetCheck] = []
        var findings: [ComparisonFinding] = []
        for scenario in result.scenarios {
            let kinds = options.targetKinds(for: scenario)
            let declared = options.declaredTargets(for: scenario)
            guard !kinds.isEmpty || !declared.isEmpty else { continue }
            let evaluation = gate.judge(scenario, against: kinds, declared: declared)
            checks += evaluation.checks
            findings += evaluation.findings
        }
        return ComparisonReport(
            suite: result.suite,
            alpha: options.alpha,
            comparisons: [],
            targetChecks: checks,
            warnings: [],
            findings: findings,
            calibration: CalibrationAdjustment(
                baselineScore: 0,
                currentScore: result.environment.calibrationScore,
                factor: 1,
                isApplied: false,
                reason: "no baseline"
            ),
            outcome: ComparisonOutcome(
                hasRegression: false,
                hasTargetFailure: checks.contains { $0.verdict == .fail },
                hasInvalidRun: result.scenarios.contains { !$0.valid },
                inconclusive: [],
                hasNoEvidence: checks.isEmpty
            )
        )
    }

    /// Runs the suite and judges it.
    ///
    /// The baseline is read first, so a malformed one fails before any load runs. Scenarios with
    /// an inconclusive gated metric, or a target interval wider than its precision goal
    /// (``ComparisonReport/scenariosNeedingMoreRounds``), get more rounds, two at a time, up to the suite's
    /// `maxExtraRounds`, and are compared again.
    ///
    /// - Parameters:
    ///   - suite: The suite (quickened already when `--quick`).
    ///   - baselinePath: The baseline file; a missing file gives a targets-only report.
    ///   - runner: What runs the rounds.
    public static func check(
        suite: Suite,
        baselinePath: String,
        runner: SuiteRunner
    ) async throws(PerfGateError) -> Outcome {
        let baseline: RunResult? =
            FileManager.default.fileExists(atPath: baselinePath) ? try ResultStore.load(contentsOf: baselinePath) : nil
        let options = options(for: suite)
        var result = try await runner.run(suite)
        guard let baseline else {
            return Outcome(
                result: result,
                baseline: nil,
                report: targetsOnly(result, options: options),
                baselinePath: baselinePath,
                extraRounds: 0
            )
        }
        try ResultStore.checkComparable(result, with: baseline)
        let comparator = Comparator()
        var report = comparator.compare(result, against: baseline, options: options)
        var extra = 0
        while extra < suite.maxExtraRounds {
            let names = report.scenariosNeedingMoreRounds
            guard !names.isEmpty else { break }
            let step = min(2, suite.maxExtraRounds - extra)
            result = try await runner.runMore(names, extraRounds: step, of: suite, into: result)
            extra += step
            report = comparator.compare(result, against: baseline, options: options)
        }
        return Outcome(
            result: result,
            baseline: baseline,
            report: report,
            baselinePath: baselinePath,
            extraRounds: extra
        )
    }
}
