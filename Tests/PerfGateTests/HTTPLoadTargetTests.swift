import PerfMonitor
import Synchronization
import Testing
import Workloads

@testable import PerfGate
@testable import PerfHTTP

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct HTTPLoadTargetTests {
    /// A server whose `/items` answers 200 with the key it was asked for, and nothing else.
    static func server() throws -> HTTPServer {
        var routes = HTTPRoutes()
        routes.add("GET", "/items") { request in .text(request.queryItems["key"] ?? "none") }
        return try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), routes: routes)
    }

    @Test func theOpenLoopDriverCompletesEveryRequestThroughTheTarget() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let client = try HTTPClient(
            url: "http://127.0.0.1:\(server.port)",
            configuration: HTTPClientConfiguration(maxConnections: 4, maxInFlight: 4096)
        )
        defer { client.shutdown() }
        // Even sequences read an item, odd ones a path the server does not have (404).
        let target = HTTPLoadTarget(
            client: client,
            operations: [
                .init(name: "read", template: try HTTPRequestTemplate(path: "/items?key={key}")),
                .init(name: "missing", template: try HTTPRequestTemplate(path: "/nothing/{seq}")),
            ]
        ) { Int($0.sequence % 2) }
        let driver = OpenLoopDriver(
            configuration: OpenLoopConfiguration(
                schedule: .constant(rate: 400, duration: .milliseconds(500)),
                seed: 3,
                limits: ScheduleLimits(maxLagP99: .seconds(60), minSentFraction: 0),
                drainTimeout: .seconds(60)
            )
        )
        let report = try await driver.run(against: target)
        #expect(report.sent > 0)
        #expect(report.completed == report.sent)
        #expect(report.timedOutInFlight == 0)
        #expect(report.failuresByKind == [HTTPLoadTarget.FailureKind.clientError: report.sent / 2])
        #expect(report.succeeded == report.sent - report.sent / 2)
        #expect(server.answeredRequestCount == report.sent)
        #expect(client.statistics.connectionsOpened <= client.configuration.maxConnections)
    }

    /// A dropped request was never sent: the monitor counts it as an error of kind `dropped` but
    /// records no latency for it, which would pull the percentiles down.
    @Test func aDroppedRequestIsAnErrorWithNoLatency() async throws {
        let release = Atomic<Bool>(false)
        var routes = HTTPRoutes()
        routes.add("GET", "/slow") { _ in
            let deadline = ContinuousClock.now.advanced(by: .seconds(120))
            while !release.load(ordering: .acquiring), ContinuousClock.now < deadline { usleep(1_000) }
            return .text("done")
        }
        var serverConfiguration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        serverConfiguration.runsInBackground = false
        let server = try HTTPServer(configuration: serverConfiguration, routes: routes)
        defer { server.shutdown() }
        let client = try HTTPClient(
            url: "http://127.0.0.1:\(server.port)",
            configuration: HTTPClientConfiguration(maxConnections: 1, maxInFlight: 1, requestTimeout: .seconds(300))
        )
        defer { client.shutdown() }
        var monitoring = MonitoringConfiguration()
        monitoring.operations = ["slow"]
        let monitor = StreamPerformanceMonitor(configuration: monitoring)
        let target = HTTPLoadTarget(
            client: client,
            operations: [.init(name: "slow", template: try HTTPRequestTemplate(path: "/slow"))],
            monitor: monitor
        )
        let outcomes = Mutex<[LoadOutcome]>([])
        for sequence in 0..<2 as Range<UInt64> {
            let request = LoadRequest(
                sequence: sequence,
                key: 0,
                payloadSize: 0,
                intendedStart: .now,
                operation: "slow"
            )
            target.send(request) { outcome in outcomes.withLock { $0.append(outcome) } }
        }
        // The second found the one request in flight, and was dropped at once.
        #expect(outcomes.withLock { $0 } == [.failure(kind: HTTPLoadTarget.FailureKind.dropped)])
        #expect(monitor.debugSnapshot().errorsByKind == ["dropped": 1])
        #expect(monitor.debugSnapshot().latency.count == 0)
        release.store(true, ordering: .releasing)
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        while outcomes.withLock({ $0.count }) < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(outcomes.withLock { $0.last } == .success)
        #expect(monitor.debugSnapshot().latency.count == 1)
    }

    @Test func reportsAFailureKindForEachWayARequestFails() async throws {
        let (port, descriptor) = try Self.refusingPort()
        defer { close(descriptor) }
        let client = try HTTPClient(url: "http://127.0.0.1:\(port)")
        defer { client.shutdown() }
        let target = HTTPLoadTarget(client: client, template: try HTTPRequestTemplate())
        let outcome = await withCheckedContinuation { continuation in
            target.send(LoadRequest(sequence: 0, key: 1, payloadSize: 0, intendedStart: .now)) {
                continuation.resume(returning: $0)
            }
        }
        #expect(outcome == .failure(kind: HTTPLoadTarget.FailureKind.refused))
    }

    @Test(
        arguments: [
            (200, nil), (204, nil), (302, nil), (399, nil), (400, "4xx"), (404, "4xx"), (499, "4xx"), (500, "5xx"),
            (503, "5xx"),
        ] as [(Int, String?)]
    )
    func mapsStatusClasses(status: Int, kind: String?) {
        let outcome = HTTPLoadTarget.outcome(of: .success(HTTPClientResponse(statusCode: status)))
        #expect(outcome == (kind.map { .failure(kind: $0) } ?? .success))
    }

    @Test(arguments: [
        (PerfHTTPError.Code.connectionRefused, "refused"), (.timedOut, "timeout"), (.connectionReset, "reset"),
        (.malformedResponse, "protocol"), (.dropped, "dropped"), (.connectionFailed, "connect"),
        (.clientShutDown, "shutdown"),
    ])
    func mapsClientErrorsToKinds(code: PerfHTTPError.Code, kind: String) {
        let outcome = HTTPLoadTarget.outcome(of: .failure(PerfHTTPError(code: code, message: "x")))
        #expect(outcome == .failure(kind: kind))
    }

    @Test func anOperationIndexOutOfRangeFailsTheRequestWithoutSendingIt() async throws {
        let (port, descriptor) = try Self.refusingPort()
        defer { close(descriptor) }
        let client = try HTTPClient(url: "http://127.0.0.1:\(port)")
        defer { client.shutdown() }
        let target = HTTPLoadTarget(
            client: client,
            operations: [.init(name: "only", template: try HTTPRequestTemplate())]
        ) { _ in 1 }
        let outcome = await withCheckedContinuation { continuation in
            target.send(LoadRequest(sequence: 0, key: 1, payloadSize: 0, intendedStart: .now)) {
                continuation.resume(returning: $0)
            }
        }
        #expect(outcome == .failure(kind: HTTPLoadTarget.FailureKind.unknownOperation))
        #expect(client.statistics.connectionsOpened == 0)
    }

    /// A port on 127.0.0.1 held by a socket that is bound but never listens: connecting is refused.
    static func refusingPort() throws -> (Int, Int32) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw TestClientError(description: "bind failed: errno \(errno)") }
        return (Int(UInt16(bigEndian: address.sin_port)), descriptor)
    }
}
