import Foundation
import PerfMonitor
import PerfMonitorTestKit
import Testing

@testable import PerfHTTP

/// The documents and routes behind the endpoint, without a socket.
@Suite struct MonitorEndpointsTests {
    static func jsonObject(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
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

    @Test func theSummaryDocumentHasEachOperationByName() throws {
        let clock = ManualMonitorClock()
        var monitoring = MonitoringConfiguration()
        monitoring.clock = clock
        monitoring.samplesProcessResources = false
        monitoring.operations = ["report", "dashboard"]
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        for index in 0..<20 {
            monitor.recordRequest(latency: .milliseconds(30), succeeded: index >= 5, operation: "report")
        }
        monitor.recordRequest(latency: .milliseconds(2), succeeded: true)
        clock.advance(by: .seconds(2))
        let document = try Self.jsonObject(MonitorEndpoints.summaryDocument(for: monitor).rendered())
        let operations = try #require(document["operations"] as? [String: Any])
        #expect(Set(operations.keys) == ["report", "dashboard"])
        let report = try #require(operations["report"] as? [String: Any])
        #expect(report["totalRequests"] as? Int == 20)
        #expect(report["failedRequests"] as? Int == 5)
        #expect(report["throughputRPS"] as? Int == 10)
        #expect(report["successRate"] as? Double == 0.75)
        #expect(report["errorRate"] as? Double == 0.25)
        let dashboard = try #require(operations["dashboard"] as? [String: Any])
        #expect(dashboard["totalRequests"] as? Int == 0)
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["totalRequests"] as? Int == 21)

        let plain = try Self.jsonObject(MonitorEndpoints.summaryDocument(for: StreamPerformanceMonitor()).rendered())
        #expect(plain["operations"] == nil)
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
