import Foundation
import PerfMonitor
import StreamService
import Testing
import Workloads

@testable import PerfGate

@Suite struct ServeLiveServiceTests {
    static func configuration(
        duration: Duration?,
        sink: (any MonitorEventSink)? = nil
    ) throws
        -> LiveServiceConfiguration
    {
        LiveServiceConfiguration(
            presetName: "balanced",
            service: try OptimizationConfig.preset(named: "balanced"),
            workload: try WorkloadSpec.steady.overriding(rate: 200, duration: .milliseconds(700), seed: 5),
            duration: duration,
            server: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            eventSink: sink,
            collectionInterval: .milliseconds(250)
        )
    }

    static func jsonObject(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func servesValidMetricsAndSummaryWhileTheWorkloadRuns() async throws {
        let sink = CollectingSink()
        let live = try LiveService(configuration: Self.configuration(duration: .milliseconds(1800), sink: sink))
        let port = live.port
        async let outcome = live.run()

        // Wait (bounded) until the monitor has seen requests, then read every endpoint.
        var summaryText = ""
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            let summary = try await onOwnThread { try fetch("/summary", port: port) }
            summaryText = summary.body
            let document = try Self.jsonObject(summaryText)
            if let figures = document["summary"] as? [String: Any], (figures["totalRequests"] as? Int ?? 0) > 50 {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let (metrics, history, health) = try await onOwnThread {
            let client = try TestHTTPClient(port: port)
            try client.get("/metrics")
            let metrics = try client.readResponse()
            try client.get("/history?last=100")
            let history = try client.readResponse()
            try client.get("/healthz", extraHeaders: "Connection: close\r\n")
            return (metrics, history, try client.readResponse())
        }
        let finished = try await outcome

        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(PrometheusExpositionValidator.problems(in: metrics.body) == [])
        #expect(metrics.body.contains("perfgate_request_duration_seconds_bucket{le=\"0.005\"}"))
        #expect(metrics.body.contains("\nperfgate_requests_total"))

        let summary = try Self.jsonObject(summaryText)
        #expect(Set(summary.keys).isSuperset(of: ["summary", "targets", "comparison", "current", "service", "time"]))
        let figures = try #require(summary["summary"] as? [String: Any])
        for key in ["throughputRPS", "latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "successRate", "totalRequests"] {
            #expect(figures[key] is NSNumber, "summary.\(key)")
        }
        let comparison = try #require(summary["comparison"] as? [String: Any])
        #expect(comparison["overallScore"] is NSNumber)
        #expect(comparison["meetsAllTargets"] is Bool)
        let service = try #require(summary["service"] as? [String: Any])
        #expect(service["preset"] as? String == "balanced")
        #expect(service["workload"] as? String == "steady")

        #expect(history.status == 200)
        let points = try #require(try Self.jsonObject(history.body)["points"] as? [[String: Any]])
        #expect(!points.isEmpty)
        #expect(health.body == "ok\n")

        #expect(finished.stopReason == .duration)
        #expect(finished.load.rounds >= 2)
        #expect(finished.load.completed == finished.load.sent)
        #expect(finished.summary.totalRequests == UInt64(finished.load.completed))
        #expect(finished.answeredHTTPRequests >= 4)
        #expect(finished.serverStoppedCleanly)
        let reports = sink.events.filter { if case .report = $0 { true } else { false } }
        #expect(reports.count >= 4)
        #expect(finished.historyPointCount == reports.count)
    }

    @Test func aStopRequestEndsARunWithoutADuration() async throws {
        let live = try LiveService(configuration: Self.configuration(duration: nil))
        let port = live.port
        async let outcome = live.run()
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline, live.monitor.summary().totalRequests < 20 {
            try await Task.sleep(for: .milliseconds(20))
        }
        live.requestStop()
        let finished = try await outcome
        #expect(finished.stopReason == .requested)
        #expect(finished.summary.totalRequests >= 20)
        // The server is gone once run returns.
        #expect(throws: TestClientError.self) { _ = try TestHTTPClient(port: port) }
    }

    @Test func aCapacitySearchCannotBeServed() throws {
        var configuration = try Self.configuration(duration: .seconds(1))
        configuration.workload = .capacity
        let error = #expect(throws: PerfGateError.self) { _ = try LiveService(configuration: configuration) }
        #expect(error?.code == "serve.workload")
    }

    @Test func theSummaryDocumentHoldsTheMonitorsFigures() throws {
        let clock = ManualMonitorClock()
        var monitoring = MonitoringConfiguration()
        monitoring.clock = clock
        monitoring.samplesProcessResources = false
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        for index in 0..<100 {
            monitor.recordRequest(latency: .milliseconds(Int64(1 + index % 10)), succeeded: index != 0)
        }
        clock.advance(by: .seconds(1))
        monitor.tick()
        let summary = try Self.jsonObject(
            MonitorEndpoints.summaryDocument(for: monitor, context: ["extra": .string("x")]).rendered()
        )
        let figures = try #require(summary["summary"] as? [String: Any])
        #expect(figures["totalRequests"] as? Int == 100)
        #expect(figures["successRate"] as? Double == 0.99)
        #expect(figures["throughputRPS"] as? Int == 100)
        #expect(summary["extra"] as? String == "x")
        let comparison = try #require(summary["comparison"] as? [String: Any])
        #expect(comparison["meetsThroughput"] as? Bool == false)
        #expect(comparison["meetsLatency"] as? Bool == true)

        clock.advance(by: .seconds(1))
        monitor.tick()
        let history = try Self.jsonObject(MonitorEndpoints.historyDocument(for: monitor, last: 1).rendered())
        #expect(history["totalPoints"] as? Int == 2)
        let points = try #require(history["points"] as? [[String: Any]])
        #expect(points.count == 1)
        #expect(points.first?["requestsPerSecond"] as? Int == 0)
        #expect(points.first?["time"] as? String == "2026-01-01T00:00:02.000Z")
    }

    @Test func historyRefusesABadLimit() async throws {
        let monitor = StreamPerformanceMonitor()
        let routes = MonitorEndpoints.routes(for: monitor)
        let response = routes.response(to: HTTPRequest(method: "GET", target: "/history?last=-3"))
        #expect(response.status == .badRequest)
        let metrics = routes.response(to: HTTPRequest(method: "GET", target: "/metrics"))
        #expect(metrics.headers.value(of: "Content-Type") == PrometheusExposition.contentType)
    }
}
