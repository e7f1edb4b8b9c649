import Foundation
import PerfMonitorTestKit
import Testing

@testable import PerfMonitor

@Suite struct MonitorOperationTests {
    /// A test monitor that declares `operations`.
    static func monitor(
        _ operations: [String] = ["dashboard", "report"]
    ) -> (StreamPerformanceMonitor, ManualMonitorClock) {
        makeTestMonitor { $0.operations = operations }
    }

    @Test func recordsEachOperationApartAndInTheTotal() throws {
        let (monitor, clock) = Self.monitor()
        let dashboard = try #require(monitor.operation(named: "dashboard"))
        let report = try #require(monitor.operation(named: "report"))
        for _ in 0..<30 { monitor.recordRequest(latency: .milliseconds(2), succeeded: true, operation: dashboard) }
        for index in 0..<10 {
            monitor.recordRequest(latency: .milliseconds(40), succeeded: index >= 2, operation: report)
        }
        for _ in 0..<5 { monitor.recordRequest(latency: .milliseconds(7), succeeded: false) }
        clock.advance(by: .seconds(2))

        let summary = monitor.summary()
        #expect(summary.totalRequests == 45)
        #expect(abs(summary.successRate - 38.0 / 45) < 1e-12)
        #expect(summary.operations.map(\.name) == ["dashboard", "report"])
        #expect(summary.operations == monitor.operationSummaries())

        let dashboardFigures = summary.operations[0]
        #expect(dashboardFigures.totalRequests == 30)
        #expect(dashboardFigures.failedRequests == 0)
        #expect(dashboardFigures.throughputRPS == 15)
        #expect(abs(dashboardFigures.latencyP50Ms - 2) < 0.02)
        #expect(abs(dashboardFigures.maxLatencyMs - 2) < 0.02)
        #expect(dashboardFigures.successRate == 1)
        #expect(dashboardFigures.errorRate == 0)

        let reportFigures = summary.operations[1]
        #expect(reportFigures.totalRequests == 10)
        #expect(reportFigures.failedRequests == 2)
        #expect(reportFigures.throughputRPS == 5)
        #expect(abs(reportFigures.latencyP95Ms - 40) < 0.4)
        #expect(abs(reportFigures.latencyP99Ms - 40) < 0.4)
        #expect(abs(reportFigures.successRate - 0.8) < 1e-12)
        #expect(abs(reportFigures.errorRate - 0.2) < 1e-12)

        let reportLatency = try #require(monitor.latencySnapshot(of: report))
        #expect(reportLatency.count == 10)
        #expect(monitor.latencySnapshot().count == 45)
        #expect(monitor.debugSnapshot().undeclaredOperations == 0)
    }

    @Test func theNameFormRecordsLikeTheHandle() throws {
        let (byName, _) = Self.monitor()
        let (byHandle, _) = Self.monitor()
        let report = try #require(byHandle.operation(named: "report"))
        for index in 0..<50 {
            let latency: Duration = .microseconds(Int64(500 + index * 37))
            byName.recordRequest(latency: latency, succeeded: index % 7 != 0, operation: "report")
            byHandle.recordRequest(latency: latency, succeeded: index % 7 != 0, operation: report)
        }
        #expect(byName.operationSummaries() == byHandle.operationSummaries())
        #expect(byName.latencySnapshot() == byHandle.latencySnapshot())
        #expect(byName.operationSummaries()[1].totalRequests == 50)
    }

    @Test func undeclaredNamesCountInTheTotalAndTheDebugCounterOnly() {
        let (monitor, _) = Self.monitor()
        for index in 0..<1_000 {
            monitor.recordRequest(latency: .milliseconds(1), succeeded: index % 2 == 0, operation: "made-up-\(index)")
        }
        monitor.recordRequest(latency: .milliseconds(1), succeeded: true, operation: "")
        #expect(monitor.summary().totalRequests == 1_001)
        #expect(monitor.currentMetrics().failedRequests == 500)
        #expect(monitor.debugSnapshot().undeclaredOperations == 1_001)
        #expect(monitor.operations.map(\.name) == ["dashboard", "report"])
        #expect(monitor.operationSummaries().map(\.totalRequests) == [0, 0])
        #expect(monitor.operation(named: "made-up-1") == nil)
        #expect(!monitor.prometheusExposition().contains("made-up"))
    }

    @Test func anotherMonitorsHandleIsUndeclared() throws {
        let (monitor, _) = Self.monitor()
        let (other, _) = Self.monitor()
        let foreign = try #require(other.operation(named: "report"))
        monitor.recordRequest(latency: .milliseconds(3), succeeded: false, operation: foreign)
        #expect(monitor.summary().totalRequests == 1)
        #expect(monitor.currentMetrics().failedRequests == 1)
        #expect(monitor.operationSummaries().map(\.totalRequests) == [0, 0])
        #expect(monitor.debugSnapshot().undeclaredOperations == 1)
        #expect(monitor.latencySnapshot(of: foreign) == nil)
        #expect(other.summary().totalRequests == 0)
    }

    @Test func aDisabledMonitorIgnoresOperations() throws {
        let (monitor, _) = makeTestMonitor {
            $0.operations = ["report"]
            $0.isEnabled = false
        }
        let report = try #require(monitor.operation(named: "report"))
        monitor.recordRequest(latency: .milliseconds(3), succeeded: true, operation: report)
        monitor.recordRequest(latency: .milliseconds(3), succeeded: true, operation: "nope")
        #expect(monitor.summary().totalRequests == 0)
        #expect(monitor.operationSummaries()[0].totalRequests == 0)
        #expect(monitor.debugSnapshot().undeclaredOperations == 0)
    }

    @Test func operationsWithoutRequestsReportNeutralFigures() {
        let (monitor, clock) = Self.monitor(["idle"])
        clock.advance(by: .seconds(1))
        let idle = monitor.operationSummaries()[0]
        #expect(idle.totalRequests == 0)
        #expect(idle.throughputRPS == 0)
        #expect(idle.maxLatencyMs == 0)
        #expect(idle.successRate == 1)
        #expect(idle.errorRate == 0)
    }

    @Test func twoThreadsRecordingLoseNothing() async throws {
        let (monitor, _) = Self.monitor()
        let handles = monitor.operations
        let perTask = 50_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<2 {
                group.addTask {
                    for index in 0..<perTask {
                        // Both threads write both operations, and one of them also by name.
                        let operation = handles[(task + index) & 1]
                        let succeeded = index % 10 != 0
                        if task == 1 && index % 5 == 0 {
                            monitor.recordRequest(
                                latency: .microseconds(100),
                                succeeded: succeeded,
                                operation: operation.name
                            )
                        } else {
                            monitor.recordRequest(
                                latency: .microseconds(100),
                                succeeded: succeeded,
                                operation: operation
                            )
                        }
                    }
                }
            }
        }
        let summaries = monitor.operationSummaries()
        #expect(summaries.map(\.totalRequests) == [UInt64(perTask), UInt64(perTask)])
        #expect(summaries.map(\.failedRequests).reduce(0, +) == UInt64(2 * perTask / 10))
        #expect(monitor.summary().totalRequests == UInt64(2 * perTask))
        #expect(monitor.currentMetrics().failedRequests == UInt64(2 * perTask / 10))
        let first = try #require(monitor.latencySnapshot(of: handles[0]))
        let second = try #require(monitor.latencySnapshot(of: handles[1]))
        #expect(first.merging(second) == monitor.latencySnapshot())
    }

    // MARK: README

    @Test func theReadmeExampleRuns() {
        // README begin
        var configuration = MonitoringConfiguration()
        configuration.operations = ["dashboard", "report"]
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        let report = monitor.operation(named: "report")!  // resolve once, at start-up

        monitor.recordRequest(latency: .milliseconds(40), succeeded: true, operation: report)
        monitor.recordRequest(latency: .milliseconds(3), succeeded: true, operation: "dashboard")  // hashes the name
        for figures in monitor.operationSummaries() {  // also `summary().operations`
            print(figures.name, figures.totalRequests, figures.throughputRPS, figures.latencyP95Ms, figures.errorRate)
        }
        // README end
        #expect(monitor.operationSummaries().map(\.totalRequests) == [1, 1])
    }

    @Test func theReadmeShowsTheExampleThatRuns() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let readme = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let readmeLines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        let heading = try #require(readmeLines.firstIndex(of: "### Named operations"))
        let open = try #require(readmeLines[heading...].firstIndex(of: "```swift"))
        let close = try #require(readmeLines[(open + 1)...].firstIndex(of: "```"))
        let shown = Array(readmeLines[(open + 1)..<close])

        var tested: [String] = []
        var isInside = false
        for line in try String(contentsOf: testFile, encoding: .utf8).components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "// README begin" {
                isInside = true
            } else if trimmed == "// README end" {
                isInside = false
            } else if isInside {
                tested.append(String(line.dropFirst(8)))
            }
        }
        #expect(tested.count > 5)
        #expect(shown == tested)
    }

    // MARK: Configuration

    @Test(arguments: ["", "has space", "quote\"", "ünicode", "new\nline", "a/b", "{x}"])
    func invalidNamesAreLeftOutAndListed(name: String) {
        var configuration = MonitoringConfiguration()
        configuration.operations = ["report", name]
        #expect(configuration.problems.count == 1)
        #expect(configuration.problems.first?.hasPrefix("operations[1]") == true)
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        #expect(monitor.configuration.operations == ["report"])
        #expect(monitor.operation(named: name) == nil)
    }

    @Test(arguments: ["report", "a", "A-Z_0.9", "v1.search-by_id"])
    func validNamesAreKept(name: String) {
        #expect(MonitorOperation.isValidName(name))
        var configuration = MonitoringConfiguration()
        configuration.operations = [name]
        #expect(configuration.problems == [])
        #expect(StreamPerformanceMonitor(configuration: configuration).operation(named: name)?.index == 0)
    }

    @Test func repeatedNamesKeepTheFirst() {
        var configuration = MonitoringConfiguration()
        configuration.operations = ["report", "dashboard", "report"]
        #expect(configuration.problems == ["operations[2] 'report' repeats operations[0]; the repeat is left out."])
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        #expect(monitor.operations.map(\.name) == ["report", "dashboard"])
        #expect(monitor.operations.map(\.index) == [0, 1])
    }

    @Test func namesPastTheLimitAreLeftOut() {
        let names = (0...MonitorOperation.maximumCount).map { "op\($0)" }
        var configuration = MonitoringConfiguration()
        configuration.operations = names
        let last = MonitorOperation.maximumCount
        #expect(configuration.problems.count == 1)
        #expect(configuration.problems.first?.hasPrefix("operations[\(last)] 'op\(last)' is past the") == true)
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        #expect(monitor.operations.map(\.name) == Array(names.prefix(MonitorOperation.maximumCount)))
        #expect(monitor.operation(named: "op\(last)") == nil)
    }

    // MARK: Prometheus

    /// A monitor with two operations and requests of each, and some without one.
    static func exposedMonitor() -> StreamPerformanceMonitor {
        let (monitor, clock) = Self.monitor(["report", "dashboard"])
        for index in 0..<40 {
            monitor.recordRequest(
                latency: .microseconds(Int64(800 + index * 90)),
                succeeded: true,
                operation: "dashboard"
            )
        }
        for index in 0..<10 {
            monitor.recordRequest(
                latency: .milliseconds(Int64(20 + index * 3)),
                succeeded: index > 1,
                operation: "report"
            )
        }
        monitor.recordRequest(latency: .milliseconds(5), succeeded: false)
        clock.advance(by: .seconds(1))
        monitor.tick()
        return monitor
    }

    @Test func theExpositionHasLabelledSeriesAndPassesTheValidator() {
        let exposition = Self.exposedMonitor().prometheusExposition()
        #expect(PrometheusExpositionValidator.problems(in: exposition) == [])
        let lines = Set(exposition.split(separator: "\n").map(String.init))
        #expect(lines.contains("perfgate_request_duration_seconds_count{operation=\"report\"} 10"))
        #expect(lines.contains("perfgate_request_duration_seconds_count{operation=\"dashboard\"} 40"))
        #expect(lines.contains("perfgate_request_duration_seconds_bucket{operation=\"report\",le=\"+Inf\"} 10"))
        #expect(lines.contains("perfgate_request_duration_seconds_bucket{operation=\"report\",le=\"0.01\"} 0"))
        #expect(lines.contains("perfgate_request_duration_seconds_bucket{operation=\"dashboard\",le=\"0.005\"} 40"))
        #expect(lines.contains("perfgate_request_duration_seconds_count 51"))
        #expect(lines.contains("perfgate_requests_total{operation=\"report\",outcome=\"failure\"} 2"))
        #expect(lines.contains("perfgate_requests_total{operation=\"report\",outcome=\"success\"} 8"))
        #expect(lines.contains("perfgate_requests_total{operation=\"dashboard\",outcome=\"failure\"} 0"))
        #expect(lines.contains("perfgate_requests_total{outcome=\"failure\"} 3"))
        #expect(lines.contains("perfgate_requests_total{outcome=\"success\"} 48"))
        // The report's latencies sum to 10 × 20 ms + 3 ms × (0 + … + 9).
        #expect(lines.contains("perfgate_request_duration_seconds_sum{operation=\"report\"} 0.335"))
        let help = lines.first { $0.hasPrefix("# HELP perfgate_request_duration_seconds ") }
        #expect(help?.contains("without an operation label is the total") == true)
        // Series are in name order: dashboard before report.
        let dashboard = exposition.range(of: "_count{operation=\"dashboard\"}")
        let report = exposition.range(of: "_count{operation=\"report\"}")
        #expect(dashboard != nil && report != nil && dashboard!.lowerBound < report!.lowerBound)
    }

    @Test func theUnlabelledSeriesStayTheTotals() {
        // The same requests, with and without operations: every series without an operation
        // label is the same, byte for byte.
        let (plain, clock) = makeTestMonitor()
        for index in 0..<40 {
            plain.recordRequest(latency: .microseconds(Int64(800 + index * 90)), succeeded: true)
        }
        for index in 0..<10 {
            plain.recordRequest(latency: .milliseconds(Int64(20 + index * 3)), succeeded: index > 1)
        }
        plain.recordRequest(latency: .milliseconds(5), succeeded: false)
        clock.advance(by: .seconds(1))
        plain.tick()
        func samples(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.contains("operation=") }
        }
        let labelled = Self.exposedMonitor().prometheusExposition()
        #expect(samples(labelled) == samples(plain.prometheusExposition()))
        #expect(labelled.count > plain.prometheusExposition().count)
    }

    @Test func perOperationCountsAddUpToTheTotalWhenEveryRequestHasOne() throws {
        let (monitor, _) = Self.monitor(["a", "b", "c"])
        for index in 0..<99 {
            monitor.recordRequest(
                latency: .milliseconds(1),
                succeeded: index % 4 != 0,
                operation: ["a", "b", "c"][index % 3]
            )
        }
        let exposition = monitor.prometheusExposition()
        func value(_ prefix: String) throws -> Double {
            let line = try #require(exposition.split(separator: "\n").first { $0.hasPrefix(prefix + " ") })
            return try #require(Double(line.split(separator: " ").last ?? ""))
        }
        var perOperation = 0.0
        for name in ["a", "b", "c"] {
            perOperation += try value("perfgate_request_duration_seconds_count{operation=\"\(name)\"}")
        }
        #expect(perOperation == (try value("perfgate_request_duration_seconds_count")))
        #expect(perOperation == 99)
    }
}
