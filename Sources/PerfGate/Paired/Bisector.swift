import Foundation
import PerfSupport
import Workloads

/// `perfgate bisect`: finds the first commit of a range that moved one metric of one scenario, by
/// ``BisectSearch`` over paired comparisons (``PairedGate``) of release builds (``ArmBuilder``).
///
/// The good commit is built once and is the base arm of every step; each commit the search asks
/// for is built once (a build cached by an earlier run or step is reused) and is the head arm.
/// A step runs the suite narrowed to the one scenario, where only the one metric gates, so only
/// that metric asks for extra pairs (the suite's `maxExtraRounds`, two at a time, while it is
/// inconclusive). With no suite `start` command, every commit builds in one shared worktree
/// (``ArmBuilder/sharesOneWorktree``), so that the commits after the first build incrementally.
package struct Bisector: Sendable {
    /// The commits to search.
    package var range: BisectRange
    /// The suite, narrowed to the scenario (``narrowed(_:scenario:metric:)``).
    package var suite: Suite
    /// The scenario searched.
    package var scenario: String
    /// The metric searched.
    package var metric: String
    /// Builds the arms.
    package var builder: ArmBuilder
    /// The repository's root: rounds go to `.perfgate/ab/rounds` there.
    package var root: String
    /// Reports each step in one line.
    package var progress: (@Sendable (String) -> Void)?
    /// Reports the pairs of a step: the fraction of the step done and a short label.
    package var pairProgress: (@Sendable (Double, String) -> Void)?

    /// Creates a bisector.
    package init(
        range: BisectRange,
        suite: Suite,
        scenario: String,
        metric: String,
        builder: ArmBuilder,
        root: String,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.range = range
        self.suite = suite
        self.scenario = scenario
        self.metric = metric
        self.builder = builder
        self.root = root
        self.progress = progress
    }

    /// Runs the search: builds, pairs and all.
    ///
    /// - Throws: `abBuildFailed` naming the log, `abNothingMeasured` when a step's pairs were all
    ///   void, `bisectTarget` when the arms did not record the metric.
    package func run() async throws(PerfGateError) -> BisectReport {
        let started = ContinuousClock.now
        var builder = self.builder
        builder.sharesOneWorktree = suite.service == nil
        progress?("the good commit \(range.good.shortID) is the base of every step")
        let good = try await builder.build("base", ref: range.good.id)
        var builds = good.wasCached ? 0 : 1
        var reused = good.wasCached ? 1 : 0
        var pairs = 0
        var warmups = 0
        let count = range.commits.count
        let search = BisectSearch(commits: range.commits)
        var number = 0
        let outcome = try await search.run { (position: Int) async throws(PerfGateError) -> BisectMeasurement in
            number += 1
            let commit = range.commits[position - 1]
            progress?("step \(number): \(commit.shortID) (\(position) of \(count)) against \(range.good.shortID)")
            let head = try await builder.build("head", ref: commit.id)
            if head.wasCached { reused += 1 } else { builds += 1 }
            let measurement = try await measure(head, against: good)
            pairs += measurement.pairs
            warmups += suite.warmupRounds
            let shown = DisplayedChange(measurement.comparison)?.text ?? ReportValueFormatter.missing
            progress?(
                "step \(number): \(commit.shortID) \(measurement.verdict.rawValue) \(shown) "
                    + "after \(measurement.pairs) pairs"
            )
            return measurement
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        var report = BisectReport(
            suite: suite.name,
            scenario: scenario,
            metric: metric,
            good: range.good,
            bad: range.commits[count - 1],
            commitCount: count,
            steps: outcome.steps,
            builds: builds,
            cachedBuilds: reused,
            pairs: pairs,
            warmupPairs: warmups,
            seconds: seconds
        )
        if case .found(let position) = outcome.conclusion {
            report.firstBadPosition = position
            report.firstBad = range.commits[position - 1]
        }
        return report
    }

    /// One step: the head arm against the good one, on the narrowed suite.
    private func measure(_ head: Arm, against good: Arm) async throws(PerfGateError) -> BisectMeasurement {
        var options = Gate.options(for: suite)
        options.gatedMetricsByScenario[scenario] = [metric]
        options.targetKindsByScenario[scenario] = []
        options.declaredTargetsByScenario[scenario] = []
        var gate = PairedGate(
            base: good,
            head: head,
            suite: suite,
            folder: root + "/.perfgate/ab/rounds",
            directory: root,
            mode: ComparisonMode(
                kind: .paired,
                base: good.description,
                head: head.description,
                reason: "bisect: each commit against the good one, round by round on this machine."
            ),
            progress: pairProgress
        )
        gate.options = options
        let outcome = try await gate.run()
        guard let row = outcome.report.comparisons.first(where: { $0.scenario == scenario && $0.metric == metric })
        else {
            let recorded = outcome.head.scenario(named: scenario).map { $0.metrics.keys.sorted() } ?? []
            let hint = Suggestion.closest(to: metric, among: recorded).map { " Did you mean '\($0)'?" } ?? ""
            throw PerfGateError(
                code: .bisectTarget,
                message: "The scenario '\(scenario)' recorded no '\(metric)' in both arms; it records "
                    + "\(recorded.joined(separator: ", ")).\(hint)"
            )
        }
        return BisectMeasurement(comparison: row, pairs: suite.rounds + outcome.extraRounds)
    }

    /// A suite narrowed to one scenario for a bisect, after checking that the scenario exists and
    /// measures the metric.
    ///
    /// - Parameters:
    ///   - suite: The suite, with its rounds and extra rounds already set.
    ///   - name: The scenario's name.
    ///   - metric: The metric's identifier.
    /// - Throws: `bisectTarget` naming the scenarios or metrics there are, with the closest one.
    package static func narrowed(_ suite: Suite, scenario name: String, metric: String) throws(PerfGateError) -> Suite {
        guard let scenario = suite.scenarios.first(where: { $0.name == name }) else {
            let names = suite.scenarios.map(\.name)
            let hint = Suggestion.closest(to: name, among: names).map { " Did you mean '\($0)'?" } ?? ""
            throw PerfGateError(
                code: .bisectTarget,
                message: "The suite '\(suite.name)' has no scenario '\(name)'; it has \(names.joined(separator: ", "))."
                    + hint
            )
        }
        let metrics = Self.metrics(of: scenario)
        guard metrics.contains(metric) else {
            let hint = Suggestion.closest(to: metric, among: metrics).map { " Did you mean '\($0)'?" } ?? ""
            throw PerfGateError(
                code: .bisectTarget,
                message: "The scenario '\(name)' does not measure '\(metric)'; it measures "
                    + "\(metrics.joined(separator: ", ")).\(hint)"
            )
        }
        var narrowed = suite
        narrowed.scenarios = [scenario]
        return narrowed
    }

    /// The metrics a scenario's rounds record, by its kind: the service's or the HTTP drive's,
    /// `schedule_lag_p99_ms` only in open loop, the monitor's cost in a monitor-overhead scenario,
    /// and each named operation's throughput, success, errors and latencies in an `http` one.
    package static func metrics(of scenario: SuiteScenario) -> [String] {
        let isOpenLoop = !((try? WorkloadSpec.named(scenario.workload))?.isClosedLoop ?? false)
        let latencies: [MetricID] = [.latencyP50Ms, .latencyP95Ms, .latencyP99Ms, .latencyMaxMs]
        var ids: [MetricID] = [.throughputRPS] + latencies + [.successRate, .errorRate]
        switch scenario.kind {
        case .workload, .monitorOverhead:
            ids += [.cacheHitRatio, .backpressureEvents, .cpuPercent, .workerUtilization, .peakRSSMB]
            if scenario.kind == .monitorOverhead { ids += [.monitorOverheadPercent, .recordNsPerOp] }
        case .http:
            ids += [.cpuPercent, .peakRSSMB]
        }
        if isOpenLoop { ids.append(.scheduleLagP99Ms) }
        var names = ids.sorted().map(\.rawValue)
        for operation in scenario.http?.operations ?? [] {
            guard let name = operation.name else { continue }
            let perOperation: [MetricID] = [.throughputRPS] + latencies + [.successRate, .errorRate]
            names += perOperation.map { $0.identifier(operation: name) }
        }
        return names
    }
}
