import Foundation
import PerfHTTP
import PerfMonitor
import PerfMonitorTestKit
import Testing

/// The public endpoint, over a real socket on 127.0.0.1, through the public API only.
///
/// Every wait is bounded: the test client's reads and writes time out after 5 s, and shutting
/// down waits at most the grace period (2 s).
@Suite struct MonitorHTTPEndpointTests {
    static func jsonObject(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test(.timeLimit(.minutes(1)))
    func servesTheMonitorsMetricsSummaryAndHealth() async throws {
        var monitoring = MonitoringConfiguration()
        monitoring.clock = ManualMonitorClock()
        monitoring.samplesProcessResources = false
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        for index in 0..<10 {
            monitor.recordRequest(latency: .milliseconds(Int64(1 + index)), succeeded: index != 0)
        }
        let endpoint = try MonitorHTTPEndpoint(
            monitor: monitor,
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            summaryContext: { ["instance": .string("checkout-1")] }
        )
        let port = endpoint.port
        #expect(port > 0)
        #expect(endpoint.host == "127.0.0.1")
        #expect(endpoint.authority == "127.0.0.1:\(port)")
        #expect(endpoint.configuration.isLoopbackOnly)

        let (metrics, summary, health, elsewhere) = try await onOwnThread {
            let client = try TestHTTPClient(port: port)
            try client.get("/metrics")
            let metrics = try client.readResponse()
            try client.get("/summary")
            let summary = try client.readResponse()
            try client.get("/healthz")
            let health = try client.readResponse()
            try client.get("/nothing", extraHeaders: "Connection: close\r\n")
            return (metrics, summary, health, try client.readResponse())
        }

        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == PrometheusExposition.contentType)
        #expect(PrometheusExpositionValidator.problems(in: metrics.body) == [])
        #expect(metrics.body.contains("\nperfgate_requests_total{outcome=\"success\"} 9\n"))
        #expect(metrics.body.contains("\nperfgate_requests_total{outcome=\"failure\"} 1\n"))
        #expect(metrics.body.contains("\nperfgate_request_duration_seconds_count 10\n"))

        #expect(summary.status == 200)
        #expect(summary.headers["content-type"] == "application/json")
        let document = try Self.jsonObject(summary.body)
        #expect(Set(document.keys) == ["summary", "targets", "comparison", "current", "time", "instance"])
        let figures = try #require(document["summary"] as? [String: Any])
        #expect(figures["totalRequests"] as? Int == 10)
        #expect(figures["successRate"] as? Double == 0.9)
        #expect(document["instance"] as? String == "checkout-1")

        #expect(health.status == 200)
        #expect(health.body == "ok\n")
        #expect(elsewhere.status == 404)
        #expect(elsewhere.body.contains("/metrics"))
        #expect(endpoint.answeredRequestCount == 4)

        // True only when every connection had ended within the grace period.
        #expect(endpoint.shutdown())
        // The port is free again once shutdown returns.
        let again = try MonitorHTTPEndpoint(
            monitor: monitor,
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port)
        )
        again.shutdown()
    }

    @Test func aPortInUseIsAnErrorWithItsOwnCode() throws {
        let monitor = StreamPerformanceMonitor()
        let first = try MonitorHTTPEndpoint(
            monitor: monitor,
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        )
        defer { first.shutdown() }
        let error = #expect(throws: PerfHTTPError.self) {
            _ = try MonitorHTTPEndpoint(
                monitor: monitor,
                configuration: HTTPServerConfiguration(host: "127.0.0.1", port: first.port)
            )
        }
        #expect(error?.code == .portInUse)
        #expect(
            error?.description
                == "The address 127.0.0.1:\(first.port) is already in use; stop what listens there or choose "
                + "another port."
        )
    }

    @Test func aValueOutOfRangeIsAConfigurationError() {
        let error = #expect(throws: PerfHTTPError.self) {
            _ = try MonitorHTTPEndpoint(
                monitor: StreamPerformanceMonitor(),
                configuration: HTTPServerConfiguration(port: 0, maxConnections: 0)
            )
        }
        #expect(error?.code == .configuration)
        #expect(error?.message == "The server's maxConnections is 0; it must be in 1...4096.")
    }

    // The README's example ("Serving `/metrics` from your own service"), line for line between the
    // markers, except that it listens on port 0 here so that the test never collides with a
    // running server; `theReadmeShowsTheExampleThatRuns` compares the two.
    @Test(.timeLimit(.minutes(1)))
    func theReadmeExampleServesTheMonitor() async throws {
        // README begin
        let monitor = StreamPerformanceMonitor()
        monitor.start()
        let endpoint = try MonitorHTTPEndpoint(
            monitor: monitor,
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        )
        monitor.recordRequest(latency: .milliseconds(4), succeeded: true)  // in your request handler
        // README end
        let metrics = try await onOwnThread { [port = endpoint.port] in try fetch("/metrics", port: port) }
        // README begin
        // GET http://127.0.0.1:9464/metrics (Prometheus), /summary, /history, /healthz. At exit:
        endpoint.shutdown()
        monitor.stop()
        // README end
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("\nperfgate_requests_total{outcome=\"success\"} 1\n"))
    }

    @Test func theReadmeShowsTheExampleThatRuns() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let readme = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let readmeLines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        let heading = try #require(readmeLines.firstIndex(of: "### Serving `/metrics` from your own service"))
        let open = try #require(readmeLines[heading...].firstIndex(of: "```swift"))
        let close = try #require(readmeLines[(open + 1)...].firstIndex(of: "```"))
        let shown = Array(readmeLines[(open + 1)..<close])

        var tested = ["import PerfHTTP", "import PerfMonitor", ""]
        var isInside = false
        for line in try String(contentsOf: testFile, encoding: .utf8).components(separatedBy: "\n") {
            let trimmed = line.drop { $0 == " " }
            if trimmed == "// README begin" {
                isInside = true
            } else if trimmed == "// README end" {
                isInside = false
            } else if isInside {
                tested.append(String(line.dropFirst(8)).replacingOccurrences(of: "port: 0)", with: "port: 9464)"))
            }
        }
        #expect(shown == tested)
    }
}
