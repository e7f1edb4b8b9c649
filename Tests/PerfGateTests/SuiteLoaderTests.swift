import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

@Suite struct SuiteLoaderTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(arguments: ["quick", "default", "soak"])
    func shippedSuitesLoad(name: String) throws {
        let suite = try SuiteLoader.resolve(name, in: Self.packageRoot + "/Benchmarks")
        #expect(suite.name == name)
        #expect(!suite.scenarios.isEmpty)
        #expect(Set(suite.scenarios.map(\.name)).count == suite.scenarios.count)
    }

    @Test func quickSuiteCoversEveryPresetAndTheOverheadScenario() throws {
        let suite = try SuiteLoader.resolve("quick", in: Self.packageRoot + "/Benchmarks")
        #expect(suite.timeBudgetSeconds == 175)
        #expect(Set(suite.scenarios.map(\.preset)) == ["balanced", "high-performance", "memory-efficient"])
        #expect(suite.scenarios.contains { $0.kind == .monitorOverhead })
    }

    @Test func defaultSuiteCoversEveryPresetAndWorkload() throws {
        let suite = try SuiteLoader.resolve("default", in: Self.packageRoot + "/Benchmarks")
        for preset in ["balanced", "high-performance", "memory-efficient"] {
            for workload in ["steady", "spike", "sessions", "capacity"] {
                #expect(
                    suite.scenarios.contains { $0.preset == preset && $0.workload == workload },
                    "\(preset)/\(workload)"
                )
            }
        }
        let quick = suite.quickened
        #expect(quick.rounds == 3 && quick.roundDurationSeconds == 2)
    }

    @Test func unknownSuiteNameSuggestsTheClosest() {
        do {
            _ = try SuiteLoader.resolve("quikc", in: Self.packageRoot + "/Benchmarks")
            Issue.record("resolving should fail")
        } catch {
            #expect(error.code == .suiteUnknown)
            #expect(error.message.contains("Did you mean 'quick'?"))
        }
    }

    @Test(arguments: [
        ("{", "is not valid JSON"),
        ("[]", "is not a JSON object"),
        ("{\"rounds\": 3}", "has no 'scenarios' list"),
        ("{\"scenarios\": []}", "empty 'scenarios' list"),
        (
            "{\"scenarios\": [{\"preset\": \"balanced\", \"workload\": \"steady\"}], \"rouns\": 3}",
            "unknown field 'rouns' (did you mean 'rounds'?)"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"balanced\", \"workload\": \"steady\"}], \"rounds\": 0}",
            "field 'rounds' is 0; it must be from 1 to 1000"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"balanced\", \"workload\": \"steady\"}], \"timeBudgetSeconds\": 0}",
            "field 'timeBudgetSeconds' is 0; it must be from 1 to 86400"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"balanced\", \"workload\": \"steady\"}], \"rounds\": 2.5}",
            "field 'rounds' is 2.5; it must be a whole number"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"balanced\", \"workload\": \"steady\"}], \"rounds\": \"5\"}",
            "field 'rounds' must be a number"
        ),
        ("{\"scenarios\": [{\"workload\": \"steady\"}]}", "has no 'scenarios[0].preset'"),
        ("{\"scenarios\": [{\"preset\": \"balanced\"}]}", "has no 'scenarios[0].workload'"),
        (
            "{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"steady\", \"rate\": -5}]}",
            "field 'scenarios[0].rate' is -5"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"steady\", \"targets\": 1}]}",
            "'scenarios[0].targets' must be true, false, or an object of targets"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"s\"}, {\"preset\": \"b\", \"workload\": \"s\"}]}",
            "two scenarios named 'b/s'"
        ),
        ("{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"s\", \"kind\": \"x\"}]}", "'scenarios[0].kind' is 'x'"),
        (
            "{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"s\"}], \"thresholds\": {\"latency_p95\": 0.1}}",
            "unknown field 'thresholds.latency_p95'"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"s\"}], \"targets\": {\"maxRecordNsPerOp\": -1}}",
            "field 'targets.maxRecordNsPerOp' is -1; it must be from 0 to 1000000"
        ),
        (
            "{\"scenarios\": [{\"preset\": \"b\", \"workload\": \"s\"}], \"targets\": {\"maxRecordNsPerOp\": \"9\"}}",
            "field 'targets.maxRecordNsPerOp' must be a number"
        ),
        (
            #"{"scenarios": [{"preset": "b", "workload": "s", "targets": {"latency_p95_mz": "<= 4"}}]}"#,
            "unknown metric at 'scenarios[0].targets.latency_p95_mz' (did you mean 'latency_p95_ms'?)"
        ),
        (
            #"{"scenarios": [{"preset": "b", "workload": "s", "targets": {"latency_p95_ms{endpoint=x}": "<= 4"}}]}"#,
            "unknown metric at 'scenarios[0].targets.latency_p95_ms{endpoint=x}'"
        ),
        (
            #"{"scenarios": [{"preset": "b", "workload": "s", "targets": {"latency_p95_ms": "< 4"}}]}"#,
            "field 'scenarios[0].targets.latency_p95_ms' must be a condition such as \">= 5000\""
        ),
        (
            #"{"scenarios": [{"preset": "b", "workload": "s", "targets": {"latency_p95_ms": 4}}]}"#,
            "field 'scenarios[0].targets.latency_p95_ms' must be a condition"
        ),
    ])
    func malformedSuitesNameTheFileAndField(text: String, expected: String) {
        do {
            _ = try SuiteLoader.decode(Data(text.utf8), source: "Benchmarks/x.json", defaultName: "x")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.code == .suiteMalformed)
            #expect(error.message.hasPrefix("The suite file 'Benchmarks/x.json' "))
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func aScenarioDeclaresItsOwnTargetsOnAnyMetric() throws {
        let suite = try SuiteLoader.decode(
            Data(
                #"""
                {"scenarios": [
                  {"preset": "balanced", "workload": "steady",
                   "targets": {"throughput_rps": ">= 5000", "latency_p99_ms{operation=report}": "<=40.5"}},
                  {"preset": "balanced", "workload": "spike", "targets": false}]}
                """#.utf8
            ),
            source: "x.json",
            defaultName: "x"
        )
        let declared = suite.scenarios[0]
        // An object keeps the suite-wide targets on and adds the scenario's own, sorted by metric.
        #expect(declared.judgedAgainstTargets)
        #expect(
            declared.targets == [
                MetricTarget(metric: "latency_p99_ms{operation=report}", direction: .atMost, bound: 40.5),
                MetricTarget(metric: "throughput_rps", direction: .atLeast, bound: 5000),
            ]
        )
        #expect(declared.targets.map(\.condition) == ["<= 40.5", ">= 5000"])
        #expect(!suite.scenarios[1].judgedAgainstTargets)
        #expect(suite.scenarios[1].targets.isEmpty)
        #expect(Gate.options(for: suite).declaredTargetsByScenario["balanced/steady"] == declared.targets)
    }

    @Test func missingSettingsTakeDefaults() throws {
        let suite = try SuiteLoader.decode(
            Data(
                #"{"scenarios": [{"preset": "balanced", "workload": "steady"}, {"kind": "monitor-overhead", "preset": "balanced"}]}"#
                    .utf8
            ),
            source: "s.json",
            defaultName: "mine"
        )
        #expect(suite.name == "mine")
        #expect(suite.rounds == 5 && suite.warmupRounds == 1)
        #expect(suite.timeBudgetSeconds == nil)
        #expect(suite.targets == .default)
        #expect(suite.scenarios.map(\.name) == ["balanced/steady", "balanced/monitor-overhead"])
        #expect(suite.scenarios.map(\.judgedAgainstTargets) == [true, false])
    }

    @Test func recordCostTargetIsReadFromTheTargetsSection() throws {
        let suite = try SuiteLoader.decode(
            Data(
                #"{"targets": {"maxRecordNsPerOp": 12.5}, "scenarios": [{"preset": "balanced", "workload": "steady"}]}"#
                    .utf8
            ),
            source: "s.json",
            defaultName: "mine"
        )
        #expect(suite.targets.maxRecordNsPerOp == 12.5)
        #expect(suite.targets.maxMonitorOverheadPercent == PerformanceTargets.default.maxMonitorOverheadPercent)
        #expect(suite.targets.minThroughputRPS == PerformanceTargets.default.minThroughputRPS)
    }
}
