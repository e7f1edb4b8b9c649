import Synchronization
import Testing

@testable import PerfHTTP

/// Sends one request at `instant` and awaits its result and the time the client took it up.
private func scheduledResult(
    of request: HTTPClientRequest,
    at instant: ContinuousClock.Instant,
    on client: HTTPClient
) async -> (Result<HTTPClientResponse, PerfHTTPError>, ContinuousClock.Instant?) {
    await withCheckedContinuation { continuation in
        client.send(request, at: instant) { result, takenUp in continuation.resume(returning: (result, takenUp)) }
    }
}

/// When requests arrived at a test server.
private final class Arrivals: Sendable {
    private let instants = Mutex<[ContinuousClock.Instant]>([])

    func note() { instants.withLock { $0.append(ContinuousClock.now) } }

    var all: [ContinuousClock.Instant] { instants.withLock { $0 } }
}

/// Says true to the first caller only.
private final class FirstCaller: Sendable {
    private let called = Atomic<Bool>(false)

    func isFirst() -> Bool { !called.exchange(true, ordering: .relaxed) }
}

@Suite struct HTTPClientScheduleTests {
    /// A server whose `/when` handler notes when each request arrived.
    private static func stampingServer(_ arrivals: Arrivals) throws -> HTTPServer {
        var routes = HTTPRoutes()
        routes.add("GET", "/when") { _ in
            arrivals.note()
            return .text("ok\n")
        }
        return try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), routes: routes)
    }

    @Test func aScheduledRequestGoesOutAtItsInstantNotBefore() async throws {
        let arrivals = Arrivals()
        let server = try Self.stampingServer(arrivals)
        defer { server.shutdown() }
        let client = try HTTPClientTests.client(port: server.port)
        defer { client.shutdown() }
        let instant = ContinuousClock.now.advanced(by: .milliseconds(80))
        let (result, takenUp) = await scheduledResult(
            of: try HTTPClientRequest(target: "/when"),
            at: instant,
            on: client
        )
        #expect(result.response?.statusCode == 200)
        let taken = try #require(takenUp)
        #expect(taken >= instant)
        let arrived = try #require(arrivals.all.first)
        #expect(arrived >= instant)
        #expect(client.statistics.succeeded == 1)
    }

    @Test func requestsHandedOverOutOfOrderAreTakenUpInTheOrderOfTheirInstants() async throws {
        let arrivals = Arrivals()
        let server = try Self.stampingServer(arrivals)
        defer { server.shutdown() }
        let client = try HTTPClientTests.client(port: server.port, .patient(maxConnections: 1))
        defer { client.shutdown() }
        let start = ContinuousClock.now.advanced(by: .milliseconds(50))
        let instants = [start.advanced(by: .milliseconds(60)), start, start.advanced(by: .milliseconds(30))]
        let outcomes = await withTaskGroup(of: (Int, ContinuousClock.Instant?).self) { group in
            for (index, instant) in instants.enumerated() {
                group.addTask {
                    let request = try? HTTPClientRequest(target: "/when")
                    guard let request else { return (index, nil) }
                    return (index, await scheduledResult(of: request, at: instant, on: client).1)
                }
            }
            var collected: [(Int, ContinuousClock.Instant?)] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.0 < $1.0 }
        }
        for (index, takenUp) in outcomes {
            let taken = try #require(takenUp)
            #expect(taken >= instants[index])
        }
        #expect(arrivals.all.count == 3)
    }

    @Test func aResponseIsTimedWhenItArrivedNotWhenTheBusyLoopReadIt() async throws {
        let server = try Self.stampingServer(Arrivals())
        defer { server.shutdown() }
        let client = try HTTPClientTests.client(port: server.port)
        defer { client.shutdown() }
        // Two requests at once, on two connections. The first completion to run holds the
        // client's I/O thread for 150 ms, so the other response, answered at once, waits that
        // long in the socket before the thread reads it.
        let sent = ContinuousClock.now
        let held = FirstCaller()
        let outcomes = await withTaskGroup(of: (ContinuousClock.Instant?, ContinuousClock.Instant).self) { group in
            for _ in 0..<2 {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        let request = try? HTTPClientRequest(target: "/when")
                        guard let request else { return continuation.resume(returning: (nil, .now)) }
                        client.send(request) { result in
                            let completed = ContinuousClock.now
                            if held.isFirst() { usleepForTests(150_000) }
                            continuation.resume(returning: (result.response?.receivedAt, completed))
                        }
                    }
                }
            }
            var collected: [(ContinuousClock.Instant?, ContinuousClock.Instant)] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.1 < $1.1 }
        }
        for (receivedAt, completed) in outcomes {
            let arrived = try #require(receivedAt)
            #expect(arrived >= sent)
            #expect(arrived <= completed)
        }
        let (secondArrived, secondRead) = outcomes[1]
        let waited = try #require(secondArrived).duration(to: secondRead)
        #if os(Linux)
        // The kernel's stamp: the 150 ms in the socket are not the server's.
        #expect(waited >= .milliseconds(100))
        #else
        #expect(waited < .milliseconds(50))
        #endif
    }

    @Test func theCapOnRequestsInFlightAppliesWhenARequestIsTakenUp() async throws {
        let held = TestGate()
        defer { held.open() }
        let server = try RawTestServer { connection, _ in
            connection.readRequestHead()
            held.wait()
        }
        defer { server.stop() }
        let client = try HTTPClientTests.client(port: server.port, .patient(maxConnections: 1, maxInFlight: 1))
        defer { client.shutdown() }
        let request = try HTTPClientRequest()
        let first = Task { await result(of: request, on: client) }
        #expect(await eventually { server.accepted == 1 && client.statistics.inFlight == 1 })
        let instant = ContinuousClock.now.advanced(by: .milliseconds(20))
        let (second, takenUp) = await scheduledResult(of: try HTTPClientRequest(), at: instant, on: client)
        #expect(second.errorCode == .dropped)
        let taken = try #require(takenUp)
        #expect(taken >= instant)
        #expect(client.statistics.dropped == 1)
        #expect(client.statistics.inFlight == 1)
        client.shutdown()
        #expect(await first.value.errorCode == .clientShutDown)
    }

    @Test func aRequestNotYetDueAtShutdownIsNeverTakenUp() async throws {
        let arrivals = Arrivals()
        let server = try Self.stampingServer(arrivals)
        defer { server.shutdown() }
        let client = try HTTPClientTests.client(port: server.port)
        let outcome = Mutex<(PerfHTTPError.Code?, ContinuousClock.Instant?, Int)>((nil, nil, 0))
        client.send(try HTTPClientRequest(target: "/when"), at: .now.advanced(by: .seconds(3600))) { result, takenUp in
            outcome.withLock { $0 = (result.errorCode, takenUp, $0.2 + 1) }
        }
        // Shutdown returns once the loop has ended, every request completed.
        client.shutdown()
        let (code, takenUp, calls) = outcome.withLock { $0 }
        #expect(code == .clientShutDown)
        #expect(takenUp == nil)
        #expect(calls == 1)
        #expect(client.statistics.inFlight == 0)
        #expect(arrivals.all.isEmpty)
        let (late, lateTakenUp) = await scheduledResult(of: try HTTPClientRequest(), at: .now, on: client)
        #expect(late.errorCode == .clientShutDown)
        #expect(lateTakenUp == nil)
    }
}
