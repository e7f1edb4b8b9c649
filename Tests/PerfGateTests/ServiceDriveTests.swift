import PerfMonitor
import StreamService
import Testing
import Workloads

@testable import PerfGate

/// Drives real workloads through the real service (short, low-rate runs).
@Suite(.serialized) struct ServiceDriveTests {
    @Test func aOneSecondStallRaisesP99ToAtLeast900MillisecondsFromTheIntendedSendTime() async throws {
        // 200 req/s for 3 s with every worker paused from 1 s to 2 s: the requests meant for the
        // first tenth of the stall wait at least 0.9 s, about 3% of all, so P99 must reach 900 ms
        // when latency is measured from the intended send time (no coordinated omission).
        let workload = try WorkloadSpec.steady.overriding(rate: 200, duration: .seconds(3), seed: 5)
        let outcome = try await ServiceDrive.run(
            configuration: .balanced,
            workload: workload,
            faults: FaultInjection(stall: FaultInjection.Stall(start: .seconds(1), length: .seconds(1)))
        )
        #expect(outcome.report.sent == 600)
        let p99 = try #require(outcome.metrics[.latencyP99Ms])
        #expect(p99 >= 900, "P99 was \(p99) ms")
        #expect((outcome.metrics[.latencyMaxMs] ?? 0) >= 950)
        // The monitor and the driver agree on every request.
        #expect(outcome.latency.count == UInt64(outcome.report.completed))
    }

    @Test func aSteadyRunReportsEveryDesignedMetric() async throws {
        let workload = try WorkloadSpec.steady.overriding(rate: 300, duration: .milliseconds(800), seed: 9)
        let outcome = try await ServiceDrive.run(configuration: .memoryEfficient, workload: workload)
        for metric in [
            MetricID.throughputRPS, .latencyP50Ms, .latencyP95Ms, .latencyP99Ms, .latencyMaxMs, .successRate,
            .errorRate,
            .cacheHitRatio, .backpressureEvents, .peakRSSMB, .cpuPercent, .workerUtilization, .scheduleLagP99Ms,
        ] {
            #expect(outcome.metrics[metric] != nil, "\(metric.rawValue)")
        }
        #expect(outcome.metrics[.successRate] == 1)
        #expect(abs((outcome.metrics[.throughputRPS] ?? 0) - 300) < 3)
    }

    @Test func injectedErrorsReachTheMetrics() async throws {
        let workload = try WorkloadSpec.steady.overriding(rate: 400, duration: .milliseconds(500), seed: 3)
        let outcome = try await ServiceDrive.run(
            configuration: .balanced,
            workload: workload,
            faults: FaultInjection(errorRate: 0.2)
        )
        let errorRate = try #require(outcome.metrics[.errorRate])
        #expect(errorRate > 0.1 && errorRate < 0.3)
        #expect((outcome.report.failuresByKind["injected"] ?? 0) > 0)
    }

    @Test func theOverheadScenarioPairsADisabledAndARealMonitor() async throws {
        let scenario = SuiteScenario(
            name: "balanced/monitor-overhead",
            kind: .monitorOverhead,
            preset: "balanced",
            workload: "saturation",
            rate: nil,
            durationSeconds: nil,
            judgedAgainstTargets: false,
            slowdownPercent: 0
        )
        let outcome = try await ServiceRoundExecutor().run(scenario, durationSeconds: 0.3, seed: 4) { _ in }
        let overhead = try #require(outcome.metrics[.monitorOverheadPercent])
        #expect(overhead.isFinite && abs(overhead) < 100)
        #expect((outcome.metrics[.recordNsPerOp] ?? 0) > 0)
        #expect((outcome.metrics[.throughputRPS] ?? 0) > 0)
    }
}
