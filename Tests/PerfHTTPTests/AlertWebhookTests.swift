import Foundation
import PerfMonitorTestKit
import Synchronization
import Testing

@testable import PerfHTTP
@testable import PerfMonitor

/// The webhook against a real in-process receiver: what it posts, how it retries, what it counts,
/// and that a dead or slow receiver holds up neither the monitor nor the caller.
@Suite struct AlertWebhookTests {
    /// What a receiver got: bodies and content types, in order.
    final class Received: Sendable {
        let bodies = Mutex<[(contentType: String?, body: String)]>([])
        var count: Int { bodies.withLock { $0.count } }
    }

    /// A receiver on 127.0.0.1 answering `POST /hook` with the status `answer` picks for the nth
    /// request (from 0), after `delay`.
    static func receiver(
        _ received: Received,
        delay: Duration = .zero,
        answer: @escaping @Sendable (Int) -> HTTPStatus = { _ in .ok }
    ) throws -> HTTPServer {
        var routes = HTTPRoutes()
        routes.add("POST", "/hook") { request in
            let index = received.bodies.withLock { bodies in
                bodies.append(
                    (
                        request.headers.first { $0.name.lowercased() == "content-type" }?.value,
                        String(decoding: request.body, as: UTF8.self)
                    )
                )
                return bodies.count - 1
            }
            if delay > .zero { Thread.sleep(forTimeInterval: delay.seconds) }
            return HTTPResponse(status: answer(index))
        }
        return try HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(100)),
            routes: routes
        )
    }

    static let anomaly = MonitorEvent.anomaly(
        AnomalyEvent(
            kind: .highLatency,
            severity: .critical,
            value: 41.5,
            expected: 3.25,
            score: 12,
            at: MonitorInstant(monotonic: .seconds(30), secondsSinceEpoch: 1_767_225_630)
        )
    )

    /// Quick retries; every anomaly posted (no repeat interval) unless one is given.
    static func quick(
        attempts: Int = 3,
        timeout: Duration = .seconds(2),
        queue: Int = 256,
        repeatInterval: Duration = .zero
    )
        -> AlertWebhookConfiguration
    {
        AlertWebhookConfiguration(
            queueCapacity: queue,
            maxAttempts: attempts,
            retryBackoff: .milliseconds(50),
            attemptTimeout: timeout,
            repeatInterval: repeatInterval,
            source: "perfgate serve balanced/steady"
        )
    }

    static let breach = TargetBreachEvent(
        state: .breached,
        metric: .latencyP95Ms,
        value: 60,
        threshold: 25,
        intervals: 5,
        at: MonitorInstant(monotonic: .seconds(35), secondsSinceEpoch: 1_767_225_635)
    )

    static func anomaly(_ kind: AnomalyKind, atSecond second: Int64) -> MonitorEvent {
        .anomaly(
            AnomalyEvent(
                kind: kind,
                severity: .critical,
                value: 41.5,
                expected: 3.25,
                score: 12,
                at: MonitorInstant(monotonic: .seconds(second), secondsSinceEpoch: 1_767_225_600 + Double(second))
            )
        )
    }

    @Test func anomaliesOfAKindJustPostedAreHeldBackAndTheNextPostCountsThem() async throws {
        let received = Received()
        let server = try Self.receiver(received)
        defer { server.shutdown() }
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(server.port)/hook"),
            configuration: Self.quick(repeatInterval: .seconds(60))
        )
        // A minute-long slowdown raises one latency anomaly a second: one post, then one a minute.
        for second in Int64(30)..<90 { webhook.emit(Self.anomaly(.highLatency, atSecond: second)) }
        // Another kind in the same minute is its own first post.
        webhook.emit(Self.anomaly(.lowThroughput, atSecond: 31))
        webhook.emit(Self.anomaly(.highLatency, atSecond: 90))
        webhook.emit(.targetBreach(Self.breach))
        #expect(await eventually { webhook.deliveryCounts[.delivered] == 4 })
        #expect(await webhook.close(within: .seconds(10)))
        #expect(webhook.heldBackCount == 59)
        let events = try received.bodies.withLock { $0 }.map { body in
            try #require(JSONSerialization.jsonObject(with: Data(body.body.utf8)) as? [String: Any])
        }
        try #require(events.count == 4, "the held-back anomalies are not posted")
        let summaries = events.map { object -> String in
            let event = object["event"] as? [String: Any] ?? [:]
            return "\(event["type"] ?? "") \(event["kind"] ?? event["state"] ?? "") \(event["repeats"] ?? "-")"
        }
        #expect(
            summaries == [
                "anomaly high_latency 0", "anomaly low_throughput 0", "anomaly high_latency 59",
                "target_breach breached -",
            ]
        )
        #expect(
            (events[2]["text"] as? String)?.hasSuffix("; 59 more of this kind held back since the last post") == true
        )
    }

    @Test func postsTheSlackTextAndTheStructuredEvent() async throws {
        let received = Received()
        let server = try Self.receiver(received)
        defer { server.shutdown() }
        let (monitor, _) = makeMonitor()
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(server.port)/hook"),
            configuration: Self.quick(),
            monitor: monitor
        )
        webhook.emit(.report(makeReport()))
        webhook.emit(Self.anomaly)
        webhook.emit(.targetBreach(Self.breach))
        #expect(await eventually { webhook.deliveryCounts[.delivered] == 2 })
        #expect(await webhook.close(within: .seconds(10)))
        let bodies = received.bodies.withLock { $0 }
        try #require(bodies.count == 2, "the report is not an alert")
        #expect(bodies.allSatisfy { $0.contentType == "application/json" })
        let first = try #require(JSONSerialization.jsonObject(with: Data(bodies[0].body.utf8)) as? [String: Any])
        let text = try #require(first["text"] as? String)
        #expect(
            text.hasPrefix(
                "perfgate serve balanced/steady: critical anomaly high_latency: latency_p95_ms 41.500 ms, expected 3.250 ms"
            )
        )
        #expect(!text.contains("\n"))
        let event = try #require(first["event"] as? [String: Any])
        #expect(event["type"] as? String == "anomaly")
        #expect(event["kind"] as? String == "high_latency")
        #expect(event["metric"] as? String == "latency_p95_ms")
        #expect(event["value"] as? Double == 41.5)
        #expect(event["expected"] as? Double == 3.25)
        #expect(event["at"] as? String == "2026-01-01T00:00:30.000Z")
        #expect(event["source"] as? String == "perfgate serve balanced/steady")
        let second = try #require(JSONSerialization.jsonObject(with: Data(bodies[1].body.utf8)) as? [String: Any])
        let breachEvent = try #require(second["event"] as? [String: Any])
        #expect(breachEvent["type"] as? String == "target_breach")
        #expect(breachEvent["state"] as? String == "breached")
        #expect(breachEvent["threshold"] as? Double == 25)
        #expect((second["text"] as? String)?.contains("latency_p95_ms 60 ms above 25 ms for 5 intervals") == true)
        #expect(monitor.prometheusExposition().contains("perfgate_alert_deliveries_total{outcome=\"delivered\"} 2\n"))
    }

    @Test func aServerErrorIsRetriedUntilItIsDelivered() async throws {
        let received = Received()
        let server = try Self.receiver(received) { index in index < 2 ? .serviceUnavailable : .ok }
        defer { server.shutdown() }
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(server.port)/hook"),
            configuration: Self.quick()
        )
        webhook.emit(Self.anomaly)
        #expect(await eventually { webhook.deliveryCounts[.delivered] == 1 })
        #expect(received.count == 3)
        #expect(webhook.deliveryCounts[.failed] == 0)
        await webhook.close(within: .seconds(5))
    }

    @Test func aServerErrorEveryTimeFailsAfterTheBoundedAttempts() async throws {
        let received = Received()
        let server = try Self.receiver(received) { _ in .internalServerError }
        defer { server.shutdown() }
        let (monitor, _) = makeMonitor()
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(server.port)/hook"),
            configuration: Self.quick(attempts: 3),
            monitor: monitor
        )
        webhook.emit(Self.anomaly)
        #expect(await eventually { webhook.deliveryCounts[.failed] == 1 })
        #expect(received.count == 3)
        #expect(monitor.alertDeliveryCounts()[.failed] == 1)
        await webhook.close(within: .seconds(5))
    }

    @Test func anUnreachableReceiverFailsAfterTheRetriesAndIsCounted() async throws {
        // A port that was just free: nothing listens there, so every connection is refused.
        let closed = try Self.receiver(Received())
        let port = closed.port
        closed.shutdown()
        let (monitor, _) = makeMonitor()
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(port)/hook"),
            configuration: Self.quick(),
            monitor: monitor
        )
        for _ in 0..<3 { webhook.emit(Self.anomaly) }
        #expect(await eventually { webhook.deliveryCounts[.failed] == 3 })
        #expect(webhook.deliveryCounts[.delivered] == 0)
        #expect(monitor.prometheusExposition().contains("perfgate_alert_deliveries_total{outcome=\"failed\"} 3\n"))
        await webhook.close(within: .seconds(5))
    }

    @Test func aReceiverThatTakesTenSecondsHoldsUpNeitherTheMonitorNorTheCaller() async throws {
        let received = Received()
        let server = try Self.receiver(received, delay: .seconds(10))
        defer { server.shutdown() }
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(server.port)/hook"),
            configuration: Self.quick(attempts: 2, timeout: .milliseconds(300), queue: 4)
        )
        let collecting = CollectingSink()
        var configuration = MonitoringConfiguration()
        configuration.collectionInterval = .milliseconds(100)
        configuration.countsAlertDeliveries = true
        // No process figures: the test runner's own memory must not raise a breach alert of its own.
        configuration.samplesProcessResources = false
        configuration.eventSink = FanOut(sinks: [collecting, webhook])
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        webhook.countDeliveries(in: monitor)
        monitor.start()
        defer { monitor.stop() }
        // Twenty alerts at once: one in flight, four queued, fifteen dropped at once.
        for _ in 0..<20 { webhook.emit(Self.anomaly) }
        #expect(webhook.deliveryCounts[.dropped] == 15)
        let reportsBefore = collecting.events.count
        // While the five time out one after another, the monitor keeps collecting.
        #expect(await eventually { collecting.events.count >= reportsBefore + 15 })
        #expect(received.count >= 1, "the receiver held a request while the monitor collected")
        #expect(await eventually { webhook.deliveryCounts[.failed] == 5 })
        #expect(webhook.deliveryCounts[.delivered] == 0)
        #expect(monitor.alertDeliveryCounts() == [.delivered: 0, .failed: 5, .dropped: 15])
        await webhook.close(within: .seconds(1))
    }

    @Test func alertsAfterCloseAreDroppedAndLeftoversFail() async throws {
        let received = Received()
        let server = try Self.receiver(received, delay: .seconds(10))
        defer { server.shutdown() }
        let webhook = try AlertWebhook(
            url: HTTPURL("http://127.0.0.1:\(server.port)/hook"),
            configuration: Self.quick(attempts: 1, timeout: .seconds(5))
        )
        for _ in 0..<3 { webhook.emit(Self.anomaly) }
        await webhook.close(within: .milliseconds(200))
        webhook.emit(Self.anomaly)
        let counts = webhook.deliveryCounts
        #expect(counts[.dropped] == 1)
        #expect(counts[.failed] == 3, "\(counts)")
    }

    // MARK: Helpers

    func makeMonitor() -> (StreamPerformanceMonitor, ManualMonitorClock) {
        let clock = ManualMonitorClock()
        var configuration = MonitoringConfiguration()
        configuration.clock = clock
        configuration.samplesProcessResources = false
        configuration.countsAlertDeliveries = true
        return (StreamPerformanceMonitor(configuration: configuration), clock)
    }

    func makeReport() -> PeriodicReport {
        PeriodicReport(
            at: MonitorInstant(monotonic: .seconds(1), secondsSinceEpoch: 1_767_225_601),
            uptime: .seconds(1),
            requests: 10,
            requestsPerSecond: 10,
            latencyP50Ms: 1,
            latencyP95Ms: 2,
            latencyP99Ms: 3,
            errorRate: 0,
            memoryBytes: nil,
            cpuPercent: nil,
            activeConnections: 0,
            queueDepth: 0,
            workerUtilization: 0,
            cacheHitRatio: 0,
            backpressureEvents: 0
        )
    }

    /// Passes each event to several sinks.
    struct FanOut: MonitorEventSink {
        let sinks: [any MonitorEventSink]
        func emit(_ event: MonitorEvent) { for sink in sinks { sink.emit(event) } }
    }
}
