import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

private let gate = TargetGate(targets: .default)

@Test(arguments: [
    ([18.0, 19, 20, 21, 22], TargetVerdict.pass),
    ([26.0, 27, 28, 29, 30], TargetVerdict.fail),
    ([20.0, 22, 24, 26, 28], TargetVerdict.atRisk),
    ([24.0, 24.5, 25, 25, 25], TargetVerdict.pass),
])
func latencyCeilingIsJudgedFromBoundsOnTheMedianRound(values: [Double], expected: TargetVerdict) throws {
    let evaluation = gate.judge(makeScenario(metrics: [.latencyP95Ms: values]), against: [.latencyP95])
    let check = try #require(evaluation.checks.first)
    #expect(check.verdict == expected)
    #expect(check.bound == 25)
    #expect(check.direction == .atMost)
    #expect(check.value == values.sorted()[2])
    // Five rounds at 95%: the bounds are the extreme rounds, confidence 1 − 2⁻⁵ each.
    #expect(check.lower == values.min())
    #expect(check.upper == values.max())
    #expect(abs(check.confidence - 0.968_75) < 1e-12)
    #expect(check.note == nil)
    #expect(evaluation.findings.isEmpty)
}

@Test(arguments: [
    ([2100.0, 2200, 2150, 2050, 2300, 2250, 2120, 2180, 2210, 2090], TargetVerdict.pass),
    ([1700.0, 1800, 1750, 1650, 1900, 1850, 1720, 1780, 1810, 1690], TargetVerdict.fail),
    ([1900.0, 2100, 1950, 2050, 1980, 2020, 1990, 2010, 1970, 2030], TargetVerdict.atRisk),
])
func throughputFloorIsJudgedTheOtherWayRound(values: [Double], expected: TargetVerdict) throws {
    let evaluation = gate.judge(makeScenario(metrics: [.throughputRPS: values]), against: [.throughput])
    let check = try #require(evaluation.checks.first)
    #expect(check.verdict == expected)
    #expect(check.direction == .atLeast)
    // Ten rounds: the second smallest and second largest (confidence 1 − 11/1024).
    #expect(check.lower == values.sorted()[1])
    #expect(check.upper == values.sorted()[8])
}

@Test func everyTargetIsJudgedWhereItsMetricIsPresent() {
    let scenario = makeScenario(metrics: [
        .throughputRPS: [2500, 2510, 2490, 2505, 2495],
        .latencyP95Ms: [12, 13, 12.5, 12.2, 12.8],
        .successRate: [0.999, 0.998, 0.999, 1, 0.999],
        .peakRSSMB: [60, 61, 59, 60.5, 60.2],
        .monitorOverheadPercent: [1.1, 0.9, 1.0, 1.2, 0.8],
        .recordNsPerOp: [9.1, 9.0, 9.3, 8.9, 9.2],
    ])
    let evaluation = gate.judge(scenario)
    #expect(evaluation.checks.map(\.target) == TargetKind.allCases)
    #expect(evaluation.checks.allSatisfy { $0.verdict == .pass })
    #expect(evaluation.findings.isEmpty)
}

@Test func monitorOverheadIsOnlyJudgedWherePresentButOtherMissingMetricsAreFindings() {
    let evaluation = gate.judge(makeScenario(metrics: [.throughputRPS: [2500, 2510, 2490]]))
    #expect(evaluation.checks.map(\.target) == [.throughput])
    #expect(evaluation.findings.map(\.metric) == ["latency_p95_ms", "success_rate", "peak_rss_mb"])
    #expect(evaluation.findings.allSatisfy { $0.kind == .missingTargetMetric && $0.side == .current })
}

@Test(arguments: [
    ([9.0, 9.2, 9.1, 9.4, 8.9], TargetVerdict.pass),
    ([27.0, 26.5, 30, 28, 26], TargetVerdict.fail),
    ([22.0, 24, 25.5, 26, 23], TargetVerdict.atRisk),
])
func recordCostIsJudgedAgainstItsCeilingOf25Nanoseconds(values: [Double], expected: TargetVerdict) throws {
    let evaluation = gate.judge(makeScenario(metrics: [.recordNsPerOp: values]), against: [.recordCost])
    let check = try #require(evaluation.checks.first)
    #expect(check.verdict == expected)
    #expect(check.target == .recordCost)
    #expect(check.metric == "record_ns_per_op")
    #expect(check.bound == 25)
    #expect(check.direction == .atMost)
    #expect(evaluation.findings.isEmpty)
}

@Test func recordCostTargetFollowsTheTargetsInForce() throws {
    var strict = PerformanceTargets.default
    strict.maxRecordNsPerOp = 8
    let evaluation = TargetGate(targets: strict).judge(
        makeScenario(metrics: [.recordNsPerOp: [9.0, 9.2, 9.1, 9.4, 8.9]]),
        against: [.recordCost]
    )
    let check = try #require(evaluation.checks.first)
    #expect(check.bound == 8)
    #expect(check.verdict == .fail)
}

@Test func recordCostIsSkippedSilentlyWhereItsMetricIsAbsent() {
    let evaluation = gate.judge(makeScenario(metrics: [.latencyP95Ms: [10, 11, 12]]), against: [.recordCost])
    #expect(evaluation.checks.isEmpty)
    #expect(evaluation.findings.isEmpty)
}

@Test func fewRoundsFallBackToTheExtremesWithTheirConfidence() throws {
    let evaluation = gate.judge(makeScenario(metrics: [.latencyP95Ms: [30, 31, 32]]), against: [.latencyP95])
    let check = try #require(evaluation.checks.first)
    #expect(check.verdict == .fail)
    #expect(check.lower == 30)
    #expect(abs(check.confidence - 0.875) < 1e-12)
    #expect(check.note?.contains("only 3 round(s)") == true)
    #expect(check.note?.contains("87.5%") == true)
    let single = gate.judge(makeScenario(metrics: [.latencyP95Ms: [20]]), against: [.latencyP95])
    #expect(single.checks.first?.verdict == .pass)
}

@Test func nonFiniteRoundsAreLeftOutAndAllBadRoundsAreAFinding() throws {
    let evaluation = gate.judge(
        makeScenario(metrics: [.latencyP95Ms: [10, .nan, 11, 12, .infinity, 10.5, 11.5]]),
        against: [.latencyP95]
    )
    let check = try #require(evaluation.checks.first)
    #expect(check.rounds == 5)
    #expect(check.note?.contains("2 non-finite value(s) left out") == true)
    let bad = gate.judge(makeScenario(metrics: [.latencyP95Ms: [.nan]]), against: [.latencyP95])
    #expect(bad.checks.isEmpty)
    #expect(bad.findings.map(\.kind) == [.missingTargetMetric])
    var broken = PerformanceTargets.default
    broken.maxLatencyP95Ms = .nan
    let unbounded = TargetGate(targets: broken).judge(
        makeScenario(metrics: [.latencyP95Ms: [10]]),
        against: [.latencyP95]
    )
    #expect(unbounded.checks.isEmpty)
    #expect(unbounded.findings.count == 1)
}

@Test func comparatorJudgesOnlyTheChosenScenariosAndTargets() throws {
    let slowSpike = makeScenario(
        "balanced/spike",
        metrics: [.throughputRPS: [500, 510, 490], .latencyP95Ms: [10, 11, 12]]
    )
    let steady = makeScenario(
        "balanced/steady",
        metrics: [.throughputRPS: [2500, 2510, 2490], .latencyP95Ms: [10, 11, 12]]
    )
    let run = makeRun([slowSpike, steady])
    var options = ComparisonOptions()
    options.defaultTargetKinds = []
    options.targetKindsByScenario = ["balanced/steady": [.throughput, .latencyP95], "balanced/spike": [.latencyP95]]
    let report = Comparator().compare(run, against: run, options: options)
    #expect(
        report.targetChecks.map { "\($0.scenario) \($0.target?.rawValue ?? "declared")" } == [
            "balanced/spike latencyP95", "balanced/steady throughput", "balanced/steady latencyP95",
        ]
    )
    #expect(!report.outcome.hasTargetFailure)

    // Judging the spike's throughput against 2000 req/s fails it.
    let everything = Comparator().compare(run, against: run)
    #expect(everything.targetCheck(scenario: "balanced/spike", target: .throughput)?.verdict == .fail)
    #expect(everything.outcome.hasTargetFailure)
    #expect(everything.exitVerdict == .targetMissed)

    var restricted = ComparisonOptions()
    restricted.restrictTargets(to: ["balanced/steady"])
    let steadyOnly = Comparator().compare(run, against: run, options: restricted)
    #expect(Set(steadyOnly.targetChecks.map(\.scenario)) == ["balanced/steady"])
}

@Test func atRiskTargetsDoNotFail() {
    let run = makeRun([makeScenario(metrics: [.latencyP95Ms: [20, 22, 24, 26, 28]])])
    var options = ComparisonOptions()
    options.defaultTargetKinds = [.latencyP95]
    let report = Comparator().compare(run, against: run, options: options)
    #expect(report.targetChecks.map(\.verdict) == [.atRisk])
    #expect(!report.outcome.hasTargetFailure)
    #expect(report.exitVerdict == .pass)
}

@Test func optionTargetsOverrideTheRecordedOnes() {
    let run = makeRun([makeScenario(metrics: [.latencyP95Ms: [20, 21, 22, 21, 20]])])
    var options = ComparisonOptions(defaultTargetKinds: [.latencyP95])
    #expect(Comparator().compare(run, against: run, options: options).targetChecks.first?.verdict == .pass)
    options.targets = PerformanceTargets(minThroughputRPS: 0, maxLatencyP95Ms: 15, minSuccessRate: 0, maxMemoryMB: 1000)
    #expect(Comparator().compare(run, against: run, options: options).targetChecks.first?.verdict == .fail)
}

/// A declared target judges any metric, one operation's included, and replaces the suite-wide
/// target on the same metric; the result carries it, so `compare` of two files judges it too.
@Test func declaredTargetsJudgeAnyMetricAndReplaceTheSuiteWideOne() throws {
    var scenario = makeScenario(metrics: [
        .throughputRPS: [2500, 2510, 2490, 2505, 2495], .latencyP95Ms: [10, 11, 12, 11, 10],
    ])
    scenario.metrics["latency_p99_ms{operation=report}"] = MetricSeries(
        unit: "ms",
        better: .lower,
        values: [41, 45, 44, 43, 42]
    )
    let declared = [
        MetricTarget(metric: "throughput_rps", direction: .atLeast, bound: 5000),
        MetricTarget(metric: "latency_p99_ms{operation=report}", direction: .atMost, bound: 40),
        MetricTarget(metric: "latency_p99_ms{operation=dashboard}", direction: .atMost, bound: 40),
    ]
    let evaluation = TargetGate(targets: .default).judge(
        scenario,
        against: [.throughput, .latencyP95],
        declared: declared
    )
    let rows = evaluation.checks.map { "\($0.target?.rawValue ?? "declared") \($0.metric) \($0.verdict.rawValue)" }
    // 2500 req/s passes the suite-wide 2000 but fails the declared 5000, which replaces it.
    #expect(
        rows == [
            "latencyP95 latency_p95_ms pass", "declared throughput_rps fail",
            "declared latency_p99_ms{operation=report} fail",
        ]
    )
    #expect(evaluation.checks.last?.bound == 40)
    #expect(evaluation.checks.last?.direction == .atMost)
    // A declared metric the run does not have is a finding, not a pass.
    #expect(evaluation.findings.map(\.metric) == ["latency_p99_ms{operation=dashboard}"])

    scenario.targets = Array(declared.prefix(2))
    let run = makeRun([scenario])
    let decoded = try JSONDecoder().decode(RunResult.self, from: try JSONEncoder().encode(run))
    #expect(decoded.scenarios[0].targets == scenario.targets)
    var options = ComparisonOptions()
    options.defaultTargetKinds = []
    let report = Comparator().compare(decoded, against: decoded, options: options)
    #expect(report.targetChecks.map(\.metric) == ["throughput_rps", "latency_p99_ms{operation=report}"])
    #expect(report.outcome.hasTargetFailure)
}

@Test func metricIdentifiersCarryOperationLabels() {
    #expect(MetricID(identifier: "latency_p95_ms{operation=report}") == .latencyP95Ms)
    #expect(MetricID(identifier: "latency_p95_ms") == .latencyP95Ms)
    #expect(MetricID(identifier: "latency_p95_ms{operation=}") == nil)
    #expect(MetricID(identifier: "latency_p95_ms{operation=a b}") == nil)
    #expect(MetricID(identifier: "latency_p95_ms{operation=a") == nil)
    #expect(MetricID(identifier: "nope{operation=a}") == nil)
    #expect(MetricID.labels(of: "x{operation=report,region=eu-1}") == ["operation": "report", "region": "eu-1"])
    #expect(MetricID.labels(of: "x{operation=a,operation=b}") == nil)
    #expect(MetricID.latencyP99Ms.identifier(operation: "report") == "latency_p99_ms{operation=report}")
    // One operation's metric takes its metric's unit, polarity, threshold and gating.
    var options = ComparisonOptions(practicalThresholds: ["latency_p95_ms": 0.2])
    #expect(options.practicalThreshold(for: "latency_p95_ms{operation=report}") == 0.2)
    options.practicalThresholds["latency_p95_ms{operation=report}"] = 0.3
    #expect(options.practicalThreshold(for: "latency_p95_ms{operation=report}") == 0.3)
    #expect(options.isGated("latency_p95_ms{operation=report}") == MetricID.latencyP95Ms.isGatedByDefault)
    #expect(MetricTarget.condition(" >= 12.5 ")?.1 == 12.5)
    #expect(MetricTarget.condition("> 1") == nil)
    #expect(MetricTarget.condition("<= inf") == nil)
}

/// The suite-wide targets describe the built-in service: a scenario that drove a user's HTTP
/// service (preset `http`) is judged only by the targets it declared, in `compare` of two files too.
@Test func aUsersServiceIsJudgedOnlyByItsDeclaredTargets() {
    var scenario = makeScenario("api/mix", metrics: [.throughputRPS: [100, 101, 99], .latencyP95Ms: [40, 41, 42]])
    scenario.preset = SuiteScenario.httpPreset
    scenario.targets = [MetricTarget(metric: "throughput_rps", direction: .atLeast, bound: 50)]
    let report = Comparator().compare(makeRun([scenario]), against: makeRun([scenario]))
    #expect(report.targetChecks.map(\.metric) == ["throughput_rps"])
    #expect(!report.outcome.hasTargetFailure)
    // The same figures from the built-in service miss the default 2000 req/s and 25 ms.
    scenario.preset = "balanced"
    let builtIn = Comparator().compare(makeRun([scenario]), against: makeRun([scenario]))
    #expect(builtIn.targetChecks.contains { $0.target == .latencyP95 && $0.verdict == .fail })
}

@Test func anOverheadIntervalWiderThanOnePointAsksForMoreRoundsEvenWhenItPasses() throws {
    let wide = makeScenario(
        "o/wide",
        metrics: [.monitorOverheadPercent: [-3, -2.4, -0.8, 0, 0.2, 0.4, 0.6, 1.0, 2.2, 2.8]]
    )
    let narrow = makeScenario(
        "o/narrow",
        metrics: [.monitorOverheadPercent: [-1.5, -1.2, -0.4, 0, 0.1, 0.2, 0.3, 0.5, 1.1, 1.4]]
    )
    let latency = makeScenario("l/wide", metrics: [.latencyP95Ms: [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]])
    let run = makeRun([wide, narrow, latency])
    var options = ComparisonOptions(targets: .default)
    options.targetKindsByScenario = [
        "o/wide": [.monitorOverhead], "o/narrow": [.monitorOverhead], "l/wide": [.latencyP95],
    ]
    // A baseline without these scenarios: nothing is compared, only the targets can ask for rounds.
    let report = Comparator().compare(run, against: makeRun([]), options: options)
    let wideCheck = try #require(report.targetCheck(scenario: "o/wide", target: .monitorOverhead))
    #expect(wideCheck.verdict == .pass)
    #expect(abs((wideCheck.upper - wideCheck.lower) / 2 - 1.2) < 1e-9)
    #expect(wideCheck.isImprecise)
    let narrowCheck = try #require(report.targetCheck(scenario: "o/narrow", target: .monitorOverhead))
    #expect(!narrowCheck.isImprecise)
    // The P95 interval is 14 ms wide, but its target has no precision goal.
    #expect(report.targetCheck(scenario: "l/wide", target: .latencyP95)?.isImprecise == false)
    #expect(report.outcome.inconclusive.isEmpty)
    #expect(report.scenariosNeedingMoreRounds == ["o/wide"])
}

@Test func theOverheadTargetBoundsThePseudoMedianFromTheSignedRankDistribution() throws {
    // Ten rounds: the bounds are the 11th smallest and 11th largest of the 55 Walsh averages
    // (P(T ≤ 10) = 0.042 for the signed-rank statistic), one-sided confidence 1 − 43/1024 each.
    // The median's order-statistic bounds would be the 2nd and 9th rounds, −1.2 and 1.1.
    let values = [-1.5, -1.2, -0.4, 0, 0.1, 0.2, 0.3, 0.5, 1.1, 1.4]
    let evaluation = gate.judge(makeScenario(metrics: [.monitorOverheadPercent: values]), against: [.monitorOverhead])
    let check = try #require(evaluation.checks.first)
    #expect(abs(check.value - 0.1) < 1e-9)
    #expect(abs(check.lower - -0.55) < 1e-9)
    #expect(abs(check.upper - 0.65) < 1e-9)
    #expect(abs(check.confidence - (1 - 43.0 / 1024)) < 1e-9)
    #expect(check.verdict == .pass)
    // Other targets keep the median's bounds.
    let latency = gate.judge(makeScenario(metrics: [.latencyP95Ms: values.map { $0 + 20 }]), against: [.latencyP95])
    let median = try #require(latency.checks.first)
    #expect(abs(median.lower - 18.8) < 1e-9 && abs(median.upper - 21.1) < 1e-9)
}
