import Foundation

extension Comparator {
    /// The metric name of the row that compares how often each arm held the load schedule.
    public static let roundsOnScheduleMetric = "rounds_on_schedule"

    /// Compares two arms measured in paired rounds on one machine: round `i` of `head` with
    /// round `i` of `base`.
    ///
    /// Metrics follow ``Comparator`` with ``ComparisonOptions/Pairing/paired``: the per-round
    /// log ratios `log(headᵢ + ε) − log(baseᵢ + ε)` are tested with Wilcoxon's signed-rank test
    /// (exact without zeros or ties up to 50 pairs), estimated by the Hodges–Lehmann median of
    /// their Walsh averages with its signed-rank interval, Holm across the run, and judged with the
    /// same thresholds and verdicts. No calibration: both arms ran on the same machine.
    ///
    /// Rounds in which the load driver could not hold its schedule stay in the comparison: their
    /// latencies are measured from the intended send times, so they are honest, and a change
    /// that starves the driver shows in them. Which arm fell behind is judged as well, per
    /// scenario, from ``ScenarioResult/roundValidity``: with `h` rounds where only the head arm
    /// fell behind and `b` where only the base arm did, the exact one-sided McNemar (sign) test
    /// `p = P(X ≥ h)`, `X ~ Binomial(h + b, ½)`, at `α / s` for `s` scenarios (Bonferroni) makes
    /// a gated ``roundsOnScheduleMetric`` row *regressed*: the head made the driver fall behind
    /// where the base did not, which is evidence of a regression (exit 2), not an invalid run.
    /// A scenario is *invalid* (exit 4) only when the base arm too fell behind in more than half
    /// of the pairs and the head is not significantly worse: then neither arm could be measured.
    ///
    /// - Complexity: as ``compare(_:against:options:)`` with `O(n² log n)` per metric for `n`
    ///   pairs, plus O(n) per scenario for the validity test.
    public func comparePaired(
        _ head: RunResult,
        against base: RunResult,
        options: ComparisonOptions = .default,
        mode: ComparisonMode? = nil
    ) -> ComparisonReport {
        var paired = options
        paired.pairing = .paired
        paired.normalizesByCalibration = false
        var report = compare(head, against: base, options: paired)
        report.mode = mode
        report.findings.removeAll { $0.kind == .invalidScenario }
        report.calibration = CalibrationAdjustment(
            baselineScore: base.environment.calibrationScore,
            currentScore: head.environment.calibrationScore,
            factor: 1,
            isApplied: false,
            reason: "paired arms on one machine"
        )
        report.warnings.removeAll { $0.hasPrefix("The calibration scores differ") }

        let baseByName = Dictionary(base.scenarios.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let familySize = max(1, head.scenarios.count)
        var hasInvalidRun = false
        var hasScheduleRegression = false
        for scenario in head.scenarios {
            guard let baseScenario = baseByName[scenario.name] else { continue }
            let validity = PairedValidity(head: scenario, base: baseScenario)
            guard validity.hasInvalidRounds else { continue }
            let level = report.alpha / Double(familySize)
            let p = validity.headWorsePValue
            let isRegression = p <= level
            let baseUnmeasurable = !isRegression && validity.baseInvalid * 2 > validity.pairs
            hasScheduleRegression = hasScheduleRegression || isRegression
            hasInvalidRun = hasInvalidRun || baseUnmeasurable
            let description = validity.description
            let consequence =
                isRegression
                ? "the head made the driver fall behind where the base did not (exact McNemar p = "
                    + String(format: "%.3g", p) + "): a regression."
                : baseUnmeasurable
                    ? "the base arm too fell behind in most pairs, so the machine could not measure this "
                        + "scenario: the run is invalid."
                    : "no arm fell behind significantly more often (exact McNemar p = "
                        + String(format: "%.3g", p) + "); those rounds are compared as measured."
            report.findings.append(
                ComparisonFinding(
                    kind: .invalidScenario,
                    side: validity.headOnly >= validity.baseOnly ? .current : .baseline,
                    scenario: scenario.name,
                    metric: nil,
                    message: "Scenario '\(scenario.name)': \(description); " + consequence
                )
            )
            let row = MetricComparison(
                scenario: scenario.name,
                metric: Self.roundsOnScheduleMetric,
                unit: "ratio",
                better: .higher,
                isGated: true,
                baselineMedian: Double(validity.pairs - validity.baseInvalid) / Double(max(1, validity.pairs)),
                currentMedian: Double(validity.pairs - validity.headInvalid) / Double(max(1, validity.pairs)),
                relativeChange: nil,
                intervalLow: nil,
                intervalHigh: nil,
                confidence: 1 - level,
                pValue: p,
                adjustedPValue: min(1, p * Double(familySize)),
                verdict: isRegression ? .regressed : (validity.headOnly == 0 ? .unchanged : .inconclusive),
                practicalThreshold: 0,
                baselineRounds: validity.pairs,
                currentRounds: validity.pairs,
                note: description
            )
            let position = (report.comparisons.lastIndex { $0.scenario == scenario.name }).map { $0 + 1 }
            report.comparisons.insert(row, at: position ?? report.comparisons.endIndex)
        }
        report.outcome.hasInvalidRun = hasInvalidRun
        report.outcome.hasRegression = report.outcome.hasRegression || hasScheduleRegression
        report.outcome.hasNoEvidence = report.comparisons.isEmpty && report.targetChecks.isEmpty
        return report
    }
}

/// Which arm held the load schedule in each pair of rounds of one scenario.
struct PairedValidity: Equatable {
    /// Pairs compared.
    var pairs: Int
    /// Pairs where only the head arm fell behind.
    var headOnly: Int
    /// Pairs where only the base arm fell behind.
    var baseOnly: Int
    /// Pairs where both fell behind.
    var both: Int

    /// Reads the per-round validity of both arms (a scenario without it counts every round as
    /// its `valid` flag says).
    init(head: ScenarioResult, base: ScenarioResult) {
        let headRounds = Self.rounds(head)
        let baseRounds = Self.rounds(base)
        pairs = min(headRounds.count, baseRounds.count)
        headOnly = 0
        baseOnly = 0
        both = 0
        for (h, b) in zip(headRounds, baseRounds) {
            switch (h, b) {
            case (false, true): headOnly += 1
            case (true, false): baseOnly += 1
            case (false, false): both += 1
            case (true, true): break
            }
        }
    }

    /// Rounds where the head arm fell behind.
    var headInvalid: Int { headOnly + both }
    /// Rounds where the base arm fell behind.
    var baseInvalid: Int { baseOnly + both }
    /// Whether any arm fell behind in any round.
    var hasInvalidRounds: Bool { headOnly + baseOnly + both > 0 }

    /// The exact one-sided McNemar p-value that the head falls behind more often:
    /// `P(X ≥ headOnly)` for `X ~ Binomial(headOnly + baseOnly, ½)`; 1 without discordant pairs.
    ///
    /// - Complexity: O(d) for `d` discordant pairs.
    var headWorsePValue: Double {
        let discordant = headOnly + baseOnly
        guard discordant > 0 else { return 1 }
        var term = pow(0.5, Double(discordant))  // P(X = 0)
        var cumulative = 0.0
        for k in 0...discordant {
            if k >= headOnly { cumulative += term }
            term = term * Double(discordant - k) / Double(k + 1)
        }
        return min(1, cumulative)
    }

    /// One clause for a report.
    var description: String {
        "of \(pairs) paired rounds the driver fell behind in \(headOnly) of the head arm only, "
            + "\(baseOnly) of the base arm only and \(both) of both"
    }

    private static func rounds(_ scenario: ScenarioResult) -> [Bool] {
        if let validity = scenario.roundValidity { return validity }
        let count = scenario.metrics.values.map(\.values.count).max() ?? 0
        return Array(repeating: scenario.valid, count: count)
    }
}
