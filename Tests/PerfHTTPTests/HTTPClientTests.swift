import Foundation
import Synchronization
import Testing

@testable import PerfHTTP

@Suite struct HTTPClientTests {
    /// A server on 127.0.0.1 (ephemeral port) with a few routes for the client.
    static func server(_ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> HTTPServer {
        var routes = HTTPRoutes()
        routes.add("GET", "/hello") { _ in .text("hello\n") }
        routes.add("POST", "/echo") { request in
            var response = HTTPResponse.text(String(decoding: request.body, as: UTF8.self))
            response.headers.append(HTTPHeader("X-Target", request.target))
            response.headers.append(HTTPHeader("X-Trace", request.headers.value(of: "X-Trace") ?? ""))
            return response
        }
        routes.add("GET", "/missing") { _ in .error(.notFound, "Nothing here.") }
        routes.add("GET", "/broken") { _ in .error(.internalServerError, "Broken.") }
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        adjust(&configuration)
        return try HTTPServer(configuration: configuration, routes: routes)
    }

    static func client(port: Int, _ configuration: HTTPClientConfiguration = .patient()) throws -> HTTPClient {
        try HTTPClient(url: "http://127.0.0.1:\(port)", configuration: configuration)
    }

    @Test func getsAResponseWithStatusHeadersAndBodySize() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        let response = try #require(await result(of: HTTPClientRequest(target: "/hello"), on: client).response)
        #expect(response.statusCode == 200)
        #expect(response.reasonPhrase == "OK")
        #expect(response.headers.value(of: "content-type") == "text/plain; charset=utf-8")
        #expect(response.bodyByteCount == "hello\n".utf8.count)
        #expect(response.body == nil)
    }

    @Test func keepsTheBodyOnlyWhenAsked() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        let payload = Array("some body".utf8)
        let request = try HTTPClientRequest(
            method: "POST",
            target: "/echo?x=1",
            headers: [HTTPHeader("X-Trace", "t-1")],
            body: payload,
            keepsBody: true
        )
        let response = try #require(await result(of: request, on: client).response)
        #expect(response.statusCode == 200)
        #expect(response.body == payload)
        #expect(response.bodyByteCount == payload.count)
        #expect(response.headers.value(of: "X-Target") == "/echo?x=1")
        #expect(response.headers.value(of: "X-Trace") == "t-1")
    }

    @Test func answersErrorStatusesAsResponses() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        let missing = await result(of: try HTTPClientRequest(target: "/missing"), on: client)
        let broken = await result(of: try HTTPClientRequest(target: "/broken"), on: client)
        #expect(missing.response?.statusCode == 404)
        #expect(broken.response?.statusCode == 500)
    }

    @Test func aHeadResponseHasNoBodyWhateverItsLengthSays() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        let head = await result(of: try HTTPClientRequest(method: "HEAD", target: "/hello"), on: client)
        #expect(head.response?.statusCode == 200)
        #expect(head.response?.headers.value(of: "Content-Length") == "\("hello\n".utf8.count)")
        #expect(head.response?.bodyByteCount == 0)
        // The connection is still in step: the next response is read whole.
        let next = await result(of: try HTTPClientRequest(target: "/hello", keepsBody: true), on: client)
        #expect(next.response?.body == Array("hello\n".utf8))
        #expect(client.statistics.connectionsOpened == 1)
    }

    @Test func reusesKeptAliveConnections() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let connections = 2
        let client = try Self.client(port: server.port, .patient(maxConnections: connections))
        defer { client.shutdown() }
        let requests = 40
        var succeeded = 0
        for _ in 0..<requests {
            if await result(of: try HTTPClientRequest(target: "/hello"), on: client).response?.statusCode == 200 {
                succeeded += 1
            }
        }
        #expect(succeeded == requests)
        #expect(client.statistics.connectionsOpened <= connections)
        #expect(server.acceptedConnectionCount < requests)
        #expect(client.statistics.succeeded == requests)
    }

    @Test func neverOpensMoreThanTheConnectionCapAndQueuesTheRest() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let connections = 3
        let client = try Self.client(
            port: server.port,
            .patient(maxConnections: connections, maxInFlight: 1000)
        )
        defer { client.shutdown() }
        let requests = try (0..<60).map { _ in try HTTPClientRequest(target: "/hello") }
        let answers = await results(of: requests, on: client)
        #expect(answers.allSatisfy { $0.response?.statusCode == 200 })
        #expect(client.statistics.connectionsOpened <= connections)
        #expect(server.acceptedConnectionCount <= connections)
        #expect(client.statistics.dropped == 0)
    }

    @Test func completesPendingRequestsAsShutDownAndLaterOnesInline() async throws {
        let held = TestGate()
        defer { held.open() }
        let server = try RawTestServer { connection, _ in
            connection.readRequestHead()
            held.wait()
        }
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        let request = try HTTPClientRequest()
        let pending = Task { await result(of: request, on: client) }
        #expect(await eventually { server.accepted == 1 && client.statistics.inFlight == 1 })
        client.shutdown()
        #expect(await pending.value.errorCode == .clientShutDown)
        let late = await result(of: try HTTPClientRequest(), on: client)
        #expect(late.errorCode == .clientShutDown)
        #expect(client.statistics.inFlight == 0)
    }
}
