import PerfMonitor
import Synchronization
import Testing

@testable import PerfGate

/// Runs no load: returns a throughput that depends on the scenario and records the call order.
final class FakeExecutor: RoundExecutor {
    let calls = Mutex<[(name: String, seed: UInt64)]>([])
    let invalidScenario: String?

    init(invalidScenario: String? = nil) {
        self.invalidScenario = invalidScenario
    }

    func run(
        _ scenario: SuiteScenario,
        durationSeconds: Double,
        seed: UInt64,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws(PerfGateError) -> RoundOutcome {
        let count = calls.withLock { calls in
            calls.append((scenario.name, seed))
            return calls.count
        }
        progress(1)
        let histogram = LatencyHistogram()
        histogram.record(.milliseconds(Int64(count)))
        return RoundOutcome(
            metrics: [.throughputRPS: Double(count), .latencyP95Ms: 2],
            latency: histogram.snapshot(),
            history: [StoredHistoryPoint(t: 1, rps: Double(count), p95Ms: 2)],
            invalidReasons: scenario.name == invalidScenario ? ["the driver fell behind"] : []
        )
    }
}

@Suite struct SuiteRunnerTests {
    static func suite(rounds: Int = 3, warmUp: Int = 1) -> Suite {
        Suite(
            name: "t",
            description: "",
            warmupRounds: warmUp,
            rounds: rounds,
            roundDurationSeconds: 1,
            seed: 9,
            maxExtraRounds: 2,
            targets: .default,
            thresholds: [:],
            quick: nil,
            scenarios: ["a", "b"].map {
                SuiteScenario(
                    name: $0,
                    kind: .workload,
                    preset: "balanced",
                    workload: "steady",
                    rate: nil,
                    durationSeconds: nil,
                    judgedAgainstTargets: true,
                    slowdownPercent: 0
                )
            }
        )
    }

    @Test func roundsAreInterleavedAndWarmUpIsDiscarded() async throws {
        let executor = FakeExecutor()
        let runner = SuiteRunner(executor: executor, toolVersion: "test", calibrationDuration: .milliseconds(1))
        let result = try await runner.run(Self.suite())
        #expect(executor.calls.withLock { $0.map(\.name) } == ["a", "b", "a", "b", "a", "b", "a", "b"])
        // Calls 1 and 2 were warm-up; a got calls 3, 5, 7 and b got 4, 6, 8.
        #expect(result.scenario(named: "a")?.series(.throughputRPS)?.values == [3, 5, 7])
        #expect(result.scenario(named: "b")?.series(.throughputRPS)?.values == [4, 6, 8])
        #expect(result.scenario(named: "a")?.series(.throughputRPS)?.median == 5)
        #expect(result.scenario(named: "a")?.latencyHistogram?.count == 3)
        #expect(result.environment.calibrationScore > 0)
        #expect(result.schemaVersion == 1)
    }

    @Test func everyRoundHasItsOwnRecordedSeed() async throws {
        let executor = FakeExecutor()
        let result = try await SuiteRunner(
            executor: executor,
            toolVersion: "test",
            calibrationDuration: .milliseconds(1)
        )
        .run(Self.suite())
        let seeds = executor.calls.withLock { $0.map(\.seed) }
        #expect(Set(seeds).count == seeds.count)
        #expect(result.scenarios[0].workload.seed == SuiteRunner.seed(suite: 9, scenario: 0, round: 1))
        #expect(SuiteRunner.seed(suite: 9, scenario: 0, round: 1) == SuiteRunner.seed(suite: 9, scenario: 0, round: 1))
    }

    @Test func anInvalidRoundMarksItsScenarioInvalid() async throws {
        let result = try await SuiteRunner(
            executor: FakeExecutor(invalidScenario: "b"),
            toolVersion: "test",
            calibrationDuration: .milliseconds(1)
        ).run(Self.suite(rounds: 2, warmUp: 0))
        #expect(result.scenario(named: "a")?.valid == true)
        #expect(result.scenario(named: "b")?.valid == false)
        #expect(
            result.scenario(named: "b")?.invalidReasons == [
                "round 1: the driver fell behind", "round 2: the driver fell behind",
            ]
        )
    }

    @Test func extraRoundsAppendToTheChosenScenariosOnly() async throws {
        let executor = FakeExecutor()
        let runner = SuiteRunner(executor: executor, toolVersion: "test", calibrationDuration: .milliseconds(1))
        let suite = Self.suite(rounds: 2, warmUp: 0)
        let first = try await runner.run(suite)
        let more = try await runner.runMore(["b"], extraRounds: 2, of: suite, into: first)
        #expect(more.scenario(named: "a")?.series(.throughputRPS)?.values == [1, 3])
        #expect(more.scenario(named: "b")?.series(.throughputRPS)?.values == [2, 4, 5, 6])
        #expect(more.scenario(named: "b")?.latencyHistogram?.count == 4)
    }

    @Test func progressReachesOne() async throws {
        let last = Mutex<Double>(0)
        let runner = SuiteRunner(executor: FakeExecutor(), toolVersion: "t", calibrationDuration: .milliseconds(1)) {
            fraction,
            _ in
            last.withLock { $0 = max($0, fraction) }
        }
        _ = try await runner.run(Self.suite(rounds: 1, warmUp: 0))
        #expect(last.withLock { $0 } == 1)
    }

    /// The result's `loop` comes from the workload's spec, so every closed-loop workload says so.
    @Test(arguments: [
        (SuiteScenario.Kind.workload, "steady", "open"), (.workload, "spike", "open"), (.workload, "capacity", "open"),
        (.workload, "sessions", "closed"), (.workload, "saturation", "closed"), (.workload, "nosuch", "open"),
        (.monitorOverhead, "steady", "closed"),
    ])
    func resultsRecordTheWorkloadsLoop(kind: SuiteScenario.Kind, workload: String, loop: String) {
        var scenario = Self.suite().scenarios[0]
        scenario.kind = kind
        scenario.workload = workload
        let result = SuiteRunner.scenarioResult(scenario, suite: Self.suite(), index: 0, rounds: [])
        #expect(result.workload.loop == loop)
    }
}
