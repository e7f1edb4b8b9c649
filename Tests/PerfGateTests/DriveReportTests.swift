import PerfMonitor
import StreamService
import Testing
import Workloads

@testable import PerfGate

/// `perfgate drive`'s output, byte for byte, on outcomes made up here (no load runs).
@Suite struct DriveReportTests {
    static func outcome(
        workload: WorkloadSpec,
        report: DriverReport,
        metrics: [MetricID: Double],
        capacity: CapacitySearchResult? = nil
    ) -> DriveOutcome {
        DriveOutcome(
            workload: workload,
            report: report,
            summary: StreamPerformanceMonitor().summary(),
            history: [],
            statistics: ServiceStatistics(),
            metrics: metrics,
            capacity: capacity,
            latency: HistogramSnapshot()
        )
    }

    static func invalidSteadyRun() throws -> DriveOutcome {
        outcome(
            workload: try WorkloadSpec.steady.overriding(rate: 200, seed: 42),
            report: DriverReport(
                offered: 100,
                sent: 100,
                completed: 99,
                succeeded: 97,
                failuresByKind: ["timeout": 1, "rejected": 1],
                latency: HistogramSnapshot(),
                elapsed: .milliseconds(500),
                validity: .invalid(reasons: ["the driver fell behind by 120 ms", "3 requests unsent"])
            ),
            metrics: [
                .throughputRPS: 199.8, .latencyP50Ms: 1.2346, .latencyP95Ms: 3.5, .latencyP99Ms: 12,
                .latencyMaxMs: 250.4, .successRate: 0.97, .cacheHitRatio: 0.5, .backpressureEvents: 3,
                .peakRSSMB: 48.25, .cpuPercent: 123.456, .scheduleLagP99Ms: 0.25,
            ]
        )
    }

    @Test func textListsRequestsFailuresMetricsTargetsAndValidity() throws {
        #expect(
            DriveReport(preset: "balanced").text(try Self.invalidSteadyRun()) == """
                perfgate drive: balanced / steady (seed 42)
                requests: offered 100, sent 100, completed 99, succeeded 97
                failures: rejected 1, timeout 1
                throughput            199.8 req/s
                latency P50           1.235 ms
                latency P95           3.500 ms
                latency P99           12 ms
                latency max           250.4 ms
                success rate          0.970 ratio
                cache hit ratio       0.500 ratio
                backpressure events   3 count
                peak RSS              48.250 MB
                CPU                   123.5 %
                schedule lag P99      0.250 ms
                targets (2000 req/s, P95 25 ms, 99% success, 100 MB): score 1.267, missed: throughput, success
                run: INVALID — the driver fell behind by 120 ms; 3 requests unsent

                """
        )
    }

    @Test func aRunTheHypervisorStoleMoreThanTheLimitFromIsInvalid() throws {
        func run(steal: Double?) throws -> DriveOutcome {
            var metrics: [MetricID: Double] = [.throughputRPS: 200, .latencyP99Ms: 12]
            metrics[.cpuStealPercent] = steal
            return Self.outcome(
                workload: try WorkloadSpec.steady.overriding(rate: 200, seed: 42),
                report: DriverReport(
                    offered: 100,
                    sent: 100,
                    completed: 100,
                    succeeded: 100,
                    latency: HistogramSnapshot(),
                    elapsed: .milliseconds(500)
                ),
                metrics: metrics
            )
        }
        let limited = DriveReport(preset: "balanced", maxStealPercent: 5)
        let stolen = try run(steal: 12.25)
        #expect(!limited.isValid(stolen))
        #expect(
            limited.text(stolen).hasSuffix(
                "run: INVALID — The host's hypervisor took 12.250% of the CPU time during the run, more than the "
                    + "5% allowed (--max-steal): the latencies measure the host as much as the service; run it again "
                    + "when the machine is quieter.\n"
            )
        )
        #expect(limited.json(stolen).contains("\"valid\":false"))
        #expect(limited.isValid(try run(steal: 5)), "at the limit is within it")
        #expect(limited.isValid(try run(steal: nil)), "no host reading, no verdict on it")
        #expect(DriveReport(preset: "balanced").isValid(stolen), "no limit, no verdict")
        #expect(DriveReport(preset: "balanced").json(stolen).contains("\"valid\":true"))
    }

    @Test func textOfACapacitySearchListsItsProbesAndHoldsTheMetricsAgainstTheGivenTargets() throws {
        let passing = DriverReport(
            offered: 1000,
            sent: 1000,
            completed: 1000,
            succeeded: 1000,
            latency: .init(),
            elapsed: .seconds(1)
        )
        let failing = DriverReport(
            offered: 1000,
            sent: 1000,
            completed: 1000,
            succeeded: 980,
            latency: .init(),
            elapsed: .seconds(1)
        )
        let search = CapacitySearchResult(
            capacity: 2400,
            firstFailingRate: 2600,
            probes: [
                CapacityProbe(rate: 2400, phase: .stepUp, report: passing, failureReasons: []),
                CapacityProbe(
                    rate: 2600,
                    phase: .bisect,
                    report: failing,
                    failureReasons: ["P95 31 ms over 25 ms", "success 98%"]
                ),
            ],
            stopReason: .converged
        )
        let outcome = Self.outcome(
            workload: try WorkloadSpec.capacity.overriding(seed: 3),
            report: passing,
            metrics: [.throughputRPS: 2400, .latencyP95Ms: 4, .successRate: 1, .peakRSSMB: 32],
            capacity: search
        )
        let targets = PerformanceTargets(
            minThroughputRPS: 1500,
            maxLatencyP95Ms: 10,
            minSuccessRate: 1,
            maxMemoryMB: 64
        )
        #expect(
            DriveReport(preset: "high-performance", targets: targets).text(outcome) == """
                perfgate drive: high-performance / capacity (seed 3)
                capacity: 2400 req/s, first failing rate 2600 req/s
                  probe 2400 req/s: P95 0 ms, success 100% — pass
                  probe 2600 req/s: P95 0 ms, success 98% — fail: P95 31 ms over 25 ms; success 98%
                requests: offered 1000, sent 1000, completed 1000, succeeded 1000
                throughput            2400 req/s
                latency P95           4 ms
                success rate          1 ratio
                peak RSS              32 MB
                targets (1500 req/s, P95 10 ms, 100% success, 64 MB): score 1.650, all met
                run: valid

                """
        )
    }

    @Test func jsonHasMetricsByIdentifierValiditySeedAndRequestsWithSortedKeys() throws {
        var outcome = try Self.invalidSteadyRun()
        outcome.metrics = [.throughputRPS: 199.8, .successRate: 0.97]
        outcome.report.validity = .valid
        outcome.report.failuresByKind = [:]
        #expect(
            DriveReport(preset: "balanced").json(outcome)
                == #"{"invalidReasons":[],"metrics":{"success_rate":0.97,"throughput_rps":199.8},"preset":"balanced","#
                + #""requests":{"completed":99,"failuresByKind":{},"offered":100,"sent":100,"succeeded":97},"seed":42,"#
                + #""valid":true,"workload":"steady"}"# + "\n"
        )
    }
}
