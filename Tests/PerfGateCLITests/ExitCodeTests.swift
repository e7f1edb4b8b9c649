import PerfGate
import Testing

@testable import PerfGateCLI

@Suite struct ExitCodeTests {
    @Test func valuesMatchTheDesign() {
        let values = ExitCode.allCases.map { ($0, $0.rawValue) }
        #expect(
            values.map(\.1) == [0, 1, 2, 3, 4, 5, 64, 65],
            "success, failure, regression, targetMissed, invalidRun, baselineMissing, usage, malformedInput"
        )
        #expect(ExitCode.regression.rawValue == 2)
        #expect(ExitCode.targetMissed.rawValue == 3)
        #expect(ExitCode.invalidRun.rawValue == 4)
        #expect(ExitCode.baselineMissing.rawValue == 5)
        #expect(ExitCode.usage.rawValue == 64)
        #expect(ExitCode.malformedInput.rawValue == 65)
    }

    @Test(arguments: [
        ([ExitCode](), ExitCode.success),
        ([.success, .success], .success),
        ([.success, .regression], .regression),
        ([.regression, .targetMissed], .targetMissed),
        ([.targetMissed, .regression], .targetMissed),
        ([.regression, .invalidRun, .targetMissed], .invalidRun),
        ([.invalidRun, .success, .regression], .invalidRun),
        ([.invalidRun, .baselineMissing], .baselineMissing),
        ([.regression, .failure], .failure),
        ([.failure, .malformedInput], .malformedInput),
        ([.malformedInput, .usage, .invalidRun], .usage),
    ])
    func combiningPicksTheOutcomeThatOutranksTheOthers(codes: [ExitCode], expected: ExitCode) {
        #expect(ExitCode.combining(codes) == expected)
        #expect(ExitCode.combining(codes.reversed()) == expected)
    }

    @Test func combinedWithIsPairwiseCombining() {
        #expect(ExitCode.regression.combined(with: .targetMissed) == .targetMissed)
        #expect(ExitCode.success.combined(with: .success) == .success)
        #expect(ExitCode.invalidRun.combined(with: .regression) == .invalidRun)
    }

    @Test func verdictCodesAreTheComparisonsVerdicts() {
        #expect(ExitVerdict.allCases.map(ExitCode.verdict) == [.success, .regression, .targetMissed, .invalidRun])
        #expect(ExitVerdict.allCases.map { ExitCode.verdict($0).rawValue } == ExitVerdict.allCases.map(\.exitCode))
    }

    /// Combining the codes of whatever failed gives the code of the comparison's own verdict.
    @Test(arguments: 0..<8)
    func combiningVerdictCodesAgreesWithTheComparisonsVerdict(flags: Int) {
        let (isInvalid, missedTarget, regressed) = (flags & 4 != 0, flags & 2 != 0, flags & 1 != 0)
        let outcome = ComparisonOutcome(
            hasRegression: regressed,
            hasTargetFailure: missedTarget,
            hasInvalidRun: isInvalid,
            inconclusive: []
        )
        var codes: [ExitCode] = []
        if regressed { codes.append(.regression) }
        if missedTarget { codes.append(.targetMissed) }
        if isInvalid { codes.append(.invalidRun) }
        #expect(ExitCode.combining(codes) == .verdict(outcome.exitVerdict))
        #expect(ExitCode.combining(codes + [.baselineMissing]) == .baselineMissing)
    }
}
