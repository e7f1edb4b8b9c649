import Foundation
import Testing

@testable import PerfGate

private let steadyLatency = [10.0, 10.1, 9.9, 10.05, 9.95, 10.02, 9.98, 10.03]
private let steadyThroughput = [2400.0, 2410, 2390, 2405, 2395, 2402, 2398, 2403]

/// Compares one scenario holding the given metrics on both sides, with targets off.
private func compare(
    baseline: [MetricID: [Double]],
    current: [MetricID: [Double]],
    options: ComparisonOptions = ComparisonOptions(defaultTargetKinds: [])
) -> ComparisonReport {
    Comparator().compare(
        makeRun([makeScenario(metrics: current)]),
        against: makeRun([makeScenario(metrics: baseline)]),
        options: options
    )
}

@Test func latencyRiseIsRegressedAndLatencyDropIsImproved() throws {
    let worse = compare(
        baseline: [.latencyP95Ms: steadyLatency],
        current: [.latencyP95Ms: steadyLatency.map { $0 * 1.3 }]
    )
    let row = try #require(worse.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(row.verdict == .regressed)
    #expect(row.better == .lower)
    #expect(abs((row.relativeChange ?? 0) - 0.3) < 0.01)
    #expect((row.intervalLow ?? 0) > 0)
    #expect(worse.outcome.hasRegression)
    #expect(worse.exitVerdict == .regression)

    let better = compare(
        baseline: [.latencyP95Ms: steadyLatency],
        current: [.latencyP95Ms: steadyLatency.map { $0 / 1.3 }]
    )
    let improved = try #require(better.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(improved.verdict == .improved)
    #expect(abs((improved.relativeChange ?? 0) - (1 / 1.3 - 1)) < 0.01)
    #expect(!better.outcome.hasRegression)
    #expect(better.exitVerdict == .pass)
}

@Test func throughputDropIsRegressedAndThroughputRiseIsImproved() throws {
    let drop = compare(
        baseline: [.throughputRPS: steadyThroughput],
        current: [.throughputRPS: steadyThroughput.map { $0 / 1.3 }]
    )
    let dropped = try #require(drop.comparison(scenario: "balanced/steady", metric: .throughputRPS))
    #expect(dropped.verdict == .regressed)
    #expect(dropped.better == .higher)
    // Oriented: the baseline did 30% more, so +30% worse.
    #expect(abs((dropped.relativeChange ?? 0) - 0.3) < 1e-3)
    #expect((dropped.intervalLow ?? 0) > 0)
    #expect((dropped.currentMedian ?? 0) < (dropped.baselineMedian ?? 0))

    let rise = compare(
        baseline: [.throughputRPS: steadyThroughput],
        current: [.throughputRPS: steadyThroughput.map { $0 * 1.3 }]
    )
    let risen = try #require(rise.comparison(scenario: "balanced/steady", metric: .throughputRPS))
    #expect(risen.verdict == .improved)
    #expect((risen.relativeChange ?? 0) < 0)
    #expect((risen.intervalHigh ?? 0) < 0)
}

@Test func identicalRunsAreUnchanged() throws {
    let report = compare(
        baseline: [.latencyP95Ms: steadyLatency, .throughputRPS: steadyThroughput],
        current: [.latencyP95Ms: steadyLatency.reversed(), .throughputRPS: steadyThroughput]
    )
    for row in report.comparisons {
        #expect(row.verdict == .unchanged, "\(row.metric)")
        #expect((row.intervalLow ?? 1) <= 0 && 0 <= (row.intervalHigh ?? -1))
        #expect(row.note == nil)
    }
    #expect(report.comparisons.count == 2)
    #expect(report.outcome.inconclusive.isEmpty)
    #expect(report.exitVerdict == .pass)
}

@Test func noisySmallSamplesAreInconclusiveAndListedForRemeasurement() throws {
    let report = compare(
        baseline: [.latencyP95Ms: [10, 14, 8, 12, 9], .cpuPercent: [100, 160, 90, 130, 120]],
        current: [.latencyP95Ms: [11, 7, 15, 10, 13], .cpuPercent: [110, 70, 150, 100, 140]]
    )
    let row = try #require(report.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(row.verdict == .inconclusive)
    #expect(row.note?.contains("not significant") == true)
    // Only gated metrics are listed for the runner to measure again.
    #expect(report.outcome.inconclusive == [MetricKey(scenario: "balanced/steady", metric: "latency_p95_ms")])
    #expect(report.exitVerdict == .pass)
}

@Test func holmCorrectionWithholdsMarginalSignificanceAcrossGatedMetrics() throws {
    // Four rounds a side, completely separated: p = 2/70 = 0.029 each. Alone that is significant
    // at 5%; two gated metrics at 0.029 each are not, after Holm (adjusted 0.057).
    let baseline = [10.0, 10.1, 10.2, 10.3]
    let current = [13.0, 13.1, 13.2, 13.3]
    let alone = compare(baseline: [.latencyP95Ms: baseline], current: [.latencyP95Ms: current])
    #expect(alone.comparison(scenario: "balanced/steady", metric: .latencyP95Ms)?.verdict == .regressed)
    let pair = compare(
        baseline: [.latencyP95Ms: baseline, .latencyP99Ms: baseline],
        current: [.latencyP95Ms: current, .latencyP99Ms: current]
    )
    for row in pair.comparisons {
        #expect(row.verdict == .inconclusive)
        #expect(abs((row.adjustedPValue ?? 0) - 4.0 / 70) < 1e-12)
        #expect(abs((row.pValue ?? 0) - 2.0 / 70) < 1e-12)
    }
    #expect(!pair.outcome.hasRegression)
    // A report-only metric does not join the gated family.
    let mixed = compare(
        baseline: [.latencyP95Ms: baseline, .cpuPercent: baseline],
        current: [.latencyP95Ms: current, .cpuPercent: current]
    )
    #expect(mixed.comparison(scenario: "balanced/steady", metric: .latencyP95Ms)?.verdict == .regressed)
}

@Test func changeWithinThePracticalThresholdIsNotARegression() throws {
    // +4% latency, tight noise: significant, but below the 10% threshold and inside the band.
    let report = compare(
        baseline: [.latencyP95Ms: steadyLatency],
        current: [.latencyP95Ms: steadyLatency.map { $0 * 1.04 }]
    )
    let row = try #require(report.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect((row.adjustedPValue ?? 1) <= 0.05)
    #expect(row.verdict == .unchanged)
    #expect(row.practicalThreshold == 0.10)
    // With the threshold overridden to 2% it is a regression.
    let strict = compare(
        baseline: [.latencyP95Ms: steadyLatency],
        current: [.latencyP95Ms: steadyLatency.map { $0 * 1.04 }],
        options: ComparisonOptions(practicalThresholds: ["latency_p95_ms": 0.02], defaultTargetKinds: [])
    )
    let strictRow = try #require(strict.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(strictRow.verdict == .regressed)
    #expect(strictRow.practicalThreshold == 0.02)
}

@Test func reportOnlyRegressionsDoNotFailUnlessGated() throws {
    let baseline: [MetricID: [Double]] = [.cpuPercent: [100, 101, 99, 100.5, 99.5, 100.2]]
    let current: [MetricID: [Double]] = [.cpuPercent: [150, 151, 149, 150.5, 149.5, 150.2]]
    let report = compare(baseline: baseline, current: current)
    let row = try #require(report.comparison(scenario: "balanced/steady", metric: .cpuPercent))
    #expect(row.verdict == .regressed)
    #expect(!row.isGated)
    #expect(!report.outcome.hasRegression)
    let gated = compare(
        baseline: baseline,
        current: current,
        options: ComparisonOptions(gatedMetrics: ["cpu_percent"], defaultTargetKinds: [])
    )
    #expect(gated.outcome.hasRegression)
    #expect(gated.exitVerdict == .regression)
}

@Test func metricsThatCanBeZeroCompareOnTheOffsetLogScale() throws {
    let report = compare(
        baseline: [.backpressureEvents: [0, 0, 0, 0, 0], .errorRate: [0, 0, 0, 0, 0]],
        current: [.backpressureEvents: [0, 0, 0, 0, 0], .errorRate: [0.05, 0.04, 0.06, 0.05, 0.055]]
    )
    let backpressure = try #require(report.comparison(scenario: "balanced/steady", metric: .backpressureEvents))
    #expect(backpressure.verdict == .unchanged)
    #expect(backpressure.relativeChange == 0)
    let errors = try #require(report.comparison(scenario: "balanced/steady", metric: .errorRate))
    #expect(errors.verdict == .regressed)
    // log((0.05 + 0.001) / 0.001) → about ×51.
    #expect(abs((errors.relativeChange ?? 0) - 50) < 1)
    #expect(report.findings.isEmpty)
}

@Test func tooFewRoundsAreInconclusiveWithAReason() throws {
    let fewCurrent = compare(baseline: [.latencyP95Ms: steadyLatency], current: [.latencyP95Ms: [12, 12.1]])
    let row = try #require(fewCurrent.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(row.verdict == .inconclusive)
    #expect(row.note?.contains("too few rounds (baseline 8, current 2; need 3)") == true)
    #expect(row.relativeChange != nil)
    #expect(row.intervalLow == nil && row.intervalHigh == nil)
    #expect(fewCurrent.findings.map(\.kind) == [.tooFewRounds])
    #expect(fewCurrent.findings.first?.side == .current)
    #expect(fewCurrent.outcome.inconclusive.map(\.metric) == ["latency_p95_ms"])

    let fewBaseline = compare(baseline: [.latencyP95Ms: [10, 10.2]], current: [.latencyP95Ms: steadyLatency])
    #expect(fewBaseline.comparisons.first?.verdict == .inconclusive)
    #expect(fewBaseline.findings.first?.side == .baseline)
    // More current rounds cannot help: not listed for remeasurement.
    #expect(fewBaseline.outcome.inconclusive.isEmpty)
}

@Test func nonFiniteValuesAreLeftOutAndNegativeOnesCountedAsZero() throws {
    let report = compare(
        baseline: [
            .latencyP95Ms: steadyLatency, .monitorOverheadPercent: [0.5, 0.4, 0.6, 0.5], .cpuPercent: [50, 51, 49],
        ],
        current: [
            .latencyP95Ms: steadyLatency + [.nan, .infinity, -.infinity],
            .monitorOverheadPercent: [0.5, -0.2, 0.4, 0.6],
            .cpuPercent: [50, -1, 49],
        ]
    )
    let latency = try #require(report.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(latency.currentRounds == 8)
    #expect(latency.verdict == .unchanged)
    let invalid = report.findings.filter { $0.kind == .invalidValues }
    #expect(invalid.count == 2)
    #expect(invalid.allSatisfy { $0.side == .current })
    #expect(invalid.contains { $0.metric == "latency_p95_ms" && $0.message.contains("3 NaN or infinite") })
    #expect(invalid.contains { $0.metric == "cpu_percent" && $0.message.contains("1 negative") })
    // A paired difference may fall below 0 by noise: not a finding.
    #expect(!invalid.contains { $0.metric == "monitor_overhead_percent" })

    let allBad = compare(baseline: [.latencyP95Ms: steadyLatency], current: [.latencyP95Ms: [.nan, .nan, .nan]])
    let row = try #require(allBad.comparison(scenario: "balanced/steady", metric: .latencyP95Ms))
    #expect(row.verdict == .inconclusive)
    #expect(row.currentMedian == nil)
    #expect(row.relativeChange == nil)
}

@Test func missingScenariosAndMetricsAreFindings() throws {
    let baseline = makeRun([
        makeScenario("a/steady", metrics: [.latencyP95Ms: steadyLatency, .latencyP99Ms: steadyLatency]),
        makeScenario("b/spike", metrics: [.latencyP95Ms: steadyLatency]),
    ])
    let current = makeRun([
        makeScenario("a/steady", metrics: [.latencyP95Ms: steadyLatency, .peakRSSMB: [50, 51, 52]]),
        makeScenario("c/ramp", metrics: [.latencyP95Ms: steadyLatency]),
    ])
    let report = Comparator().compare(current, against: baseline, options: ComparisonOptions(defaultTargetKinds: []))
    #expect(report.comparisons.map(\.metric) == ["latency_p95_ms"])
    let missing = report.findings.map {
        "\($0.kind.rawValue) \($0.side?.rawValue ?? "-") \($0.scenario ?? "-") \($0.metric ?? "-")"
    }
    #expect(
        Set(missing) == [
            "missingMetric current a/steady latency_p99_ms",
            "missingMetric baseline a/steady peak_rss_mb",
            "missingScenario baseline c/ramp -",
            "missingScenario current b/spike -",
        ]
    )
    #expect(report.exitVerdict == .pass)
}

@Test func mismatchedUnitsAreNotCompared() throws {
    var current = makeScenario(metrics: [.latencyP95Ms: steadyLatency])
    current.metrics["latency_p95_ms"]?.unit = "s"
    let report = Comparator().compare(
        makeRun([current]),
        against: makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency])]),
        options: ComparisonOptions(defaultTargetKinds: [])
    )
    #expect(report.comparisons.isEmpty)
    #expect(report.findings.map(\.kind) == [.unitMismatch])
}

@Test func invalidCurrentScenarioMakesTheRunInvalid() throws {
    let report = Comparator().compare(
        makeRun([makeScenario(valid: false, metrics: [.latencyP95Ms: steadyLatency.map { $0 * 1.5 }])]),
        against: makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency])]),
        options: ComparisonOptions(defaultTargetKinds: [])
    )
    #expect(report.outcome.hasInvalidRun)
    #expect(report.outcome.hasRegression)
    #expect(report.exitVerdict == .invalidRun)
    let finding = try #require(report.findings.first { $0.kind == .invalidScenario })
    #expect(finding.side == .current)
    #expect(finding.message.contains("fell 12% behind"))
    #expect(report.comparisons.first?.note?.contains("the current scenario is invalid") == true)
}

@Test func invalidBaselineScenarioKeepsVerdictsInconclusive() throws {
    let report = Comparator().compare(
        makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency.map { $0 * 1.5 }])]),
        against: makeRun([makeScenario(valid: false, metrics: [.latencyP95Ms: steadyLatency])]),
        options: ComparisonOptions(defaultTargetKinds: [])
    )
    #expect(!report.outcome.hasInvalidRun)
    #expect(!report.outcome.hasRegression)
    #expect(report.outcome.inconclusive.isEmpty)
    let row = try #require(report.comparisons.first)
    #expect(row.verdict == .inconclusive)
    #expect(row.note?.contains("the baseline scenario is invalid") == true)
    #expect(report.findings.first { $0.kind == .invalidScenario }?.side == .baseline)
}

@Test func calibrationNormalizesDurationsAndClosedLoopThroughput() throws {
    // The current machine is 25% faster and nothing else changed.
    let baseline = makeRun(
        [
            makeScenario(
                "closed",
                loop: "closed",
                metrics: [.latencyP95Ms: steadyLatency, .throughputRPS: steadyThroughput]
            ),
            makeScenario("open", loop: "open", metrics: [.throughputRPS: steadyThroughput]),
        ],
        environment: makeEnvironment(calibrationScore: 1000)
    )
    let current = makeRun(
        [
            makeScenario(
                "closed",
                loop: "closed",
                metrics: [
                    .latencyP95Ms: steadyLatency.map { $0 / 1.25 }, .throughputRPS: steadyThroughput.map { $0 * 1.25 },
                ]
            ),
            makeScenario("open", loop: "open", metrics: [.throughputRPS: steadyThroughput]),
        ],
        environment: makeEnvironment(calibrationScore: 1250)
    )
    let options = ComparisonOptions(defaultTargetKinds: [])
    let normalized = Comparator().compare(current, against: baseline, options: options)
    #expect(normalized.calibration.isApplied)
    #expect(normalized.calibration.factor == 1.25)
    #expect(normalized.comparisons.count == 3)
    for row in normalized.comparisons { #expect(row.verdict == .unchanged, "\(row.scenario) \(row.metric)") }
    #expect(normalized.comparison(scenario: "closed", metric: .latencyP95Ms)?.note?.contains("1.250") == true)
    #expect(normalized.comparison(scenario: "open", metric: .throughputRPS)?.note == nil)
    #expect(normalized.warnings.contains { $0.contains("calibration scores differ by +25.0%") })

    var off = options
    off.normalizesByCalibration = false
    let raw = Comparator().compare(current, against: baseline, options: off)
    #expect(!raw.calibration.isApplied)
    #expect(raw.comparison(scenario: "closed", metric: .latencyP95Ms)?.verdict == .improved)
    #expect(raw.comparison(scenario: "closed", metric: .throughputRPS)?.verdict == .improved)
}

@Test func missingCalibrationScoreTurnsNormalizationOff() {
    let report = Comparator().compare(
        makeRun(
            [makeScenario(metrics: [.latencyP95Ms: steadyLatency])],
            environment: makeEnvironment(calibrationScore: 0)
        ),
        against: makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency])]),
        options: ComparisonOptions(defaultTargetKinds: [])
    )
    #expect(!report.calibration.isApplied)
    #expect(report.calibration.factor == 1)
    #expect(report.calibration.reason != nil)
    #expect(report.warnings.isEmpty)
}

@Test func environmentDifferencesAreWarnings() {
    let baseline = makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency])])
    let current = makeRun(
        [makeScenario(metrics: [.latencyP95Ms: steadyLatency])],
        environment: makeEnvironment(
            hostname: "bench-2",
            cpuModel: "Other CPU",
            logicalCores: 8,
            buildConfiguration: "debug",
            swiftVersion: "6.2"
        )
    )
    let report = Comparator().compare(current, against: baseline, options: ComparisonOptions(defaultTargetKinds: []))
    #expect(report.warnings.count == 5)
    for field in ["hostname", "cpuModel", "logicalCores", "buildConfiguration", "swiftVersion"] {
        #expect(report.warnings.contains { $0.contains(field) }, "\(field)")
    }
    #expect(report.warnings.contains { $0.contains("baseline 'release', current 'debug'") })
    #expect(Comparator().compare(baseline, against: baseline).warnings.isEmpty)
}

@Test func changedSettingsAndDuplicateScenariosAreReported() {
    var changed = makeScenario(metrics: [.latencyP95Ms: steadyLatency])
    changed.workload.durationSeconds = 10
    changed.workload.seed = 7
    let report = Comparator().compare(
        makeRun([changed, changed]),
        against: makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency])]),
        options: ComparisonOptions(defaultTargetKinds: [])
    )
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.contains("different workload") == true)
    #expect(report.findings.map(\.kind) == [.duplicateScenario])
    #expect(report.comparisons.count == 1)
}

/// The loop is a label that follows from the workload's name; older results labeled
/// `saturation` "open". The same name with another label is no warning, another name is.
@Test func aRelabeledLoopIsTheSameWorkloadButAnotherNameIsNot() {
    var relabeled = makeScenario(metrics: [.latencyP95Ms: steadyLatency])
    relabeled.workload.loop = "closed"
    let baseline = makeRun([makeScenario(metrics: [.latencyP95Ms: steadyLatency])])
    let options = ComparisonOptions(defaultTargetKinds: [])
    #expect(Comparator().compare(makeRun([relabeled]), against: baseline, options: options).warnings.isEmpty)
    relabeled.workload.name = "sessions"
    let renamed = Comparator().compare(makeRun([relabeled]), against: baseline, options: options)
    #expect(renamed.warnings.count == 1)
    #expect(renamed.warnings.first?.contains("sessions, closed loop") == true)
}

@Test func reportRoundTripsThroughJSON() throws {
    let report = compare(
        baseline: [.latencyP95Ms: [10, 11, 12], .throughputRPS: steadyThroughput],
        current: [.latencyP95Ms: [10.5, 11, 12.5], .throughputRPS: steadyThroughput.map { $0 * 0.8 }],
        options: .default
    )
    // Three rounds a side give unbounded intervals: they must still encode.
    #expect(report.comparison(scenario: "balanced/steady", metric: .latencyP95Ms)?.intervalLow == nil)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(report)
    let decoded = try JSONDecoder().decode(ComparisonReport.self, from: data)
    #expect(decoded == report)
    #expect(!report.targetChecks.isEmpty)
}
