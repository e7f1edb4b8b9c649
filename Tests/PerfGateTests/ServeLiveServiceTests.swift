import Foundation
import PerfHTTP
import PerfMonitor
import PerfMonitorTestKit
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

    /// Waits until `condition` holds, at most `bound`; the bound only keeps a broken run from
    /// hanging the test, and every caller checks the condition afterwards.
    static func waitUntil(
        _ bound: Duration = .seconds(120),
        _ condition: () async throws -> Bool
    ) async rethrows {
        let deadline = ContinuousClock.now.advanced(by: bound)
        while ContinuousClock.now < deadline, try await !condition() {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The live run's figures as `/summary` shows them.
    static func summaryDocument(port: Int) async throws -> [String: Any] {
        try jsonObject(try await onOwnThread { try fetch("/summary", port: port) }.body)
    }

    // The run has no duration and stops when the test has seen what it waits for: a fixed
    // duration would race the reads on a loaded machine (the server is gone when the run ends).
    @Test func servesValidMetricsAndSummaryWhileTheWorkloadRuns() async throws {
        let sink = CollectingSink()
        let live = try LiveService(configuration: Self.configuration(duration: nil, sink: sink))
        let port = live.port
        async let outcome = live.run()

        // Wait until the monitor has seen requests and the workload has begun its second round,
        // then read every endpoint.
        var summary: [String: Any] = [:]
        try await Self.waitUntil {
            summary = try await Self.summaryDocument(port: port)
            let figures = summary["summary"] as? [String: Any]
            let service = summary["service"] as? [String: Any]
            return (figures?["totalRequests"] as? Int ?? 0) > 50 && (service?["rounds"] as? Int ?? 0) >= 2
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
        await Self.waitUntil { sink.events.count { if case .report = $0 { true } else { false } } >= 4 }
        live.requestStop()
        let finished = try await outcome

        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(PrometheusExpositionValidator.problems(in: metrics.body) == [])
        #expect(metrics.body.contains("perfgate_request_duration_seconds_bucket{le=\"0.005\"}"))
        #expect(metrics.body.contains("\nperfgate_requests_total"))

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
        #expect(service["rounds"] as? Int ?? 0 >= 2)

        #expect(history.status == 200)
        let points = try #require(try Self.jsonObject(history.body)["points"] as? [[String: Any]])
        #expect(!points.isEmpty)
        #expect(health.body == "ok\n")

        #expect(finished.stopReason == .requested)
        #expect(finished.load.rounds >= 2)
        #expect(finished.load.completed == finished.load.sent)
        #expect(finished.summary.totalRequests == UInt64(finished.load.completed))
        // The summary reads, the three on one connection, and nothing else.
        #expect(finished.answeredHTTPRequests >= 4)
        #expect(finished.serverStoppedCleanly)
        let reports = sink.events.filter { if case .report = $0 { true } else { false } }
        #expect(reports.count >= 4)
        #expect(finished.historyPointCount == reports.count)
    }

    @Test func aRunWithADurationStopsByItself() async throws {
        let live = try LiveService(configuration: Self.configuration(duration: .milliseconds(400)))
        let finished = try await live.run()
        #expect(finished.stopReason == .duration)
        #expect(finished.elapsed >= .milliseconds(400))
        #expect(finished.load.rounds >= 1)
        #expect(finished.load.completed == finished.load.sent)
        #expect(finished.serverStoppedCleanly)
    }

    @Test func aStopRequestEndsARunWithoutADuration() async throws {
        let live = try LiveService(configuration: Self.configuration(duration: nil))
        let port = live.port
        async let outcome = live.run()
        await Self.waitUntil { live.monitor.summary().totalRequests >= 20 }
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
        #expect(error?.code == .serveWorkload)
    }

    @Test func aPortInUseIsAServeErrorNamingTheOptionThatFixesIt() throws {
        let busy = try MonitorHTTPEndpoint(
            monitor: StreamPerformanceMonitor(),
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        )
        defer { busy.shutdown() }
        var configuration = try Self.configuration(duration: .seconds(1))
        configuration.server.port = busy.port
        let error = #expect(throws: PerfGateError.self) { _ = try LiveService(configuration: configuration) }
        #expect(error?.code == .servePortInUse)
        #expect(error?.message.contains("127.0.0.1:\(busy.port)") == true)
        #expect(error?.message.contains("--port") == true)
        #expect(error?.message.contains("\n") == false)
        #expect(
            error?.description
                == "The address 127.0.0.1:\(busy.port) is already in use; stop what listens there or choose another "
                + "port with --port."
        )
    }

    @Test(arguments: [
        (
            PerfHTTPError(
                code: .permissionDenied,
                message: "Listening on 127.0.0.1:80 is not permitted; choose a port of 1024 or above.",
                cause: "Permission denied"
            ),
            PerfGateError(
                code: .servePermissionDenied,
                message: "Listening on 127.0.0.1:80 is not permitted; choose a port of 1024 or above with --port.",
                cause: "Permission denied"
            )
        ),
        (
            PerfHTTPError(code: .invalidAddress, message: "The bind address 'x' is not an IPv4 or IPv6 address."),
            PerfGateError(code: .serveInvalidAddress, message: "The bind address 'x' is not an IPv4 or IPv6 address.")
        ),
        (
            PerfHTTPError(code: .configuration, message: "The server's backlog is 0; it must be in 1...65535."),
            PerfGateError(code: .serveConfiguration, message: "The server's backlog is 0; it must be in 1...65535.")
        ),
    ])
    func anEndpointErrorKeepsItsCodeUnderServe(endpoint: PerfHTTPError, served: PerfGateError) {
        #expect(PerfGateError(serving: endpoint) == served)
    }
}
