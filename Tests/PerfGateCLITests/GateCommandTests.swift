import Foundation
import PerfGate
import PerfMonitor
import Testing

@testable import PerfGateCLI

/// End-to-end checks of the gate commands' exit codes, in-process, on files in a temporary folder.
@Suite struct GateCommandTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "perfgate-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A result with one scenario whose rounds scatter ±1% around the given medians.
    static func result(
        throughput: Double = 3000,
        p95: Double = 10,
        valid: Bool = true,
        suite: String = "cli-test"
    ) -> RunResult {
        let spread = [0.99, 1.0, 1.01, 0.995, 1.005, 0.998, 1.002]
        func series(_ metric: MetricID, _ center: Double) -> MetricSeries {
            MetricSeries(metric: metric, values: spread.map { $0 * center })
        }
        return RunResult(
            suite: suite,
            tool: ToolInfo(version: "test"),
            startedAt: "2026-11-23T00:00:00.000Z",
            environment: EnvironmentFingerprint(
                hostname: "h",
                os: "Linux",
                cpuModel: "cpu",
                logicalCores: 2,
                memoryBytes: 1 << 34,
                swiftVersion: "6.3",
                buildConfiguration: "release",
                gitCommit: "abc",
                calibrationScore: 1000
            ),
            targets: .default,
            scenarios: [
                ScenarioResult(
                    name: "balanced/saturation",
                    preset: "balanced",
                    workload: WorkloadDescription(
                        name: "saturation",
                        loop: "closed",
                        rate: nil,
                        durationSeconds: 2,
                        connections: 32,
                        seed: 1
                    ),
                    valid: valid,
                    invalidReasons: valid ? [] : ["the driver fell behind"],
                    metrics: [
                        MetricID.throughputRPS.rawValue: series(.throughputRPS, throughput),
                        MetricID.latencyP95Ms.rawValue: series(.latencyP95Ms, p95),
                        MetricID.successRate.rawValue: MetricSeries(
                            metric: .successRate,
                            values: spread.map { _ in 1 }
                        ),
                        MetricID.peakRSSMB.rawValue: series(.peakRSSMB, 30),
                    ]
                )
            ]
        )
    }

    static func write(_ result: RunResult, in folder: String, as name: String) throws -> String {
        let path = folder + "/" + name
        try ResultStore.write(result, to: path)
        return path
    }

    @Test(arguments: [
        (3000.0, 10.0, true, Int32(0)),  // no change
        (2400.0, 10.0, true, Int32(2)),  // 20% less throughput, still above the 2000 req/s target: regression
        (3000.0, 40.0, true, Int32(3)),  // P95 above 25 ms (and a regression): the target wins
        (1600.0, 40.0, false, Int32(4)),  // an invalid run beats everything
        (3600.0, 8.0, true, Int32(0)),  // improvements pass
    ])
    func compareExitCodeIsTheVerdict(throughput: Double, p95: Double, valid: Bool, expected: Int32) async throws {
        let folder = Self.folder()
        let baseline = try Self.write(Self.result(), in: folder, as: "baseline.json")
        let current = try Self.write(
            Self.result(throughput: throughput, p95: p95, valid: valid),
            in: folder,
            as: "current.json"
        )
        let run = await invoke(["compare", current, baseline])
        #expect(run.exitCode == expected, "\(run.standardOutput)\(run.standardError)")
    }

    @Test func theMarkdownReportIsAppendedToTheGitHubStepSummary() async throws {
        let folder = Self.folder()
        let baseline = try Self.write(Self.result(), in: folder, as: "baseline.json")
        let current = try Self.write(Self.result(throughput: 2000), in: folder, as: "current.json")
        let summary = folder + "/summary.md"
        try Data("# Earlier step\n".utf8).write(to: URL(fileURLWithPath: summary))
        let terminal = Terminal(environment: ["GITHUB_STEP_SUMMARY": summary])
        let run = await invoke(["compare", current, baseline], terminal: terminal)
        #expect(run.exitCode == 2, "\(run.standardError)")
        let written = try String(contentsOfFile: summary, encoding: .utf8)
        // Appended after what an earlier step wrote, as the markdown report (a table row per check).
        #expect(written.hasPrefix("# Earlier step\n"))
        #expect(written.contains("| throughput_rps"))
        #expect(written.contains("regressed") || written.contains("REGRESSED"))
        #expect(run.standardError.isEmpty)

        // A summary that cannot be written costs one warning, never the verdict.
        let unwritable = Terminal(environment: ["GITHUB_STEP_SUMMARY": folder + "/missing/summary.md"])
        let failed = await invoke(["compare", current, baseline], terminal: unwritable)
        #expect(failed.exitCode == 2)
        #expect(failed.standardError.hasPrefix("warning: The GitHub step summary"))
        #expect(failed.standardError.contains("missing/summary.md"))
    }

    @Test func compareWithAMalformedBaselineExits65NamingTheFile() async throws {
        let folder = Self.folder()
        let current = try Self.write(Self.result(), in: folder, as: "current.json")
        let broken = folder + "/broken.json"
        try Data("{\"schemaVersion\": 1, \"suite\": ".utf8).write(to: URL(fileURLWithPath: broken))
        let run = await invoke(["compare", current, broken])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("broken.json"))
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(run.standardOutput.isEmpty)
    }

    @Test func compareWithAFutureSchemaExits65AndSaysWhatToDo() async throws {
        let folder = Self.folder()
        let current = try Self.write(Self.result(), in: folder, as: "current.json")
        let future = folder + "/future.json"
        try Data("{\"schemaVersion\": 7}".utf8).write(to: URL(fileURLWithPath: future))
        let run = await invoke(["compare", current, future])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("schemaVersion 7") && run.standardError.contains("upgrade perfgate"))
    }

    @Test func checkWithAMalformedBaselineExits65BeforeRunningAnyLoad() async throws {
        let folder = Self.folder()
        let suite = folder + "/tiny.json"
        try Data(#"{"scenarios": [{"preset": "balanced", "workload": "steady", "rate": 100, "targets": false}]}"#.utf8)
            .write(to: URL(fileURLWithPath: suite))
        let baseline = folder + "/baseline.json"
        try Data("{\"schemaVersion\": 1,".utf8).write(to: URL(fileURLWithPath: baseline))
        let run = await invoke(["check", "--suite", suite, "--baseline", baseline])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("baseline.json") && run.standardError.contains("not valid JSON"))
    }

    @Test func aSuiteNamingAnUnknownPresetExits65() async throws {
        let folder = Self.folder()
        let suite = folder + "/typo.json"
        try Data(#"{"rounds": 1, "warmupRounds": 0, "scenarios": [{"preset": "balancd", "workload": "steady"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: suite))
        let run = await invoke(["run", "--suite", suite, "--output", folder + "/r.json"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("balancd") && run.standardError.contains("balanced"))
    }

    @Test func checkWithoutARequiredBaselineExits5AndSaysHowToCreateOne() async throws {
        let folder = Self.folder()
        let suite = folder + "/tiny.json"
        try Data(#"{"scenarios": [{"preset": "balanced", "workload": "steady", "rate": 100, "targets": false}]}"#.utf8)
            .write(to: URL(fileURLWithPath: suite))
        let run = await invoke(["check", "--suite", suite, "--baseline", folder + "/none.json", "--require-baseline"])
        #expect(run.exitCode == 5)
        #expect(run.standardError.contains("perfgate baseline update --suite tiny"))
    }

    @Test func checkRunsATinySuiteAndPassesAgainstItsOwnBaseline() async throws {
        let folder = Self.folder()
        let suite = folder + "/tiny.json"
        try Data(
            #"""
            {"rounds": 3, "warmupRounds": 0, "roundDurationSeconds": 0.3, "maxExtraRounds": 0,
             "scenarios": [{"preset": "balanced", "workload": "steady", "rate": 200, "targets": false}]}
            """#.utf8
        ).write(to: URL(fileURLWithPath: suite))
        let resultPath = folder + "/result.json"
        let first = await invoke(["run", "--suite", suite, "--output", resultPath, "--format", "json"])
        #expect(first.exitCode == 0 || first.exitCode == 4, "\(first.standardError)")
        let result = try ResultStore.load(contentsOf: resultPath)
        #expect(result.scenarios.first?.series(.throughputRPS)?.values.count == 3)
        #expect(result.scenarios.first?.latencyHistogram != nil)
        // Three rounds a side can never be significant (exact p ≥ 0.1), so this cannot regress
        // (2) and, with targets off, cannot miss one (3). On a machine busy with other tests the
        // driver may fall behind its schedule, which is exit 4 and says so; that is not a verdict.
        let check = await invoke([
            "check", "--suite", suite, "--baseline", resultPath, "--format", "json", "--unpaired",
        ])
        #expect(check.exitCode == 0 || check.exitCode == 4, "\(check.standardOutput)\(check.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any]
        let verdict = report?["verdict"] as? String
        #expect(verdict == (check.exitCode == 0 ? "pass" : "invalidRun"))
        #expect(report?["comparisons"] != nil)
    }

    @Test func aPairedCheckNeedsTheCommitTheBaselineRecordsAndSaysHowToGetIt() async throws {
        let folder = Self.folder()
        let baselinePath = folder + "/baseline.json"
        var baseline = Self.result()
        baseline.environment.gitCommit = "unknown"
        try ResultStore.write(baseline, to: baselinePath)
        let noCommit = await invoke(["check", "--suite", "quick", "--baseline", baselinePath])
        #expect(noCommit.exitCode == 5)
        #expect(noCommit.standardError.contains("records no commit"))
        #expect(noCommit.standardError.contains("--unpaired"))

        baseline.environment.gitCommit = String(repeating: "0", count: 39) + "1"
        try ResultStore.write(baseline, to: baselinePath)
        let missing = await invoke(["check", "--suite", "quick", "--baseline", baselinePath])
        #expect(missing.exitCode == 5)
        #expect(missing.standardError.contains("not in this clone"))
        #expect(missing.standardError.contains("fetch-depth: 0"))

        baseline.environment.gitDirty = true
        try ResultStore.write(baseline, to: baselinePath)
        let dirty = await invoke(["check", "--suite", "quick", "--baseline", baselinePath])
        #expect(dirty.exitCode == 5)
        #expect(dirty.standardError.contains("uncommitted changes"))
        #expect(dirty.standardError.contains("cannot be rebuilt exactly"))
        #expect(dirty.standardError.split(separator: "\n").count == 1)
    }

    @Test func abWithAnUnknownRefExits64NamingItBeforeBuildingAnything() async throws {
        let unknown = await invoke(["ab", "--base", "no-such-ref-anywhere", "--suite", "quick"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("'no-such-ref-anywhere' names no commit"))
        let option = await invoke(["ab", "--base", "--upload-pack=x", "--suite", "quick"])
        #expect(option.exitCode == 64)
        let missing = await invoke(["ab", "--suite", "quick"])
        #expect(missing.exitCode == 64)
        #expect(missing.standardError.contains("--base"))
    }

    @Test func malformedSuiteExits65AndUnknownSuiteExits64() async throws {
        let folder = Self.folder()
        let suite = folder + "/bad.json"
        try Data(#"{"scenarios": [{"preset": "balanced"}]}"#.utf8).write(to: URL(fileURLWithPath: suite))
        let malformed = await invoke(["run", "--suite", suite])
        #expect(malformed.exitCode == 65)
        #expect(malformed.standardError.contains("scenarios[0].workload"))
        let unknown = await invoke(["run", "--suite", "quikc"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("Did you mean 'quick'?"))
    }

    @Test func presetsCommandsExitWithTheDocumentedCodes() async throws {
        #expect(await invoke(["presets", "show", "high-performance"]).exitCode == 0)
        #expect(await invoke(["presets", "show", "fastest"]).exitCode == 64)
        let folder = Self.folder()
        let bad = folder + "/bad-config.json"
        try Data(#"{"workerPool": {"workerCount": 0}, "batching": {"batchSize": 5000}}"#.utf8).write(
            to: URL(fileURLWithPath: bad)
        )
        let run = await invoke(["presets", "validate", bad])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("workerPool.workerCount"))
        #expect(run.standardError.contains("batching.batchSize"))
        let good = folder + "/good.json"
        let shown = await invoke(["presets", "show", "memory-efficient"])
        try Data(shown.standardOutput.utf8).write(to: URL(fileURLWithPath: good))
        #expect(await invoke(["presets", "validate", good]).exitCode == 0)
    }

    @Test func driveWithAnUnknownWorkloadOrBadStallIsAUsageError() async {
        let unknown = await invoke(["drive", "--preset", "balanced", "--workload", "stedy"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("steady"))
        #expect(
            await invoke(["drive", "--preset", "balanced", "--workload", "steady", "--stall-at", "1"]).exitCode == 64
        )
        #expect(
            await invoke(["drive", "--preset", "balanced", "--workload", "steady", "--format", "html"]).exitCode == 64
        )
    }

    @Test func driveJSONHasMetricsValidAndSeed() async throws {
        let run = await invoke([
            "drive", "--preset", "balanced", "--workload", "steady", "--rate", "200", "--duration", "0.5", "--seed",
            "42", "--format", "json",
        ])
        // On a loaded machine the driver may fall behind (exit 4, "valid": false); the JSON is the same.
        #expect(run.exitCode == 0 || run.exitCode == 4, "\(run.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        #expect(object?["seed"] as? Int == 42)
        #expect(object?["valid"] as? Bool == (run.exitCode == 0))
        let metrics = object?["metrics"] as? [String: Any]
        for metric in [MetricID.throughputRPS, .latencyP50Ms, .latencyP95Ms, .latencyP99Ms, .successRate, .peakRSSMB] {
            #expect(metrics?[metric.rawValue] != nil, "\(metric.rawValue)")
        }
    }
}
