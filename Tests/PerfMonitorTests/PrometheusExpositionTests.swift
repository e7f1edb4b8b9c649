import Foundation
import PerfMonitorTestKit
import Testing

@testable import PerfMonitor

@Suite struct PrometheusExpositionTests {
    /// A monitor with fixed figures: every number in its exposition is known.
    static func fixtureMonitor() -> StreamPerformanceMonitor {
        let (monitor, clock) = makeTestMonitor()
        monitor.updateMemoryUsage(bytes: 48 * 1_048_576)
        monitor.updateWorkerUtilization(0.625)
        monitor.updateQueueDepth(17)
        for index in 0..<200 {
            let latency: Duration = .microseconds(Int64(300 + index * 150))
            monitor.recordRequest(latency: latency, succeeded: index % 50 != 0)
        }
        monitor.recordRequest(latency: .seconds(12), succeeded: false)
        monitor.recordError(kind: "timeout")
        monitor.recordError(kind: "overloaded")
        monitor.recordError(kind: "overloaded")
        monitor.recordError(kind: "odd \"kind\"\\with\nnewline")
        for index in 0..<10 { monitor.recordCacheLookup(hit: index < 7) }
        monitor.recordBatch(size: 10, duration: .milliseconds(2))
        monitor.recordBackpressureEvent()
        monitor.sessionStarted(connectionID: "a")
        monitor.sessionStarted(connectionID: "b")
        monitor.sessionEnded(connectionID: "b")
        clock.advance(by: .seconds(2))
        monitor.tick()
        return monitor
    }

    static var goldenURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/exposition.prom")
    }

    @Test func matchesTheGoldenFile() throws {
        let exposition = Self.fixtureMonitor().prometheusExposition()
        if ProcessInfo.processInfo.environment["PERFGATE_UPDATE_GOLDEN"] == "1" {
            try exposition.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        #expect(exposition == golden)
    }

    @Test func anomaliesAreCountedByKindWithEveryKindPresentFromTheStart() {
        let (monitor, clock) = makeTestMonitor()
        let fresh = monitor.prometheusExposition()
        for kind in AnomalyKind.allCases {
            #expect(fresh.contains("perfgate_anomalies_total{kind=\"\(kind.rawValue)\"} 0\n"))
        }
        #expect(fresh.contains("# TYPE perfgate_anomalies_total counter\n"))
        var random = TestRandom(seed: 9)
        for second in 0..<40 {
            let latency: Duration =
                second == 30 || second == 35 ? .milliseconds(200) : .microseconds(Int64(5_000 + random.normal() * 200))
            for _ in 0..<200 { monitor.recordRequest(latency: latency, succeeded: true) }
            clock.advance(by: .seconds(1))
            monitor.tick()
        }
        let raised = monitor.recentAnomalies().filter { $0.kind == .highLatency }.count
        #expect(raised == 2)
        #expect(monitor.anomalyCounts()[.highLatency] == UInt64(raised))
        let exposition = monitor.prometheusExposition()
        #expect(exposition.contains("perfgate_anomalies_total{kind=\"high_latency\"} \(raised)\n"))
        #expect(exposition.contains("perfgate_anomalies_total{kind=\"low_throughput\"} 0\n"))
        #expect(PrometheusExpositionValidator.problems(in: exposition) == [])
    }

    @Test func alertDeliveriesAreCountedByOutcomeOnlyWhenConfigured() {
        let (plain, _) = makeTestMonitor()
        plain.recordAlertDelivery(.delivered)
        #expect(!plain.prometheusExposition().contains("alert_deliveries_total"))
        let (monitor, _) = makeTestMonitor { $0.countsAlertDeliveries = true }
        let fresh = monitor.prometheusExposition()
        for outcome in AlertDeliveryOutcome.allCases {
            #expect(fresh.contains("perfgate_alert_deliveries_total{outcome=\"\(outcome.rawValue)\"} 0\n"))
        }
        monitor.recordAlertDelivery(.delivered)
        monitor.recordAlertDelivery(.delivered)
        monitor.recordAlertDelivery(.dropped)
        let exposition = monitor.prometheusExposition()
        #expect(exposition.contains("perfgate_alert_deliveries_total{outcome=\"delivered\"} 2\n"))
        #expect(exposition.contains("perfgate_alert_deliveries_total{outcome=\"dropped\"} 1\n"))
        #expect(exposition.contains("perfgate_alert_deliveries_total{outcome=\"failed\"} 0\n"))
        #expect(monitor.alertDeliveryCounts() == [.delivered: 2, .failed: 0, .dropped: 1])
        #expect(PrometheusExpositionValidator.problems(in: exposition) == [])
    }

    @Test func isByteStableForEqualFigures() {
        #expect(Self.fixtureMonitor().prometheusExposition() == Self.fixtureMonitor().prometheusExposition())
    }

    @Test func passesTheStructuralValidator() {
        let exposition = Self.fixtureMonitor().prometheusExposition()
        #expect(PrometheusExpositionValidator.problems(in: exposition) == [])
        let live = StreamPerformanceMonitor()
        live.recordRequest(latency: .milliseconds(3), succeeded: true)
        #expect(PrometheusExpositionValidator.problems(in: live.prometheusExposition()) == [])
    }

    @Test func histogramBucketsAreCumulativeAndIncludeTheTargetBoundary() {
        let exposition = Self.fixtureMonitor().prometheusExposition()
        let buckets = exposition.split(separator: "\n").filter {
            $0.hasPrefix("perfgate_request_duration_seconds_bucket")
        }
        #expect(buckets.contains { $0.contains("le=\"0.025\"") })
        #expect(buckets.last?.hasPrefix("perfgate_request_duration_seconds_bucket{le=\"+Inf\"} 201") == true)
        #expect(exposition.contains("perfgate_request_duration_seconds_count 201\n"))
        // 200 requests from 0.3 ms in steps of 0.15 ms: 0.3…30.15 ms; those ≤ 25 ms are index ≤ 164.
        let at25 = buckets.first { $0.contains("le=\"0.025\"") }.flatMap { $0.split(separator: " ").last }.flatMap {
            Int($0)
        }
        #expect(at25.map { (162...165).contains($0) } == true)
    }

    @Test func theOnePassBucketsEqualACountAtEachBound() {
        // Values at, just below and just above every bound, and spread from 1 µs to 100 s.
        let histogram = LatencyHistogram()
        for bound in PrometheusExposition.latencyBucketBounds {
            let nanoseconds = Int64((bound * 1e9).rounded())
            for delta: Int64 in [-20_000, -1, 0, 1, 20_000] { histogram.record(nanoseconds: nanoseconds + delta) }
        }
        for exponent in 0..<160 { histogram.record(nanoseconds: Int64(1_000 * pow(1.12, Double(exponent)))) }
        let snapshot = histogram.snapshot()
        var writer = PrometheusExposition.Writer(prefix: "x_")
        writer.histogram("h", help: "A histogram.", snapshot)
        let written = writer.text.split(separator: "\n").filter { $0.hasPrefix("x_h_bucket") }.compactMap {
            $0.split(separator: " ").last.flatMap { UInt64($0) }
        }
        let expected =
            PrometheusExposition.latencyBucketBounds.map {
                snapshot.count(atMostNanoseconds: UInt64(($0 * 1e9).rounded()))
            } + [snapshot.count]
        #expect(written == expected)
        #expect(Set(written).count > 10)
    }

    @Test func labelValuesAreEscaped() {
        let exposition = Self.fixtureMonitor().prometheusExposition()
        #expect(exposition.contains(#"perfgate_errors_total{kind="odd \"kind\"\\with\nnewline"} 1"#))
    }

    @Test func familiesAreSortedByName() {
        let names = Self.fixtureMonitor().prometheusExposition().split(separator: "\n")
            .filter { $0.hasPrefix("# TYPE ") }
            .map { $0.split(separator: " ")[2] }
        #expect(names == names.sorted())
        #expect(names.count == Set(names).count)
    }

    @Test func countersEndInTotalAndUnitsAreBase() {
        let exposition = Self.fixtureMonitor().prometheusExposition()
        for line in exposition.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            if parts[3] == "counter" { #expect(parts[2].hasSuffix("_total")) }
            #expect(!parts[2].contains("milliseconds") && !parts[2].contains("_mb"))
        }
    }
}

@Suite struct JSONLineTests {
    @Test func reportLineHasStableSortedKeysAndISOTime() {
        let report = PeriodicReport(
            at: MonitorInstant(monotonic: .seconds(5), secondsSinceEpoch: 1_767_225_605.25),
            uptime: .seconds(5),
            requests: 2_000,
            requestsPerSecond: 2_000,
            latencyP50Ms: 1.5,
            latencyP95Ms: 4,
            latencyP99Ms: 9.75,
            errorRate: 0,
            memoryBytes: nil,
            cpuPercent: .nan,
            activeConnections: 3,
            queueDepth: 0,
            workerUtilization: 0.5,
            cacheHitRatio: 0.8,
            backpressureEvents: 0
        )
        #expect(
            MonitorEvent.report(report).jsonLine
                == #"{"activeConnections":3,"backpressureEvents":0,"cacheHitRatio":0.8,"cpuPercent":null,"errorRate":0,"hostCPUStealPercent":null,"latencyP50Ms":1.5,"latencyP95Ms":4,"latencyP99Ms":9.75,"memoryBytes":null,"queueDepth":0,"requests":2000,"requestsPerSecond":2000,"time":"2026-01-01T00:00:05.250Z","type":"report","uptimeSeconds":5,"workerUtilization":0.5}"#
        )
    }

    @Test func linesParseAsJSON() throws {
        let value = JSONValue.object([
            "text": .string("tab\tquote\"nl\n\u{01}"), "list": .array([.integer(1), .null, .bool(true)]),
        ])
        let object = try JSONSerialization.jsonObject(with: Data(value.rendered().utf8)) as? [String: Any]
        #expect(object?["text"] as? String == "tab\tquote\"nl\n\u{01}")
        #expect((object?["list"] as? [Any])?.count == 3)
    }

    @Test func writesEachEventAsOneLineToADescriptor() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let sink = JSONLinesSink(fileDescriptor: descriptors[1])
        let event = AnomalyEvent(
            kind: .highCPU,
            severity: .warning,
            value: 150,
            expected: 40,
            score: 3.1,
            at: MonitorInstant(monotonic: .zero, secondsSinceEpoch: 0)
        )
        sink.emit(.anomaly(event))
        sink.emit(.anomaly(event))
        close(descriptors[1])
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptors[0], &buffer, buffer.count)
        close(descriptors[0])
        let text = String(decoding: buffer[0..<max(0, count)], as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines.first
                == #"{"expected":40,"kind":"high_cpu","score":3.1,"severity":"warning","time":"1970-01-01T00:00:00.000Z","type":"anomaly","value":150}"#
        )
    }
}

@Suite struct ResourceSamplerTests {
    @Test func readsTheProcessFiguresOnLinux() {
        var sampler = ResourceSampler()
        let first = sampler.sample()
        #if os(Linux)
        #expect((first.residentBytes ?? 0) > 1_000_000)
        #expect((first.peakResidentBytes ?? 0) >= (first.residentBytes ?? 0))
        #expect((first.threadCount ?? 0) >= 1)
        #expect((first.openFileCount ?? 0) >= 3)
        #endif
        #expect(first.cpuPercent == nil, "the first sample has no CPU baseline")
        var spin: UInt64 = 0
        for index in 0..<5_000_000 { spin &+= UInt64(index) &* 31 }
        #expect(spin != 1)
        #expect(sampler.sample().cpuPercent != nil)
    }

    @Test func parsesProcStatusFields() {
        let text = "Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\nThreads:\t7\n"
        #expect(ResourceSampler.kilobytes(field: "VmRSS:", in: text) == 1024)
        #expect(ResourceSampler.kilobytes(field: "Threads:", in: text) == 7)
        #expect(ResourceSampler.kilobytes(field: "VmSwap:", in: text) == nil)
    }
}
