import Testing

@testable import PerfGateCLI

/// `perfgate bisect`'s arguments: every mistake is caught before anything is built.
@Suite struct BisectCommandTests {
    static let target = ["--scenario", "balanced/saturation", "--metric", "throughput_rps", "--suite", "quick"]

    @Test func aGoodCommitThatIsNotAnAncestorOfTheBadOneIsOneLineAndExits64() async {
        let result = await invoke(["bisect", "--good", "HEAD", "--bad", "HEAD~1"] + Self.target)
        #expect(result.exitCode == 64)
        #expect(result.standardError.hasPrefix("Error: --good 'HEAD'"))
        #expect(result.standardError.contains("is not an ancestor of --bad 'HEAD~1'"))
        #expect(result.standardError.split(separator: "\n").count == 1)
        let same = await invoke(["bisect", "--good", "HEAD", "--bad", "HEAD"] + Self.target)
        #expect(same.exitCode == 64)
        #expect(same.standardError.contains("are the same commit"))
    }

    @Test func aRefMissingFromTheCloneExits5WithTheFetchHint() async {
        let result = await invoke(["bisect", "--good", "no-such-ref-anywhere", "--bad", "HEAD"] + Self.target)
        #expect(result.exitCode == 5)
        #expect(result.standardError.contains("'no-such-ref-anywhere' names no commit"))
        #expect(result.standardError.contains("fetch-depth: 0"))
    }

    @Test func anUnknownScenarioOrMetricIsOneLineWithASuggestionAndExits64() async {
        let scenario = await invoke([
            "bisect", "--good", "HEAD~1", "--bad", "HEAD", "--scenario", "balanced/saturaton", "--metric",
            "throughput_rps", "--suite", "quick",
        ])
        #expect(scenario.exitCode == 64)
        #expect(scenario.standardError.contains("Did you mean 'balanced/saturation'?"))
        #expect(scenario.standardError.split(separator: "\n").count == 1)
        let metric = await invoke([
            "bisect", "--good", "HEAD~1", "--bad", "HEAD", "--scenario", "balanced/saturation", "--metric",
            "throughput_rp", "--suite", "quick",
        ])
        #expect(metric.exitCode == 64)
        #expect(metric.standardError.contains("does not measure 'throughput_rp'"))
        #expect(metric.standardError.contains("Did you mean 'throughput_rps'?"))
        #expect(metric.standardError.split(separator: "\n").count == 1)
    }

    @Test func missingOrContradictoryOptionsExit64() async {
        let missing = await invoke(["bisect", "--good", "HEAD~1", "--bad", "HEAD", "--suite", "quick"])
        #expect(missing.exitCode == 64)
        #expect(missing.standardError.contains("--scenario"))
        let rounds = await invoke(
            ["bisect", "--good", "HEAD~1", "--bad", "HEAD", "--rounds", "10", "--max-rounds", "4"] + Self.target
        )
        #expect(rounds.exitCode == 64)
        #expect(rounds.standardError.contains("--max-rounds 4 is below the 10 pairs"))
        let format = await invoke(["bisect", "--good", "HEAD~1", "--bad", "HEAD", "--format", "junit"] + Self.target)
        #expect(format.exitCode == 64)
        let suite = await invoke([
            "bisect", "--good", "HEAD~1", "--bad", "HEAD", "--scenario", "x", "--metric", "y", "--suite", "quikc",
        ])
        #expect(suite.exitCode == 64)
        #expect(suite.standardError.contains("Did you mean 'quick'?"))
    }

    @Test func theHelpDescribesTheSearchAndItsExitCodes() async {
        let help = await invoke(["bisect", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.standardOutput.contains("--first-parent"))
        #expect(help.standardOutput.contains("--max-rounds"))
        let root = await invoke(["--help"])
        #expect(root.standardOutput.contains("bisect"))
        #expect(BisectCommand.expectedSteps(16) == 5)
        #expect(BisectCommand.expectedSteps(1) == 1)
        #expect(BisectCommand.expectedSteps(17) == 6)
    }
}
