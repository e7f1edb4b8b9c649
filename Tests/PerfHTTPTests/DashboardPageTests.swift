import Foundation
import PerfMonitor
import PerfMonitorTestKit
import Synchronization
import Testing

@testable import PerfHTTP

/// The dashboard at `/`, and the `/summary` figures it draws.
@Suite struct DashboardPageTests {
    @Test func theRootAnswersThePageAsHTML() {
        let routes = MonitorEndpoints.routes(for: StreamPerformanceMonitor())
        let response = routes.response(to: HTTPRequest(method: "GET", target: "/"))
        #expect(response.status == .ok)
        #expect(response.headers.value(of: "Content-Type") == "text/html; charset=utf-8")
        #expect(response.headers.value(of: "Cache-Control") == "no-cache")
        #expect(response.headers.value(of: "Content-Security-Policy")?.contains("connect-src 'self'") == true)
        let page = String(decoding: response.body, as: UTF8.self)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains("fetch(path"))
        #expect(page.contains("\"/summary\""))
        #expect(page.contains("\"/history?last=\""))
    }

    @Test func theServiceRoutesServeThePageToo() {
        var routes = HTTPRoutes()
        routes.addMonitorEndpoints(for: StreamPerformanceMonitor())
        #expect(routes.paths.contains("/"))
        #expect(routes.response(to: HTTPRequest(method: "GET", target: "/")).body == DashboardPage.response.body)
    }

    @Test(arguments: DashboardPage.chartNames)
    func thePageHasEachChart(_ name: String) {
        #expect(DashboardPage.html.contains("<svg class=\"chart\" data-chart=\"\(name)\" data-points=\"0\""))
        #expect(DashboardPage.html.contains("  \(name): {"), "the script draws \(name)")
    }

    @Test func thePageFetchesNothingFromElsewhere() throws {
        let page = DashboardPage.html
        // The SVG namespace is a name, never fetched; it is the one absolute URL allowed.
        let namespace = "http://www.w3.org/2000/svg"
        let withoutNamespace = page.replacingOccurrences(of: "\"" + namespace + "\"", with: "\"\"")
        #expect(page.contains(namespace))
        #expect(!withoutNamespace.contains("http://"))
        #expect(!withoutNamespace.contains("https://"))
        #expect(!withoutNamespace.contains("//"), "no protocol-relative URL, and no // comment to hide one")
        #expect(!page.contains("@import"))
        #expect(!page.contains("url("))
        #expect(!page.contains("<iframe"))
        // Every src or href is a same-origin path or inline data (the empty icon, so that the
        // browser does not ask for /favicon.ico).
        let reference = try Regex(#"(?:src|href|action)\s*=\s*["']?([^"' >]*)"#)
        let references = page.matches(of: reference).map { String($0.output[1].substring ?? "") }
        #expect(references == ["data:,"])
        #expect(references.allSatisfy { $0.hasPrefix("data:") || ($0.hasPrefix("/") && !$0.hasPrefix("//")) })
        let fetched = try Regex(#"fetchJSON\("([^"]*)""#)
        let paths = page.matches(of: fetched).map { String($0.output[1].substring ?? "") }
        #expect(paths == ["/history?last=", "/summary"])
    }

    @Test func thePageNeverParsesDataAsMarkup() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
            #expect(!DashboardPage.html.contains(sink), "the page uses \(sink)")
        }
        #expect(DashboardPage.html.contains("textContent"))
    }

    @Test func thePageRecordsItsStateForScripts() {
        let page = DashboardPage.html
        #expect(page.contains(#"<body data-connection="connecting" data-js-errors="0">"#))
        #expect(page.contains("window.addEventListener(\"error\""))
        #expect(page.contains("setConnection(\"disconnected\")"))
        #expect(page.contains("svg.dataset.points = String(drawn)"))
    }

    @Test func theSummaryHasEveryCurrentFigureTheChartsDraw() throws {
        let clock = ManualMonitorClock()
        var monitoring = MonitoringConfiguration()
        monitoring.clock = clock
        monitoring.samplesProcessResources = false
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        for index in 0..<4 { monitor.recordCacheLookup(hit: index != 0) }
        monitor.updateMemoryUsage(bytes: 3 * 1_048_576)
        monitor.updateQueueDepth(7)
        monitor.updateWorkerUtilization(0.5)
        clock.advance(by: .seconds(1))
        monitor.tick()
        let document = try MonitorEndpointsTests.jsonObject(MonitorEndpoints.summaryDocument(for: monitor).rendered())
        let current = try #require(document["current"] as? [String: Any])
        #expect(current["cacheLookups"] as? Int == 4)
        #expect(current["cacheHits"] as? Int == 3)
        #expect(current["cacheHitRatio"] as? Double == 0.75)
        #expect(current["memoryBytes"] as? Double == 3_145_728.0)
        #expect(current["queueDepth"] as? Int == 7)
        #expect(current["workerUtilization"] as? Double == 0.5)
        #expect(current["activeConnections"] as? Int == 0)
        #expect(current.keys.contains("cpuPercent"))
        #expect(current["cpuPercent"] is NSNull, "no CPU figure when sampling is off")
        #expect(current["hostCPUStealPercent"] is NSNull, "no steal figure when the host is not read")
    }

    @Test func theSummaryHasTheShareOfTheCPUTheHostStoleInTheLastInterval() throws {
        // Two cores for a second between readings; 0.1 s stolen in the second interval: 5%.
        let readings = Mutex([HostCPUTimes(totalSeconds: 100, stolenSeconds: 1)])
        let clock = ManualMonitorClock()
        var monitoring = MonitoringConfiguration()
        monitoring.clock = clock
        monitoring.samplesProcessResources = false
        monitoring.hostCPUSource = {
            readings.withLock { list in
                let last = list[list.count - 1]
                let stolen = list.count == 2 ? 0.1 : 0.002
                list.append(
                    HostCPUTimes(totalSeconds: last.totalSeconds + 2, stolenSeconds: last.stolenSeconds + stolen)
                )
                return last
            }
        }
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        func steal() throws -> Any? {
            let rendered = MonitorEndpoints.summaryDocument(for: monitor).rendered()
            let document = try MonitorEndpointsTests.jsonObject(rendered)
            return try #require(document["current"] as? [String: Any])["hostCPUStealPercent"]
        }
        monitor.tick()
        #expect(try steal() is NSNull, "one reading is no interval")
        for expected in [0.1, 5.0, 0.1] {
            clock.advance(by: .seconds(1))
            monitor.tick()
            let figure = try #require(try steal() as? Double)
            #expect(abs(figure - expected) < 1e-9)
            #expect(abs((monitor.currentMetrics().hostCPUStealPercent ?? -1) - expected) < 1e-9)
        }
    }

    @Test func eachOperationHasAWindowOfItsRecentRequests() throws {
        let clock = ManualMonitorClock()
        var monitoring = MonitoringConfiguration()
        monitoring.clock = clock
        monitoring.samplesProcessResources = false
        monitoring.operations = ["report", "dashboard"]
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        let window = OperationWindow()
        func operations() throws -> [String: [String: Any]] {
            let document = try MonitorEndpointsTests.jsonObject(
                MonitorEndpoints.summaryDocument(for: monitor, operationWindow: window).rendered()
            )
            return try #require(document["operations"] as? [String: [String: Any]])
        }
        // Slow and failing at first, then fast and healthy: the window forgets the start.
        for index in 0..<10 {
            monitor.recordRequest(latency: .milliseconds(200), succeeded: index >= 5, operation: "report")
        }
        #expect(try operations()["report"]?["window"] == nil, "one sample is no window yet")
        for _ in 1...12 {
            clock.advance(by: .seconds(1))
            for _ in 0..<4 { monitor.recordRequest(latency: .milliseconds(2), succeeded: true, operation: "report") }
            _ = try operations()
        }
        clock.advance(by: .seconds(1))
        for _ in 0..<4 { monitor.recordRequest(latency: .milliseconds(2), succeeded: true, operation: "report") }
        let report = try #require(try operations()["report"])
        let recent = try #require(report["window"] as? [String: Any])
        #expect(recent["windowSeconds"] as? Int == 10)
        #expect(recent["requests"] as? Int == 40)
        #expect(recent["requestsPerSecond"] as? Int == 4)
        #expect(recent["errorRate"] as? Int == 0)
        #expect(try #require(recent["latencyP99Ms"] as? Double) < 10)
        #expect(report["failedRequests"] as? Int == 5, "since start keeps the early failures")
        #expect(try #require(report["latencyP99Ms"] as? Double) > 100)
        let dashboard = try #require(try operations()["dashboard"]?["window"] as? [String: Any])
        #expect(dashboard["requests"] as? Int == 0)
        #expect(dashboard["errorRate"] as? Int == 0)
    }

    @Test func theWindowStartsOverAfterAQuietSpell() throws {
        let clock = ManualMonitorClock()
        var monitoring = MonitoringConfiguration()
        monitoring.clock = clock
        monitoring.samplesProcessResources = false
        monitoring.operations = ["report"]
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        let window = OperationWindow()
        #expect(window.documents(for: monitor, summaries: monitor.operationSummaries()).isEmpty)
        clock.advance(by: .seconds(2))
        monitor.recordRequest(latency: .milliseconds(3), succeeded: false, operation: "report")
        let recent = window.documents(for: monitor, summaries: monitor.operationSummaries())
        guard case .object(let members) = recent["report"] else {
            Issue.record("no window after two seconds: \(recent)")
            return
        }
        #expect(members["errorRate"] == .number(1))
        #expect(members["requestsPerSecond"] == .number(0.5))
        clock.advance(by: .seconds(30))
        #expect(window.documents(for: monitor, summaries: monitor.operationSummaries()).isEmpty)
    }
}
