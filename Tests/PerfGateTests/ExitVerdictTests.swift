import Testing

@testable import PerfGate

@Test(arguments: [
    (false, false, false, ExitVerdict.pass),
    (false, false, true, ExitVerdict.regression),
    (false, true, false, ExitVerdict.targetMissed),
    (false, true, true, ExitVerdict.targetMissed),
    (true, false, false, ExitVerdict.invalidRun),
    (true, false, true, ExitVerdict.invalidRun),
    (true, true, false, ExitVerdict.invalidRun),
    (true, true, true, ExitVerdict.invalidRun),
])
func exitVerdictTakesTheHighestOfFourThreeTwo(
    invalid: Bool,
    targetMissed: Bool,
    regression: Bool,
    expected: ExitVerdict
) {
    let outcome = ComparisonOutcome(
        hasRegression: regression,
        hasTargetFailure: targetMissed,
        hasInvalidRun: invalid,
        inconclusive: [MetricKey(scenario: "s", metric: "latency_p95_ms")]
    )
    #expect(outcome.exitVerdict == expected)
}

@Test func exitCodesFollowTheDesign() {
    #expect(ExitVerdict.allCases.map(\.exitCode) == [0, 2, 3, 4])
    #expect(ExitVerdict.regression < .targetMissed)
    #expect(ExitVerdict.allCases.max() == .invalidRun)
}

@Test func combiningTakesTheHighestVerdictOrPass() {
    #expect(ExitVerdict.combining([]) == .pass)
    #expect(ExitVerdict.combining([.pass, .regression]) == .regression)
    #expect(ExitVerdict.combining([.targetMissed, .regression]) == .targetMissed)
    #expect(ExitVerdict.combining([.regression, .invalidRun, .targetMissed]) == .invalidRun)
}

@Test func regressionAndMissedTargetTogetherExitThree() throws {
    let baseline = makeRun([makeScenario(metrics: [.latencyP95Ms: [10, 10.1, 9.9, 10.05, 9.95, 10.02]])])
    let current = makeRun([makeScenario(metrics: [.latencyP95Ms: [30, 30.3, 29.7, 30.15, 29.85, 30.06]])])
    let report = Comparator().compare(current, against: baseline)
    #expect(report.outcome.hasRegression)
    #expect(report.outcome.hasTargetFailure)
    #expect(report.exitVerdict == .targetMissed)
    #expect(report.exitVerdict.exitCode == 3)
}
