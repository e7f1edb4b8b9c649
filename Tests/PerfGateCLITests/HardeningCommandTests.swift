import Foundation
import PerfGate
import PerfHTTP
import PerfMonitor
import Testing

@testable import PerfGateCLI

/// The adversarial inputs of the hardening issue, each with the documented exit code and nothing
/// written where it must not be.
@Suite struct HardeningCommandTests {
    static func suiteFile(_ text: String, in folder: String, name: String = "tiny.json") throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: ["9.223372036854776e18", "18446744073709551616", "-1", "1.5"])
    func aSuiteSeedOutOfRangeIsRefusedNotACrash(seed: String) async throws {
        let folder = GateCommandTests.folder()
        let suite = try Self.suiteFile(
            #"{"seed": \#(seed), "scenarios": [{"preset": "balanced", "workload": "steady", "targets": false}]}"#,
            in: folder
        )
        let run = await invoke(["run", "--suite", suite, "--output", folder + "/out.json"])
        #expect(run.exitCode == 65, "\(run.standardError)")
        // The value as read: 2^64 and 9.22e18 are doubles, printed in full.
        let shown =
            seed == "18446744073709551616"
            ? "1.8446744073709552e+19" : seed.replacingOccurrences(of: "e18", with: "e+18")
        #expect(run.standardError.contains("field 'seed' is \(shown);"), "\(run.standardError)")
    }

    @Test func aSuiteSeedOf2To63IsAcceptedExactly() throws {
        let suite = try SuiteLoader.decode(
            Data(#"{"seed": 9223372036854775807, "scenarios": [{"preset": "balanced", "workload": "steady"}]}"#.utf8),
            source: "s.json",
            defaultName: "s"
        )
        #expect(suite.seed == 9_223_372_036_854_775_807)
    }

    @Test(arguments: ["../../x/pwn", "a/b", "..", ".hidden", "-rf", "nul\u{0}name", "tab\tname", ""])
    func aSuiteWhoseNameIsAPathIsRefused(name: String) async throws {
        let folder = GateCommandTests.folder()
        let escaped = name.replacingOccurrences(of: "\u{0}", with: "\\u0000").replacingOccurrences(
            of: "\t",
            with: "\\t"
        )
        let suite = try Self.suiteFile(
            #"{"name": "\#(escaped)", "scenarios": [{"preset": "balanced", "workload": "steady", "targets": false}]}"#,
            in: folder
        )
        #expect(throws: PerfGateError.self) { try SuiteLoader.load(contentsOf: suite) }
        do {
            _ = try SuiteLoader.load(contentsOf: suite)
        } catch {
            #expect(error.code == .suiteMalformed && error.message.contains("field 'name'"), "\(error.message)")
        }
    }

    @Test func aResultWhoseSuiteIsAPathCannotOverwriteACommittedFile() async throws {
        let folder = GateCommandTests.folder()
        let target = "perfgate-pwn-\(UUID().uuidString)"
        let result = GateCommandTests.result(suite: "../../../../../../../../tmp/\(target)")
        // Written by hand: the store refuses to read such a result back, as any loader must.
        var text = String(decoding: try ResultStore.encode(GateCommandTests.result()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"suite\" : \"cli-test\"", with: "\"suite\" : \"\(result.suite)\"")
        let evil = folder + "/evil.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: evil))
        let run = await invoke(["baseline", "update", "--from", evil])
        #expect(run.exitCode == 65, "\(run.standardError)")
        #expect(run.standardError.contains("'suite'"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(target).json"))
    }

    @Test func baselineUpdateFromAFileRefusesAnUnknownSuite() async throws {
        let folder = GateCommandTests.folder()
        let current = try GateCommandTests.write(GateCommandTests.result(), in: folder, as: "current.json")
        let run = await invoke(["baseline", "update", "--from", current, "--suite", "nosuch-\(UUID().uuidString)"])
        #expect(run.exitCode == 64, "\(run.standardError)")
        #expect(run.standardError.contains("nosuch"))
    }

    @Test func aResultWithNoScenariosIsRefusedNotAPass() async throws {
        let folder = GateCommandTests.folder()
        let baseline = try GateCommandTests.write(GateCommandTests.result(), in: folder, as: "baseline.json")
        var empty = GateCommandTests.result()
        empty.scenarios = []
        let current = try GateCommandTests.write(empty, in: folder, as: "current.json")
        let run = await invoke(["compare", current, baseline])
        #expect(run.exitCode == 65, "\(run.standardError)")
        #expect(run.standardError.contains("no scenarios"))
    }

    @Test func aComparisonThatComparedNothingAndJudgedNothingHasNoEvidenceAndExits4() throws {
        let baseline = GateCommandTests.result()
        var other = GateCommandTests.result()
        other.scenarios[0].name = "balanced/other"
        let report = Comparator().compare(other, against: baseline, options: ComparisonOptions(defaultTargetKinds: []))
        #expect(report.comparisons.isEmpty && report.targetChecks.isEmpty)
        #expect(report.outcome.hasNoEvidence)
        #expect(report.exitVerdict == .invalidRun)
        let text = TextReport(colors: false).render(report, current: other, baseline: baseline)
        #expect(text.contains("no evidence for a pass") && !text.contains("PASS"), "\(text)")
    }

    @Test func calibrationScoresAThousandTimesApartAreRefused() async throws {
        let folder = GateCommandTests.folder()
        let baseline = try GateCommandTests.write(GateCommandTests.result(), in: folder, as: "baseline.json")
        for score in [1e-300, 1e300] {
            var current = GateCommandTests.result()
            current.environment.calibrationScore = score
            let path = try GateCommandTests.write(current, in: folder, as: "current.json")
            let run = await invoke(["compare", path, baseline])
            #expect(run.exitCode == 65, "\(score): \(run.standardError)")
            #expect(run.standardError.contains("calibrationScore"))
        }
    }

    @Test(arguments: ["/proc/perfgate-out.json", "FILE/out.json", "DIR"])
    func anUnwritableOutputIsRefusedBeforeAnyLoadRuns(output: String) async throws {
        let folder = GateCommandTests.folder()
        let file = folder + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let path = output.replacingOccurrences(of: "FILE", with: file).replacingOccurrences(of: "DIR", with: folder)
        let suite = try Self.suiteFile(
            #"{"rounds": 1, "warmupRounds": 0, "roundDurationSeconds": 60, "scenarios": [{"preset": "balanced", "workload": "steady", "rate": 100, "targets": false}]}"#,
            in: folder
        )
        let run = await invoke(["run", "--suite", suite, "--output", path])
        #expect(run.exitCode == 64, "\(run.standardError)")
        #expect(run.standardError.contains("--output") && run.standardError.contains("Nothing was measured"))
    }

    @Test func anUnwritableReportIsRefusedBeforeTheCheckRuns() async throws {
        let folder = GateCommandTests.folder()
        let suite = try Self.suiteFile(
            #"{"rounds": 1, "warmupRounds": 0, "roundDurationSeconds": 60, "scenarios": [{"preset": "balanced", "workload": "steady", "rate": 100, "targets": false}]}"#,
            in: folder
        )
        let run = await invoke(["check", "--suite", suite, "--unpaired", "--report", "/proc/report.html"])
        #expect(run.exitCode == 64, "\(run.standardError)")
        #expect(run.standardError.contains("--report"))
    }

    @Test func hostSuggestsBind() async {
        let run = await invoke(["serve", "--host", "127.0.0.1"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("--bind"), "\(run.standardError)")
    }

    @Test(arguments: [
        (["--slowdown-at", "5"], "--slowdown PERCENT"),
        (["--slowdown-for", "5"], "--slowdown PERCENT"),
        (["--stall-at", "5"], "give both"),
        (["--slowdown", "-5"], "--slowdown"),
        (["--slowdown", "10", "--slowdown-for", "0"], "--slowdown-for"),
        (["--error-rate", "1.5"], "--error-rate"),
        (["--alert-repeat", "30"], "'--alert-repeat' goes with --alert-webhook"),
        (["--alert-webhook", "http://127.0.0.1:9/hook", "--alert-repeat", "-1"], "--alert-repeat"),
    ])
    func badServeFaultsExit64WithAOneLineError(options: [String], mention: String) async {
        let run = await invoke(["serve", "--port", "0", "--duration", "0.5"] + options)
        #expect(run.exitCode == 64, "\(run.standardError)")
        let first = run.standardError.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("Error: ") && first.contains(mention), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }

    @Test func aPortInUseExits64WithOneLine() async throws {
        let busy = try MonitorHTTPEndpoint(
            monitor: StreamPerformanceMonitor(),
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        )
        defer { busy.shutdown() }
        let run = await invoke(["serve", "--port", "\(busy.port)", "--duration", "1"])
        #expect(run.exitCode == 64)
        #expect(
            run.standardError
                == "Error: The address 127.0.0.1:\(busy.port) is already in use; stop what listens there or choose "
                + "another port with --port.\n"
        )
        #expect(run.standardOutput.isEmpty)
    }

    @Test func aCapacityProbeTooShortToMeasureIsAUsageError() async {
        let run = await invoke(["drive", "--preset", "balanced", "--workload", "capacity", "--duration", "0.001"])
        #expect(run.exitCode == 64, "\(run.standardError)")
        #expect(run.standardError.contains("--duration 1"))
    }
}

extension HardeningCommandTests {
    @Test func aMonitorOverheadScenarioWithAnUnknownWorkloadIsRefused() async throws {
        let folder = GateCommandTests.folder()
        let suite = try Self.suiteFile(
            #"{"scenarios": [{"kind": "monitor-overhead", "preset": "balanced", "workload": "nosuch"}]}"#,
            in: folder
        )
        let run = await invoke(["run", "--suite", suite, "--output", folder + "/out.json"])
        #expect(run.exitCode == 65, "\(run.standardError)")
        #expect(run.standardError.contains("nosuch"))
    }
}
