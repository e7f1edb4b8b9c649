import Foundation
import PerfMonitor
import PerfSupport

/// The paired regression gate: two builds measured round by round on this machine in this job,
/// compared on their per-round ratios.
///
/// Every round runs each arm as its own process (``ArmRoundRunner``) with the same seed, in a
/// counterbalanced order that follows the Thue–Morse sequence (base first, then head; then head,
/// base; head, base; base, head; …: ABBA BAAB), so that neither arm always runs first and a
/// linear drift of the machine cancels within every four rounds. The first `warmupRounds` pairs
/// are discarded; they run every scenario for a quarter of its duration (``warmUpDuration(_:)``),
/// which is enough to start both builds and run each scenario's code once. A pair in which either arm crashes, times out or writes no result is void and
/// left out of both arms; the run goes on. Scenarios with an inconclusive gated metric, or a
/// target interval wider than its precision goal, get more pairs, two at a time, up to the suite's `maxExtraRounds`. The comparison is
/// ``Comparator/comparePaired(_:against:options:mode:)``; absolute targets are judged on the
/// head arm.
package struct PairedGate: Sendable {
    /// What a paired comparison found.
    package struct Outcome: Sendable {
        /// The base arm's rounds, as one result.
        package var base: RunResult
        /// The head arm's rounds, as one result, paired round by round with `base`.
        package var head: RunResult
        /// The comparison.
        package var report: ComparisonReport
        /// Extra pairs run per re-measured scenario.
        package var extraRounds: Int
        /// Why pairs were void, one sentence each.
        package var voidRounds: [String]
    }

    /// The reference arm.
    package var base: Arm
    /// The arm being judged.
    package var head: Arm
    /// The suite.
    package var suite: Suite
    /// Where round files go.
    package var folder: String
    /// The working directory of the arm processes.
    package var directory: String
    /// How the report names the mode and why.
    package var mode: ComparisonMode
    /// Reports progress: the fraction done and a short label.
    package var progress: (@Sendable (Double, String) -> Void)?
    /// The comparison options, when not the suite's own (``Gate/options(for:)``): `bisect` gates
    /// only the metric it searches on, so that only that metric asks for extra pairs.
    package var options: ComparisonOptions?

    /// Creates a gate.
    package init(
        base: Arm,
        head: Arm,
        suite: Suite,
        folder: String,
        directory: String,
        mode: ComparisonMode,
        progress: (@Sendable (Double, String) -> Void)? = nil
    ) {
        self.base = base
        self.head = head
        self.suite = suite
        self.folder = folder
        self.directory = directory
        self.mode = mode
        self.progress = progress
    }

    /// Whether the base arm runs first in round `round`: the Thue–Morse sequence
    /// (0 1 1 0 1 0 0 1 …, base first on 0).
    package static func baseRunsFirst(inRound round: Int) -> Bool { round.nonzeroBitCount % 2 == 0 }

    /// How long a warm-up pair runs a scenario of `seconds`: a quarter of it, at least 0.1 s (the
    /// shortest round a suite file may ask for), and never more than the scenario itself.
    ///
    /// A full-length warm-up pair cost the quick suite 13 s of its 3-minute goal; a warm-up only
    /// has to start both builds and run each scenario's code once.
    static func warmUpDuration(_ seconds: Double) -> Double {
        min(seconds, max(0.1, seconds / 4))
    }

    /// Runs the paired rounds and compares them.
    ///
    /// - Throws: `abNothingMeasured` when every pair was void (the arms crashed every time).
    package func run() async throws(PerfGateError) -> Outcome {
        var record = PairedRecord(suite: suite)
        let runner = ArmRoundRunner(folder: folder, directory: directory)
        let options = self.options ?? Gate.options(for: suite)
        let all = Set(suite.scenarios.map(\.name))
        let firstRounds = suite.warmupRounds + suite.rounds
        var total = Double(firstRounds)
        var round = 0
        var pace = PairPace()
        for index in 0..<firstRounds {
            let isWarmUp = index < suite.warmupRounds
            let label =
                isWarmUp
                ? "warm-up pair \(index + 1)/\(suite.warmupRounds)"
                : "pair \(index - suite.warmupRounds + 1)/\(suite.rounds)"
            let started = ContinuousClock.now
            await runPair(round, names: all, label: label, total: total, keep: !isWarmUp, runner, &record)
            if !isWarmUp { pace.record(all, took: started.duration(to: .now)) }
            round += 1
        }
        guard record.pairCount > 0 else { throw nothingMeasured(record) }
        var report = compare(record, options: options)
        var extra = 0
        var budgetStop: String?
        while extra < suite.maxExtraRounds, budgetStop == nil {
            let names = report.scenariosNeedingMoreRounds
            guard !names.isEmpty else { break }
            let step = min(2, suite.maxExtraRounds - extra)
            total += Double(step)
            for _ in 0..<step {
                let elapsed = pace.runStarted.duration(to: .now)
                if let budget = suite.timeBudgetSeconds,
                    !pace.allows(1, pairsOf: names, all: all, after: elapsed, budget)
                {
                    budgetStop =
                        ("The suite's time budget of \(NumberFormat.summary.format(budget)) s stopped the extra pairs at "
                            + "\(extra) of \(suite.maxExtraRounds); \(names.count) scenario(s) could still use more pairs.")
                    break
                }
                let label = "extra pair \(extra + 1)/\(suite.maxExtraRounds)"
                let started = ContinuousClock.now
                await runPair(round, names: names, label: label, total: total, keep: true, runner, &record)
                pace.record(names, took: started.duration(to: .now))
                round += 1
                extra += 1
            }
            report = compare(record, options: options)
        }
        // After the last comparison, which builds a new report.
        if let budgetStop { report.warnings.append(budgetStop) }
        progress?(1, "done")
        let (baseResult, headResult) = record.results(base: base, head: head)
        return Outcome(
            base: baseResult,
            head: headResult,
            report: report,
            extraRounds: extra,
            voidRounds: record.voidReasons
        )
    }

    private func compare(_ record: PairedRecord, options: ComparisonOptions) -> ComparisonReport {
        let (baseResult, headResult) = record.results(base: base, head: head)
        var report = Comparator().comparePaired(headResult, against: baseResult, options: options, mode: mode)
        if !record.voidReasons.isEmpty {
            report.warnings.append(
                "\(record.voidReasons.count) pair(s) of rounds were void and left out of both arms: "
                    + record.voidReasons.joined(separator: "; ") + "."
            )
        }
        return report
    }

    private func runPair(
        _ round: Int,
        names: Set<String>,
        label: String,
        total: Double,
        keep: Bool,
        _ runner: ArmRoundRunner,
        _ record: inout PairedRecord
    ) async {
        var subset = suite
        subset.scenarios = suite.scenarios.filter { names.contains($0.name) }
        if !keep {
            subset.roundDurationSeconds = Self.warmUpDuration(suite.roundDurationSeconds)
            for index in subset.scenarios.indices {
                subset.scenarios[index].durationSeconds = subset.scenarios[index].durationSeconds.map(
                    Self.warmUpDuration
                )
            }
        }
        let narrowed = subset
        let seed = SuiteRunner.seed(suite: suite.seed, scenario: 0, round: round)
        let order = Self.baseRunsFirst(inRound: round) ? [base, head] : [head, base]
        var outcomes: [String: ArmRoundRunner.Outcome] = [:]
        for (position, arm) in order.enumerated() {
            progress?((Double(round) + Double(position) / 2) / total, "\(label) \(arm.label)")
            let outcome = await Self.detached { runner.run(arm, suite: narrowed, round: round, seed: seed) }
            outcomes[arm.label] = outcome
            if case .void = outcome { break }
        }
        switch (outcomes[base.label], outcomes[head.label]) {
        case (.measured(let baseResult), .measured(let headResult)):
            if keep { record.append(base: baseResult, head: headResult, scenarios: narrowed.scenarios) }
        case (.void(let reason), _), (_, .void(let reason)):
            record.voidReasons.append("\(label): \(reason)")
        default:
            record.voidReasons.append("\(label): an arm did not run")
        }
    }

    /// How long pairs of each set of scenarios have taken, for the suite's time budget.
    struct PairPace {
        /// When the paired run began (the first pair; the builds are not counted).
        let runStarted = ContinuousClock.now
        private var slowestBySet: [Set<String>: Duration] = [:]

        /// Notes that a pair of the scenarios `names` took `duration`.
        mutating func record(_ names: Set<String>, took duration: Duration) {
            slowestBySet[names] = max(slowestBySet[names] ?? .zero, duration)
        }

        /// Whether `count` more pairs of the scenarios `names` end within `budget` seconds of the
        /// run's start, `elapsed` after it, at the slowest pace of such pairs so far or, before
        /// any, of pairs of `all` (a superset takes at least as long).
        func allows(
            _ count: Int,
            pairsOf names: Set<String>,
            all: Set<String>,
            after elapsed: Duration,
            _ budget: Double
        ) -> Bool {
            let pair = slowestBySet[names] ?? slowestBySet[all] ?? .zero
            return elapsed + pair * count <= .seconds(budget)
        }
    }

    private func nothingMeasured(_ record: PairedRecord) -> PerfGateError {
        PerfGateError(
            code: .abNothingMeasured,
            message: "No pair of rounds could be measured: " + record.voidReasons.joined(separator: "; ")
                + ". Check that both arms run 'perfgate run' on their own."
        )
    }

    /// Runs blocking work (a child process) off the cooperative pool.
    static func detached<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
