import PerfMonitorTestKit
import Testing

@testable import PerfMonitor

@Suite struct StreamPerformanceMonitorTests {
    // The seed specification's three tests.

    @Test func sessionRecording() {
        let (monitor, clock) = makeTestMonitor()
        monitor.sessionStarted(connectionID: "conn-1")
        monitor.sessionStarted(connectionID: "conn-2")
        #expect(monitor.currentMetrics().activeConnections == 2)
        monitor.recordSessionActivity(connectionID: "conn-1", messages: 3, bytes: 300)
        clock.advance(by: .seconds(2))
        monitor.sessionEnded(connectionID: "conn-1")
        monitor.recordStreamSession(
            connectionID: "conn-3",
            messageCount: 10,
            duration: .seconds(5),
            bytesProcessed: 1024
        )
        let debug = monitor.debugSnapshot()
        #expect(monitor.currentMetrics().activeConnections == 1)
        #expect(debug.completedSessions.count == 2)
        #expect(debug.completedSessions.totalMessages == 13)
        #expect(debug.completedSessions.totalBytes == 1324)
        #expect(debug.completedSessions.longestDuration == .seconds(5))
        #expect(debug.activeSessions.map(\.connectionID) == ["conn-2"])
    }

    @Test func summaryReflectsRecordedRequests() {
        let (monitor, clock) = makeTestMonitor()
        monitor.updateMemoryUsage(bytes: 50 * 1_048_576)
        monitor.updateWorkerUtilization(0.75)
        for index in 0..<1_000 {
            monitor.recordRequest(latency: .milliseconds(index < 950 ? 10 : 100), succeeded: index % 100 != 0)
        }
        for index in 0..<10 { monitor.recordCacheLookup(hit: index < 8) }
        monitor.recordBackpressureEvent()
        clock.advance(by: .seconds(1))
        let summary = monitor.summary()
        #expect(summary.totalRequests == 1_000)
        #expect(summary.throughputRPS == 1_000)
        #expect(abs(summary.latencyP50Ms - 10) < 0.1)
        #expect(abs(summary.latencyP99Ms - 100) < 1)
        #expect(abs(summary.successRate - 0.99) < 1e-12)
        #expect(summary.memoryMB == 50)
        #expect(summary.workerUtilization == 0.75)
        #expect(summary.cacheEfficiency == 0.8)
        #expect(summary.backpressureEvents == 1)
        #expect(summary.uptime == .seconds(1))
    }

    @Test func targetComparison() {
        let summary = PerformanceSummary(
            throughputRPS: 3_000,
            peakThroughputRPS: 3_000,
            meanLatencyMs: 10,
            latencyP50Ms: 8,
            latencyP95Ms: 50,
            latencyP99Ms: 80,
            maxLatencyMs: 90,
            totalRequests: 10,
            successRate: 0.995,
            memoryMB: 50,
            peakResidentMB: nil,
            activeConnections: 0,
            workerUtilization: 0,
            cacheEfficiency: 0,
            backpressureEvents: 0,
            uptime: .seconds(1)
        )
        let comparison = summary.compared(with: .default)
        #expect(comparison.throughputRatio == 1.5)
        #expect(comparison.latencyRatio == 0.5)
        #expect(comparison.successRatio == 0.995)
        #expect(comparison.memoryRatio == 2.0)
        #expect(abs(comparison.overallScore - (1.5 + 0.5 + 0.995 + 2.0) / 4) < 1e-12)
        #expect(
            comparison.meetsThroughput && !comparison.meetsLatency && comparison.meetsSuccessRate
                && comparison.meetsMemory
        )
        #expect(!comparison.meetsAllTargets)
    }

    @Test(arguments: [
        (0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 2.0),
        (10_000.0, 1.0, 1.0, 1.0, 2.0, 2.0, 1.0, 2.0),
        (2_000.0, 25.0, 0.99, 100.0, 1.0, 1.0, 0.99, 1.0),
    ])
    func targetMathHasNoNaNAtZeroAndCapsAtTwo(
        throughput: Double,
        p95: Double,
        success: Double,
        memory: Double,
        throughputRatio: Double,
        latencyRatio: Double,
        successRatio: Double,
        memoryRatio: Double
    ) {
        let comparison = TargetComparison(
            throughputRPS: throughput,
            latencyP95Ms: p95,
            successRate: success,
            memoryMB: memory,
            targets: .default
        )
        #expect(comparison.throughputRatio == throughputRatio)
        #expect(comparison.latencyRatio == latencyRatio)
        #expect(comparison.successRatio == successRatio)
        #expect(comparison.memoryRatio == memoryRatio)
        #expect(comparison.overallScore.isFinite)
    }

    @Test func zeroTargetsAndNonFiniteFiguresGiveFiniteRatios() {
        let zero = PerformanceTargets(minThroughputRPS: 0, maxLatencyP95Ms: 0, minSuccessRate: 0, maxMemoryMB: 0)
        let comparison = TargetComparison(
            throughputRPS: .nan,
            latencyP95Ms: .infinity,
            successRate: .nan,
            memoryMB: 5,
            targets: zero
        )
        for ratio in [
            comparison.throughputRatio, comparison.latencyRatio, comparison.successRatio, comparison.memoryRatio,
            comparison.overallScore,
        ] {
            #expect(ratio.isFinite)
        }
    }

    @Test func recordedValueIsVisibleAtOnceWithoutATick() {
        let (monitor, clock) = makeTestMonitor()
        clock.advance(by: .milliseconds(50))
        monitor.recordRequest(latency: .milliseconds(7), succeeded: true)
        let metrics = monitor.currentMetrics()
        #expect(metrics.totalRequests == 1)
        #expect(abs(metrics.latencyP95Ms - 7) < 0.07)
        #expect(metrics.currentRPS == 20)
    }

    @Test func slidingWindowForgetsRequestsOlderThanTheWindow() {
        let (monitor, clock) = makeTestMonitor { $0.throughputWindow = .seconds(10) }
        for _ in 0..<1_000 { monitor.recordRequest(latency: .milliseconds(40), succeeded: true) }
        clock.advance(by: .seconds(1))
        monitor.tick()
        #expect(monitor.currentMetrics().currentRPS == 1_000)
        #expect(abs(monitor.currentMetrics().latencyP95Ms - 40) < 0.4)
        for second in 2...10 {
            for _ in 0..<100 { monitor.recordRequest(latency: .milliseconds(2), succeeded: true) }
            clock.advance(by: .seconds(1))
            monitor.tick()
            #expect(monitor.currentMetrics().currentRPS == Double(1_000 + 100 * (second - 1)) / Double(second))
        }
        // Second 11: the first second (the slow requests) has left the 10 s window.
        for _ in 0..<100 { monitor.recordRequest(latency: .milliseconds(2), succeeded: true) }
        clock.advance(by: .seconds(1))
        monitor.tick()
        let metrics = monitor.currentMetrics()
        #expect(metrics.currentRPS == 100)
        #expect(abs(metrics.latencyP95Ms - 2) < 0.02)
        #expect(metrics.peakRPS == 1_000)
        #expect(metrics.totalRequests == 2_000)
    }

    @Test func historyHoldsOnePointPerIntervalUpToRetention() {
        let (monitor, clock) = makeTestMonitor { $0.historyRetention = .seconds(30) }
        for _ in 0..<45 {
            monitor.recordRequest(latency: .milliseconds(1), succeeded: true)
            clock.advance(by: .seconds(1))
            monitor.tick()
        }
        let points = monitor.historyPoints()
        #expect(points.count == 30)
        #expect(points.first?.at.monotonic == .seconds(16))
        #expect(points.last?.at.monotonic == .seconds(45))
        #expect(points.allSatisfy { $0.requestsPerSecond == 1 })
    }

    @Test func hourlyAndDailyAggregatesMergeHistograms() throws {
        // Start 30 minutes before a UTC midnight, run 90 minutes at 1 s.
        let (monitor, clock) = makeTestMonitor {
            $0.clock = ManualMonitorClock(secondsSinceEpoch: 1_767_225_600 - 1_800)
        }
        guard let manual = monitor.configuration.clock as? ManualMonitorClock else {
            Issue.record("the test clock is not manual")
            return
        }
        _ = clock
        for second in 0..<5_400 {
            let slow = second < 1_800
            for _ in 0..<4 { monitor.recordRequest(latency: .milliseconds(slow ? 20 : 5), succeeded: second % 10 != 0) }
            manual.advance(by: .seconds(1))
            monitor.tick()
        }
        let hours = monitor.hourlyAggregates()
        // Collections at -1799…-1 s, 0…3599 s and 3600 s around midnight: three UTC hours.
        try #require(hours.count == 3)
        #expect(hours[0].startSecondsSinceEpoch == 1_767_225_600 - 3_600)
        #expect(hours.map(\.requests) == [4 * 1_799, 4 * 3_600, 4])
        #expect(abs(hours[0].latency.percentileMilliseconds(0.95) - 20) < 0.2)
        #expect(abs(hours[1].latency.percentileMilliseconds(0.5) - 5) < 0.05)
        #expect(abs(hours[1].latency.percentileMilliseconds(0.95) - 5) < 0.05)
        let days = monitor.dailyAggregates()
        try #require(days.count == 2)
        #expect(days.map(\.requests) == [4 * 1_799, 4 * 3_601])
        let merged = hours[0].latency.merging(hours[1].latency).merging(hours[2].latency)
        #expect(days[0].latency.merging(days[1].latency) == merged, "days hold exactly the merged hours")
        #expect(abs(hours[0].errorRate - 0.1) < 0.01)
    }

    @Test func latencySpikeRaisesAnAnomalyEventAsAJSONLine() {
        let sink = CollectingSink()
        let (monitor, clock) = makeTestMonitor { $0.eventSink = sink }
        var random = TestRandom(seed: 5)
        for second in 0..<40 {
            let latency: Duration =
                second == 35 ? .milliseconds(200) : .microseconds(Int64(5_000 + random.normal() * 200))
            for _ in 0..<200 { monitor.recordRequest(latency: latency, succeeded: true) }
            clock.advance(by: .seconds(1))
            monitor.tick()
        }
        let anomalies = sink.events.compactMap { event -> AnomalyEvent? in
            if case .anomaly(let anomaly) = event { return anomaly }
            return nil
        }
        #expect(anomalies.map(\.kind) == [.highLatency])
        #expect(anomalies.first?.at.monotonic == .seconds(36))
        #expect(monitor.recentAnomalies().count == 1)
        let reports = sink.events.filter { if case .report = $0 { true } else { false } }
        #expect(reports.count == 40)
        let line = MonitorEvent.anomaly(anomalies[0]).jsonLine
        #expect(line.hasPrefix("{\"expected\":"))
        #expect(line.contains("\"kind\":\"high_latency\""))
        #expect(line.contains("\"time\":\"2026-01-01T00:00:36.000Z\""))
        #expect(!line.contains("\n"))
    }

    @Test func idleSessionsExpireAtCollection() {
        let (monitor, clock) = makeTestMonitor { $0.sessionIdleTimeout = .seconds(30) }
        monitor.sessionStarted(connectionID: "idle")
        monitor.sessionStarted(connectionID: "busy")
        for _ in 0..<40 {
            clock.advance(by: .seconds(1))
            monitor.recordSessionActivity(connectionID: "busy")
            monitor.tick()
        }
        let debug = monitor.debugSnapshot()
        #expect(debug.activeSessions.map(\.connectionID) == ["busy"])
        #expect(debug.completedSessions.expiredCount == 1)
    }

    @Test func badInputIsClampedOrRejectedAndNeverReachesTheFigures() {
        let (monitor, clock) = makeTestMonitor()
        monitor.recordRequest(latency: .seconds(-5), succeeded: true)
        monitor.recordRequest(latency: .seconds(1_000_000), succeeded: false)
        monitor.updateWorkerUtilization(.nan)
        monitor.updateWorkerUtilization(7)
        monitor.updateMemoryUsage(bytes: -1)
        monitor.updateQueueDepth(-10)
        monitor.recordBatch(size: -3, duration: .milliseconds(-1))
        monitor.recordStreamSession(connectionID: "", messageCount: -1, duration: .seconds(-1), bytesProcessed: -5)
        monitor.recordError(kind: "")
        clock.advance(by: .seconds(1))
        monitor.tick()
        let summary = monitor.summary()
        let metrics = monitor.currentMetrics()
        let values = [
            summary.throughputRPS, summary.meanLatencyMs, summary.latencyP95Ms, summary.successRate, summary.memoryMB,
            summary.workerUtilization, metrics.currentRPS, metrics.latencyP99Ms, metrics.meanBatchSize,
        ]
        #expect(values.allSatisfy { $0.isFinite })
        #expect(summary.totalRequests == 1)
        #expect(summary.maxLatencyMs == 100_000)
        #expect(summary.workerUtilization == 1)
        #expect(metrics.queueDepth == 0)
        #expect(monitor.debugSnapshot().rejectedLatencies == 1)
        #expect(monitor.debugSnapshot().rejectedInputs == 5)
        let exposition = monitor.prometheusExposition()
        #expect(!exposition.contains("NaN"))
        #expect(PrometheusExpositionValidator.problems(in: exposition).isEmpty)
    }

    @Test func unsoundConfigurationFallsBackToDefaults() {
        var configuration = MonitoringConfiguration()
        configuration.collectionInterval = .zero
        configuration.anomalyThreshold = .nan
        configuration.metricNamespace = "9bad name"
        #expect(configuration.problems.count == 3)
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        #expect(monitor.configuration.collectionInterval == .seconds(1))
        #expect(monitor.configuration.anomalyThreshold == 3)
        #expect(monitor.configuration.metricNamespace == "perfgate")
        #expect(monitor.configuration.problems.isEmpty)
    }

    @Test func backgroundCollectionTicksOnItsOwn() async throws {
        var configuration = MonitoringConfiguration()
        configuration.collectionInterval = .milliseconds(20)
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        monitor.start()
        monitor.start()
        var waited = 0
        while monitor.debugSnapshot().intervalsCollected < 3 && waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        monitor.stop()
        #expect(monitor.debugSnapshot().intervalsCollected >= 3)
    }

    @Test func disabledMonitorIgnoresEveryRecording() {
        let (monitor, clock) = makeTestMonitor { $0.isEnabled = false }
        monitor.recordRequest(latency: .milliseconds(1), succeeded: false)
        monitor.recordError(kind: "timeout")
        monitor.recordCacheLookup(hit: true)
        monitor.recordBackpressureEvent()
        monitor.sessionStarted(connectionID: "x")
        monitor.updateQueueDepth(5)
        clock.advance(by: .seconds(1))
        let metrics = monitor.currentMetrics()
        #expect(metrics.totalRequests == 0)
        #expect(metrics.errorsByKind.isEmpty)
        #expect(metrics.cacheLookups == 0 && metrics.backpressureEvents == 0)
        #expect(metrics.activeConnections == 0 && metrics.queueDepth == 0)
    }

    @Test func defaultHistoryCapacityIsADayAtOneSecond() {
        let monitor = StreamPerformanceMonitor()
        #expect(monitor.debugSnapshot().historyPoints.capacity == 86_400)
    }
}
