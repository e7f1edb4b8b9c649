import Foundation
import Synchronization
import Testing

@testable import PerfHTTP

@Suite struct HTTPServerTests {
    /// A fake route table: fixed answers, an echo, and a handler that reports the request back.
    static func routes() -> HTTPRoutes {
        var routes = HTTPRoutes()
        routes.add("GET", "/hello") { _ in .text("hello\n") }
        routes.add("GET", "/query") { request in .text(request.queryItems["name"] ?? "none") }
        routes.add("POST", "/echo") { request in .text(String(decoding: request.body, as: UTF8.self)) }
        routes.add("PUT", "/echo") { _ in .text("put") }
        return routes
    }

    /// A server on 127.0.0.1 with an ephemeral port.
    static func server(
        routes: HTTPRoutes = routes(),
        _ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        adjust(&configuration)
        return try HTTPServer(configuration: configuration, routes: routes)
    }

    @Test func answersAGetWithTheHandlersResponse() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        #expect(server.port > 0)
        #expect(server.authority == "127.0.0.1:\(server.port)")
        let response = try await onOwnThread { [port = server.port] in try fetch("/hello", port: port) }
        #expect(response.status == 200)
        #expect(response.body == "hello\n")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(response.headers["content-length"] == "6")
        #expect(response.headers["connection"] == "close")
        #expect(response.headers["date"]?.hasSuffix(" GMT") == true)
    }

    @Test func keepsTheConnectionAliveForASecondRequest() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let (first, second) = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.get("/hello")
            let first = try client.readResponse()
            try client.get("/query?name=two")
            return (first, try client.readResponse())
        }
        #expect(first.status == 200)
        #expect(first.headers["connection"] == "keep-alive")
        #expect(second.status == 200)
        #expect(second.body == "two")
        #expect(server.acceptedConnectionCount == 1)
        #expect(server.answeredRequestCount == 2)
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let bodies = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send(
                "GET /query?name=a HTTP/1.1\r\nHost: x\r\n\r\nGET /query?name=b HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
            )
            return try (0..<3).map { _ in try client.readResponse().body }
        }
        #expect(bodies == ["a", "b", "hello"])
    }

    @Test func unknownPathGets404() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let response = try await onOwnThread { [port = server.port] in try fetch("/nothing", port: port) }
        #expect(response.status == 404)
        #expect(response.body.contains("/hello"))
    }

    @Test func wrongMethodGets405WithAllow() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let (onHello, onEcho) = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let onHello = try client.readResponse()
            try client.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
            return (onHello, try client.readResponse())
        }
        #expect(onHello.status == 405)
        #expect(onHello.headers["allow"] == "GET, HEAD")
        #expect(onEcho.status == 405)
        #expect(onEcho.headers["allow"] == "POST, PUT")
        // A 405 is a well-formed request: the connection stays open.
        #expect(onEcho.headers["connection"] == "keep-alive")
    }

    @Test func headGetsTheHeadWithoutTheBody() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let (head, after) = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            try client.get("/query?name=next")
            return (head, try client.readResponse())
        }
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == "6")
        #expect(head.body.isEmpty)
        #expect(after.body == "next")
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /hello\r\n\r\n", 400),
        ("GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET hello HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: x\r\nA: b\r\n folded\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\n", 400),
        ("G@T /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET /hello HTTPS/1.1\r\nHost: x\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n", 413),
    ])
    func malformedRequestsGetAnErrorAndTheConnectionCloses(request: String, status: Int) async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let (response, rest) = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send(request)
            let response = try client.readResponse()
            return (response, try client.readUntilClosed())
        }
        #expect(response.status == status)
        #expect(response.headers["connection"] == "close")
        #expect(response.body.hasPrefix("\(status) "))
        #expect(rest.isEmpty)
    }

    @Test func oversizeHeaderGets431() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let filler = String(repeating: "a", count: 1000)
        let headers = (0..<17).map { "X-Filler-\($0): \(filler)\r\n" }.joined()
        let response = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
            return try client.readResponse()
        }
        #expect(response.status == 431)
    }

    @Test func headerJustUnderTheLimitIsAccepted() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let filler = String(repeating: "a", count: 1000)
        let headers = (0..<15).map { "X-Filler-\($0): \(filler)\r\n" }.joined()
        let response = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
            return try client.readResponse()
        }
        #expect(response.status == 200)
    }

    @Test func overlongRequestLineGets414() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let path = "/hello?" + String(repeating: "q", count: 9000)
        let response = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
            return try client.readResponse()
        }
        #expect(response.status == 414)
    }

    @Test func aClientAskingToCloseIsClosedAfterTheResponse() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let (close, http10) = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.get("/hello", extraHeaders: "Connection: close\r\n")
            let close = try client.readResponse()
            try client.readUntilClosed()
            let old = try TestHTTPClient(port: port)
            try old.send("GET /hello HTTP/1.0\r\n\r\n")
            let http10 = try old.readResponse()
            try old.readUntilClosed()
            return (close, http10)
        }
        #expect(close.status == 200)
        #expect(http10.status == 200)
        #expect(http10.headers["connection"] == "close")
    }

    @Test func aSlowClientHitsTheReadTimeoutAndIsClosed() async throws {
        let server = try Self.server { $0.readTimeout = .milliseconds(300) }
        defer { server.shutdown() }
        // Were the server not to time out, the client's own 5 s bound would throw instead.
        let response = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHo")
            let response = try client.readResponse()
            try client.readUntilClosed()
            return response
        }
        #expect(response.status == 408)
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        let server = try Self.server { $0.idleTimeout = .milliseconds(300) }
        defer { server.shutdown() }
        let (response, rest) = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            try client.get("/hello")
            let response = try client.readResponse()
            return (response, try client.readUntilClosed())
        }
        #expect(response.status == 200)
        #expect(rest.isEmpty)
        // The thread counts itself out just after it closes the socket.
        let deadline = ContinuousClock.now.advanced(by: .seconds(2))
        while server.activeConnectionCount > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(server.activeConnectionCount == 0)
    }

    @Test func answersConcurrentClientsAtOnce() async throws {
        let clients = 8
        let arrived = Mutex(0)
        var routes = HTTPRoutes()
        // Each handler waits until all the clients' requests are in handlers at the same time; a
        // server that answered one at a time would make every one of them give up.
        routes.add("GET", "/together") { _ in
            arrived.withLock { $0 += 1 }
            let deadline = ContinuousClock.now.advanced(by: .seconds(5))
            while arrived.withLock({ $0 }) < clients, ContinuousClock.now < deadline { usleep(1_000) }
            return .text(arrived.withLock { $0 } >= clients ? "together" : "alone")
        }
        let server = try Self.server(routes: routes)
        defer { server.shutdown() }
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    try await onOwnThread { [port = server.port] in try fetch("/together", port: port).body }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(bodies == Array(repeating: "together", count: clients))
    }

    @Test func aConnectionOverTheCapGets503WhenEveryConnectionIsMidRequest() async throws {
        let entered = Mutex(false)
        let release = Mutex(false)
        var routes = Self.routes()
        routes.add("GET", "/hold") { _ in
            entered.withLock { $0 = true }
            let deadline = ContinuousClock.now.advanced(by: .seconds(5))
            while !release.withLock({ $0 }), ContinuousClock.now < deadline { usleep(1_000) }
            return .text("held")
        }
        let server = try Self.server(routes: routes) { $0.maxConnections = 1 }
        defer { server.shutdown() }
        let (held, refused) = try await onOwnThread { [port = server.port] in
            let first = try TestHTTPClient(port: port)
            try first.get("/hold")
            // The event, not a delay: the one connection is inside its handler.
            let deadline = ContinuousClock.now.advanced(by: .seconds(5))
            while !entered.withLock({ $0 }), ContinuousClock.now < deadline { usleep(1_000) }
            let second = try TestHTTPClient(port: port)
            let refused = try second.readResponse()
            release.withLock { $0 = true }
            return (try first.readResponse(), refused)
        }
        #expect(held.body == "held")
        #expect(refused.status == 503)
        #expect(refused.headers["retry-after"] == "1")
        #expect(server.refusedConnectionCount == 1)
        #expect(server.evictedConnectionCount == 0)
    }

    @Test func aPortInUseIsAClearError() throws {
        let first = try Self.server()
        defer { first.shutdown() }
        let error = #expect(throws: PerfHTTPError.self) {
            _ = try HTTPServer(configuration: HTTPServerConfiguration(port: first.port), routes: HTTPRoutes())
        }
        #expect(error?.code == .portInUse)
        #expect(error?.message.contains("127.0.0.1:\(first.port)") == true)
        // The fix, in words a library user can follow (`perfgate serve` adds its option, `--port`:
        // see ServeLiveServiceTests).
        #expect(error?.message.hasSuffix("choose another port.") == true)
        #expect(error?.message.contains("\n") == false)
    }

    @Test(arguments: ["example.com", "256.1.1.1", "", "127.0.0.1:80"])
    func aBindAddressThatIsNotAnAddressIsRefused(host: String) {
        let error = #expect(throws: PerfHTTPError.self) {
            _ = try HTTPServer(configuration: HTTPServerConfiguration(host: host, port: 0), routes: HTTPRoutes())
        }
        #expect(error?.code == .invalidAddress)
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.1", true), ("localhost", true), ("::1", true), ("[::1]", true),
        ("0.0.0.0", false), ("::", false), ("192.168.1.4", false), ("nonsense", false),
    ])
    func tellsLoopbackAddressesApart(host: String, isLoopback: Bool) {
        #expect(HTTPServerConfiguration(host: host).isLoopbackOnly == isLoopback)
    }

    @Test func listensOnIPv6Loopback() async throws {
        let server = try Self.server { $0.host = "::1" }
        defer { server.shutdown() }
        #expect(server.authority == "[::1]:\(server.port)")
    }

    @Test func shutdownClosesIdleConnectionsAndFreesThePort() async throws {
        let server = try Self.server()
        let port = server.port
        let client = try await onOwnThread {
            let client = try TestHTTPClient(port: port)
            try client.get("/hello")
            _ = try client.readResponse()
            return UncheckedClient(client: client)
        }
        #expect(server.activeConnectionCount == 1)
        // True only when every connection ended within the grace period.
        #expect(server.shutdown())
        #expect(server.activeConnectionCount == 0)
        let rest = try await onOwnThread { try client.client.readUntilClosed() }
        #expect(rest.isEmpty)
        // The port is free again: a new server can bind it.
        let again = try HTTPServer(configuration: HTTPServerConfiguration(port: port), routes: HTTPRoutes())
        again.shutdown()
    }

    #if os(Linux)
    /// The calling thread's nice value (per thread under NPTL).
    static func threadNiceValue() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }

    /// The handler runs on the connection's thread, so it reads that thread's nice value.
    @Test(arguments: [(true, 0.0), (false, 0.05)])
    func connectionThreadsRunInTheBackgroundWithoutAForegroundShare(background: Bool, share: Double) async throws {
        var routes = HTTPRoutes()
        routes.add("GET", "/nice") { _ in .text(String(Self.threadNiceValue())) }
        let server = try Self.server(routes: routes) {
            $0.runsInBackground = background
            $0.foregroundShare = share
        }
        defer { server.shutdown() }
        let own = Self.threadNiceValue()
        let response = try await onOwnThread { [port = server.port] in try fetch("/nice", port: port) }
        // The background is nice 10, an absolute value (PerfSupport's DedicatedThread.backgroundNiceValue).
        let expected = background ? 10 : own
        #expect(response.body == String(expected))
    }

    /// A connection starts at normal priority, moves to the background once its requests overdraw
    /// the foreground budget, and, once the budget is full again, closes after its next response
    /// so that the client reconnects at normal priority.
    @Test func aConnectionThatOverdrawsTheForegroundBudgetMovesToTheBackgroundUntilItReconnects() async throws {
        var routes = HTTPRoutes()
        routes.add("GET", "/nice") { _ in .text(String(Self.threadNiceValue())) }
        // Burns 80 ms of this thread's CPU: more than the 50 ms burst.
        routes.add("GET", "/burn") { _ in
            let start = ForegroundBudget.threadCPUNanoseconds()
            var spins: UInt64 = 0
            while ForegroundBudget.threadCPUNanoseconds() - start < 80_000_000 { spins &+= 1 }
            return .text(String(Self.threadNiceValue()) + " " + String(spins > 0))
        }
        // 10% of a core refills the 30 ms overdraft and the 50 ms burst in 0.8 s.
        let server = try Self.server(routes: routes) { $0.foregroundShare = 0.1 }
        defer { server.shutdown() }
        let own = Self.threadNiceValue()
        let responses = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port, timeout: .seconds(30))
            var responses: [TestResponse] = []
            for path in ["/nice", "/burn", "/nice"] {
                try client.get(path)
                responses.append(try client.readResponse())
            }
            // Waits for the refill by the budget's own clock reading, not a fixed sleep.
            let refilled = Int64(1_500_000_000) + ForegroundBudget.monotonicNanoseconds()
            while ForegroundBudget.monotonicNanoseconds() < refilled { usleep(50_000) }
            try client.get("/nice")
            responses.append(try client.readResponse())
            let again = try TestHTTPClient(port: port, timeout: .seconds(30))
            try again.get("/nice")
            responses.append(try again.readResponse())
            return responses
        }
        try #require(responses.count == 5)
        #expect(responses[0].body == String(own))
        #expect(responses[1].body == "\(own) true")
        #expect(responses[1].headers["connection"] == "keep-alive")
        // Overdrawn by the burn: the same thread now runs in the background, still kept alive.
        #expect(responses[2].body == "10")
        #expect(responses[2].headers["connection"] == "keep-alive")
        // The budget is full again: the background connection asks its client to reconnect ...
        #expect(responses[3].body == "10")
        #expect(responses[3].headers["connection"] == "close")
        // ... and the new connection's thread starts at normal priority.
        #expect(responses[4].body == String(own))
    }
    #endif

    @Test func shutdownLetsAResponseInProgressFinishWithClose() async throws {
        let entered = Mutex(false)
        let release = Mutex(false)
        var routes = HTTPRoutes()
        // The handler is in progress until shutdown has begun: events, not a fixed sleep. The
        // bounds only keep a broken server from hanging the test; a loaded machine never meets them.
        routes.add("GET", "/slow") { _ in
            entered.withLock { $0 = true }
            let deadline = ContinuousClock.now.advanced(by: .seconds(120))
            while !release.withLock({ $0 }), ContinuousClock.now < deadline { usleep(1_000) }
            return .text("done")
        }
        let server = try Self.server(routes: routes) { $0.shutdownGracePeriod = .seconds(120) }
        let port = server.port
        // The client waits as long as the handler may: the test's own waits run on a shared pool
        // that a loaded machine may not schedule for seconds.
        async let response = onOwnThread { try fetchKeepingAlive("/slow", port: port, timeout: .seconds(120)) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        while !entered.withLock({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        // Shutting down before the handler runs would test something else (a connection still in
        // the listen queue is reset when the listener closes).
        try #require(entered.withLock { $0 })
        Thread.detachNewThread {
            let deadline = ContinuousClock.now.advanced(by: .seconds(120))
            while !server.isShuttingDown, ContinuousClock.now < deadline { usleep(1_000) }
            release.withLock { $0 = true }
        }
        #expect(server.shutdown())
        let finished = try await response
        #expect(finished.body == "done")
        #expect(finished.headers["connection"] == "close")
    }
}

/// A test client handed between threads in a test that uses it from one thread at a time.
///
/// `@unchecked Sendable` is sound here: the test creates it on one thread, then only reads from it
/// on one other thread after the first has finished with it (the `await` orders the two).
struct UncheckedClient: @unchecked Sendable {
    let client: TestHTTPClient
}

/// One GET on a new connection that asks to be kept alive.
func fetchKeepingAlive(_ path: String, port: Int, timeout: Duration = .seconds(5)) throws -> TestResponse {
    let client = try TestHTTPClient(port: port, timeout: timeout)
    try client.get(path)
    return try client.readResponse()
}
