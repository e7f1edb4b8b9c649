import Foundation
import PerfMonitor
import StreamService
import Testing
import Workloads

@testable import PerfGate

/// `perfgate serve`'s final summary on an outcome made up here (no service runs).
@Suite struct ServeReportTests {
    static func report() throws -> ServeReport {
        ServeReport(
            configuration: LiveServiceConfiguration(
                presetName: "balanced",
                service: .balanced,
                workload: try WorkloadSpec.steady.overriding(seed: 7)
            ),
            monitor: StreamPerformanceMonitor()
        )
    }

    static func outcome() -> LiveServiceOutcome {
        var summary = StreamPerformanceMonitor().summary()
        summary.throughputRPS = 1234.56
        summary.peakThroughputRPS = 2000
        summary.latencyP50Ms = 0.8
        summary.latencyP95Ms = 4.25
        summary.latencyP99Ms = 9
        summary.maxLatencyMs = 150.56
        summary.successRate = 0.995
        summary.cacheEfficiency = 0.5
        summary.backpressureEvents = 3
        summary.memoryMB = 48
        var load = LiveLoadTally()
        load.rounds = 1
        load.offered = 3000
        load.sent = 2990
        load.completed = 2980
        load.succeeded = 2965
        load.failuresByKind = ["timeout": 15]
        return LiveServiceOutcome(
            summary: summary,
            comparison: summary.compared(
                with: PerformanceTargets(minThroughputRPS: 1000, maxLatencyP95Ms: 5, minSuccessRate: 1, maxMemoryMB: 50)
            ),
            load: load,
            stopReason: .requested,
            elapsed: .milliseconds(2500),
            historyPointCount: 2,
            anomalies: [],
            answeredHTTPRequests: 12,
            serverStoppedCleanly: true
        )
    }

    @Test func textListsTheRunTheMonitorsFiguresAndTheConfiguredTargets() throws {
        #expect(
            try Self.report().text(Self.outcome()) == """
                perfgate serve: balanced / steady (seed 7), ran 2.500 s, stopped: stop requested
                requests: offered 3000, sent 2990, completed 2980, succeeded 2965 over 1 round
                failures: timeout 15
                throughput            1234.6 req/s (peak 2000)
                latency P50           0.800 ms
                latency P95           4.250 ms
                latency P99           9 ms
                latency max           150.6 ms
                success rate          99.500 %
                cache hit ratio       0.500
                backpressure events   3
                memory                48 MB
                history points        2
                anomalies             0
                target breaches       0
                HTTP requests         12
                targets (1000 req/s, P95 5 ms, 100% success, 50 MB): score 1.112, missed: success

                """
        )
    }

    @Test func jsonIsTheSummaryDocumentWithHowTheRunWent() throws {
        struct Document: Decodable {
            struct Run: Decodable, Equatable {
                var preset: String
                var workload: String
                var seed: UInt64
                var stopReason: String
                var elapsedSeconds: Double
                var rounds: Int
                var invalidRounds: Int
                var offered: Int
                var sent: Int
                var completed: Int
                var succeeded: Int
                var failuresByKind: [String: Int]
                var historyPoints: Int
                var anomalies: Int
                var httpRequestsAnswered: Int
            }
            var run: Run
        }
        let json = try Self.report().json(Self.outcome())
        #expect(json.hasSuffix("}\n") && json.filter { $0 == "\n" }.count == 1)
        let document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        #expect(
            document.run
                == Document.Run(
                    preset: "balanced",
                    workload: "steady",
                    seed: 7,
                    stopReason: "requested",
                    elapsedSeconds: 2.5,
                    rounds: 1,
                    invalidRounds: 0,
                    offered: 3000,
                    sent: 2990,
                    completed: 2980,
                    succeeded: 2965,
                    failuresByKind: ["timeout": 15],
                    historyPoints: 2,
                    anomalies: 0,
                    httpRequestsAnswered: 12
                )
        )
    }
}
