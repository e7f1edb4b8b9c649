import Foundation
import PerfMonitorTestKit
import Testing

@testable import PerfMonitor

/// The default anomaly tuning and the target-breach watcher: quiet on a clean steady run, loud on
/// a stall or a slowdown.
@Suite struct AlertTuningTests {
    static let start = MonitorInstant(monotonic: .zero, secondsSinceEpoch: 1_767_225_600)

    /// Ten minutes of one-second intervals of a clean steady run at 2000 req/s, with the jitter a
    /// real one shows: P95 log-normal around 2.5 ms with a 1.4× hiccup in 2% of intervals,
    /// Poisson-like throughput, a heap that grows slowly, CPU around 35%.
    static func steadyIntervals(seed: UInt64, count: Int = 600) -> [[AnomalyKind: Double]] {
        var random = TestRandom(seed: seed)
        return (0..<count).map { index in
            let hiccup = random.unit() < 0.02 ? 1.4 : 1
            return [
                .highLatency: 2.5 * exp(0.15 * random.normal()) * hiccup,
                .lowThroughput: 2000 + 45 * random.normal(),
                .highErrorRate: 0,
                .highMemory: (30 + 5 * Double(index) / Double(count) + 0.2 * random.normal()) * 1_048_576,
                .highCPU: max(0, 35 + 4 * random.normal()),
            ]
        }
    }

    static func anomalies(_ intervals: [[AnomalyKind: Double]]) -> [AnomalyEvent] {
        var collector = Collector(configuration: MonitoringConfiguration(), start: start)
        return intervals.enumerated().flatMap { index, values in
            collector.detectAnomalies(values, at: start.advanced(by: .seconds(index + 1)))
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func aCleanSteadyRunRaisesNoAnomaly(seed: UInt64) {
        #expect(Self.anomalies(Self.steadyIntervals(seed: seed)) == [])
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aStallStillRaisesLatencyAndThroughputAnomalies(seed: UInt64) {
        var intervals = Self.steadyIntervals(seed: seed)
        // A 0.8 s stall at 300 s: the interval completes a fifth of its requests, the next one the
        // backlog, with a P95 of the queued requests' wait.
        intervals[300][.lowThroughput] = 400
        intervals[300][.highLatency] = 700
        intervals[301][.lowThroughput] = 3600
        intervals[301][.highLatency] = 450
        let kinds = Set(Self.anomalies(intervals).map(\.kind))
        #expect(kinds == [.highLatency, .lowThroughput])
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aTwoSecondBlipOfABusyMachineRaisesNothingButThreeSecondsOfItDo(seed: UInt64) {
        // Measured in a clean 10-minute serve: P95 5.9 -> 19.8 and 13.8 ms for two intervals.
        var intervals = Self.steadyIntervals(seed: seed)
        intervals[300][.highLatency] = 2.5 * 19.8 / 5.9
        intervals[301][.highLatency] = 2.5 * 13.8 / 5.9
        #expect(Self.anomalies(intervals) == [])
        intervals[302][.highLatency] = 2.5 * 13.8 / 5.9
        let events = Self.anomalies(intervals)
        #expect(events.map(\.kind) == [.highLatency])
        #expect(events.first?.at.monotonic == .seconds(303))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aSlowdownStillRaisesALatencyAnomaly(seed: UInt64) {
        var intervals = Self.steadyIntervals(seed: seed)
        // A slowdown from 300 s: each message costs four times as much, P95 and CPU rise.
        for index in 300..<360 {
            intervals[index][.highLatency] = 9 + Double(index % 3)
            intervals[index][.highCPU] = 95
        }
        let events = Self.anomalies(intervals)
        #expect(events.first?.kind == .highLatency || events.first?.kind == .highCPU)
        #expect(events.first?.at.monotonic == .seconds(301))
        #expect(events.contains { $0.kind == .highLatency })
    }

    // MARK: Target breaches

    static func report(second: Int, rps: Double = 2000, p95: Double = 3, errorRate: Double = 0) -> PeriodicReport {
        PeriodicReport(
            at: start.advanced(by: .seconds(second)),
            uptime: .seconds(second),
            requests: UInt64(max(0, rps)),
            requestsPerSecond: rps,
            latencyP50Ms: p95 / 2,
            latencyP95Ms: p95,
            latencyP99Ms: p95 * 1.2,
            errorRate: errorRate,
            memoryBytes: 40 * 1_048_576,
            cpuPercent: 30,
            activeConnections: 0,
            queueDepth: 0,
            workerUtilization: 0.3,
            cacheHitRatio: 0.5,
            backpressureEvents: 0
        )
    }

    @Test func aCleanSteadyRunRaisesNoBreach() {
        var watcher = TargetBreachWatcher(targets: .default, intervals: 5, offeredRateRPS: 2000)
        var random = TestRandom(seed: 8)
        var events: [TargetBreachEvent] = []
        for second in 1...600 {
            // Single bad intervals (a P95 above 25 ms, a slow second) do not make a breach.
            let p95 = second % 97 == 0 ? 40 : 2.5 * exp(0.15 * random.normal())
            let rps = second % 89 == 0 ? 1500 : 2000 + 45 * random.normal()
            events += watcher.evaluate(Self.report(second: second, rps: rps, p95: p95))
        }
        #expect(events == [])
    }

    @Test func aSustainedBreachIsRaisedOnceAndResolvedOnce() {
        var watcher = TargetBreachWatcher(targets: .default, intervals: 5, offeredRateRPS: 2000)
        var events: [TargetBreachEvent] = []
        for second in 1...60 {
            let isSlow = (20..<40).contains(second)
            events += watcher.evaluate(Self.report(second: second, p95: isSlow ? 60 : 3))
        }
        #expect(events.map(\.state) == [.breached, .resolved])
        #expect(events.map(\.metric) == [.latencyP95Ms, .latencyP95Ms])
        #expect(events.first?.at.monotonic == .seconds(24))
        #expect(events.first?.value == 60)
        #expect(events.first?.threshold == 25)
        #expect(events.last?.at.monotonic == .seconds(44))
        #expect(watcher.breachedMetrics.isEmpty)
    }

    @Test func throughputBelowNinetyPercentOfTheOfferedRateIsABreachOnlyWhenTheRateIsKnown() {
        var known = TargetBreachWatcher(targets: .default, intervals: 3, offeredRateRPS: 2000)
        var unknown = TargetBreachWatcher(targets: .default, intervals: 3, offeredRateRPS: nil)
        var events: [TargetBreachEvent] = []
        var unknownEvents: [TargetBreachEvent] = []
        for second in 1...10 {
            let report = Self.report(second: second, rps: second > 5 ? 1500 : 1990)
            events += known.evaluate(report)
            unknownEvents += unknown.evaluate(report)
        }
        #expect(events.map(\.metric) == [.requestsPerSecond])
        #expect(events.first?.threshold == 1800)
        #expect(unknownEvents == [])
    }

    @Test func theMonitorEmitsBreachesAsJSONLines() {
        let sink = CollectingSink()
        let (monitor, clock) = makeTestMonitor {
            $0.eventSink = sink
            $0.breachIntervals = 2
        }
        for _ in 0..<3 {
            for _ in 0..<100 { monitor.recordRequest(latency: .milliseconds(80), succeeded: true) }
            clock.advance(by: .seconds(1))
            monitor.tick()
        }
        let breaches = sink.events.compactMap { event -> TargetBreachEvent? in
            if case .targetBreach(let breach) = event { return breach }
            return nil
        }
        #expect(breaches.map(\.state) == [.breached])
        let line = MonitorEvent.targetBreach(breaches[0]).jsonLine
        #expect(line.contains("\"type\":\"target_breach\""))
        #expect(line.contains("\"metric\":\"latency_p95_ms\""))
        #expect(line.contains("\"state\":\"breached\""))
        #expect(line.contains("\"threshold\":25"))
    }

    // MARK: Open-loop throughput

    @Test func aPerfectOpenLoopRunMeetsTheThroughputTargetThatItsAverageMisses() {
        var summary = makeTestMonitor().0.summary()
        summary.throughputRPS = 1999.5
        #expect(!summary.compared(with: .default).meetsThroughput)
        let perfect = OfferedLoad(rateRPS: 2000, offered: 1_199_729, completed: 1_199_729)
        let comparison = summary.compared(with: .default, offeredLoad: perfect)
        #expect(comparison.meetsThroughput)
        #expect(comparison.throughputRatio == 1)
        let behind = OfferedLoad(rateRPS: 2000, offered: 1_000_000, completed: 980_000)
        #expect(!summary.compared(with: .default, offeredLoad: behind).meetsThroughput)
        let tooLittle = OfferedLoad(rateRPS: 500, offered: 300_000, completed: 300_000)
        #expect(!summary.compared(with: .default, offeredLoad: tooLittle).meetsThroughput)
    }
}
