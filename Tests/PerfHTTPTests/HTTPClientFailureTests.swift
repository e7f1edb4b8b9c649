import Foundation
import Synchronization
import Testing

@testable import PerfHTTP

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client against servers that misbehave on purpose: each failure must come back as its kind.
@Suite struct HTTPClientFailureTests {
    static func client(port: Int, _ configuration: HTTPClientConfiguration = .patient()) throws -> HTTPClient {
        try HTTPClient(url: "http://127.0.0.1:\(port)", configuration: configuration)
    }

    /// Serves every connection with a fixed reply to each request, then closes when asked.
    static func replying(_ reply: String, closeAfter: Bool = false) throws -> RawTestServer {
        try RawTestServer { connection, _ in
            while connection.readRequestHead() {
                guard connection.write(reply), !closeAfter else { return }
            }
        }
    }

    @Test func nothingListeningIsRefused() async throws {
        let (port, descriptor) = try RawTestServer.refusingPort()
        defer { close(descriptor) }
        let client = try Self.client(port: port)
        defer { client.shutdown() }
        let answer = await result(of: try HTTPClientRequest(), on: client)
        #expect(answer.errorCode == .connectionRefused)
        if case .failure(let error) = answer {
            #expect(error.message.contains("127.0.0.1:\(port)"))
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let held = TestGate()
        defer { held.open() }
        let server = try RawTestServer { connection, _ in
            connection.readRequestHead()
            held.wait()
        }
        defer { server.stop() }
        let client = try Self.client(
            port: server.port,
            HTTPClientConfiguration(readTimeout: .milliseconds(200), requestTimeout: .seconds(60))
        )
        defer { client.shutdown() }
        let answer = await result(of: try HTTPClientRequest(), on: client)
        #expect(answer.errorCode == .timedOut)
        if case .failure(let error) = answer { #expect(error.message.contains("readTimeout")) }
    }

    @Test func theRequestTimeoutCoversASlowTrickle() async throws {
        let held = TestGate()
        defer { held.open() }
        // One header byte every 20 ms keeps the read timeout from passing; the request timeout must.
        let server = try RawTestServer { connection, _ in
            connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\n")
            for _ in 0..<6000 {
                guard connection.write("X") else { return }
                usleepForTests(20_000)
            }
        }
        defer { server.stop() }
        let client = try Self.client(
            port: server.port,
            HTTPClientConfiguration(readTimeout: .seconds(60), requestTimeout: .milliseconds(300))
        )
        defer { client.shutdown() }
        let answer = await result(of: try HTTPClientRequest(), on: client)
        #expect(answer.errorCode == .timedOut)
        if case .failure(let error) = answer { #expect(error.message.contains("requestTimeout")) }
    }

    @Test func aCloseInTheMiddleOfABodyIsAProtocolFailure() async throws {
        let server = try Self.replying("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a little", closeAfter: true)
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        #expect(await result(of: try HTTPClientRequest(), on: client).errorCode == .malformedResponse)
    }

    @Test func aCloseBeforeAnyAnswerIsAReset() async throws {
        let server = try RawTestServer { connection, _ in connection.readRequestHead() }
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        #expect(await result(of: try HTTPClientRequest(), on: client).errorCode == .connectionReset)
        // A fresh connection that closes is not retried.
        #expect(client.statistics.retried == 0)
    }

    @Test func aResetBeforeAnyAnswerIsAReset() async throws {
        let server = try RawTestServer { connection, _ in
            connection.readRequestHead()
            connection.resetOnClose()
        }
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        #expect(await result(of: try HTTPClientRequest(), on: client).errorCode == .connectionReset)
    }

    @Test(arguments: [
        "SSH-2.0-OpenSSH_9.6\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
    ])
    func garbageIsAProtocolFailure(reply: String) async throws {
        let server = try Self.replying(reply, closeAfter: true)
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        #expect(await result(of: try HTTPClientRequest(), on: client).errorCode == .malformedResponse)
    }

    @Test func anOversizedHeadIsAProtocolFailure() async throws {
        let limit = 1024
        let server = try Self.replying(
            "HTTP/1.1 200 OK\r\nX-Big: \(String(repeating: "b", count: limit * 4))\r\nContent-Length: 0\r\n\r\n"
        )
        defer { server.stop() }
        let client = try Self.client(port: server.port, HTTPClientConfiguration(maxResponseHeaderBytes: limit))
        defer { client.shutdown() }
        let answer = await result(of: try HTTPClientRequest(), on: client)
        #expect(answer.errorCode == .malformedResponse)
        if case .failure(let error) = answer { #expect(error.message.contains("\(limit)")) }
    }

    @Test func readsChunkedBodiesAndKeepsTheConnection() async throws {
        let chunks = ["hello", " chunked", " world"]
        var reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        for (index, chunk) in chunks.enumerated() {
            reply += String(chunk.utf8.count, radix: 16) + (index == 1 ? ";name=value" : "") + "\r\n\(chunk)\r\n"
        }
        reply += "0\r\nX-Trailer: done\r\n\r\n"
        let server = try Self.replying(reply)
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        let first = await result(of: try HTTPClientRequest(keepsBody: true), on: client)
        let second = await result(of: try HTTPClientRequest(), on: client)
        #expect(first.response?.body == Array(chunks.joined().utf8))
        #expect(first.response?.bodyByteCount == chunks.joined().utf8.count)
        #expect(second.response?.bodyByteCount == chunks.joined().utf8.count)
        #expect(server.accepted == 1)
    }

    @Test func readsABodyDelimitedByTheClose() async throws {
        let body = "until the end"
        let server = try Self.replying("HTTP/1.1 200 OK\r\n\r\n\(body)", closeAfter: true)
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        let first = await result(of: try HTTPClientRequest(keepsBody: true), on: client)
        let second = await result(of: try HTTPClientRequest(), on: client)
        #expect(first.response?.body == Array(body.utf8))
        #expect(second.response?.bodyByteCount == body.utf8.count)
        // Such a connection cannot carry another request.
        #expect(server.accepted == 2)
    }

    @Test func skipsAnInterimContinueResponse() async throws {
        let server = try Self.replying("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
        defer { server.stop() }
        let client = try Self.client(port: server.port)
        defer { client.shutdown() }
        #expect(await result(of: try HTTPClientRequest(), on: client).response?.statusCode == 204)
    }

    @Test func retriesOnceWhenAKeptAliveConnectionClosesUnderARequest() async throws {
        let reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        // The first connection answers once, then closes on the next request without answering
        // (as a server closing an idle connection does); later connections answer everything.
        let server = try RawTestServer { connection, number in
            guard connection.readRequestHead(), connection.write(reply) else { return }
            if number == 0 {
                connection.readRequestHead()
                return
            }
            while connection.readRequestHead(), connection.write(reply) {}
        }
        defer { server.stop() }
        let client = try Self.client(port: server.port, .patient(maxConnections: 1))
        defer { client.shutdown() }
        #expect(await result(of: try HTTPClientRequest(), on: client).response?.statusCode == 200)
        #expect(await result(of: try HTTPClientRequest(), on: client).response?.statusCode == 200)
        #expect(client.statistics.retried == 1)
        #expect(server.accepted == 2)
    }

    @Test func dropsRequestsBeyondTheInFlightCapAndQueuesUpToIt() async throws {
        let gate = TestGate()
        defer { gate.open() }
        let reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        let server = try RawTestServer { connection, _ in
            while connection.readRequestHead() {
                gate.wait()
                guard connection.write(reply) else { return }
            }
        }
        defer { server.stop() }
        let configuration = HTTPClientConfiguration.patient(maxConnections: 2, maxInFlight: 5)
        let client = try Self.client(port: server.port, configuration)
        defer { client.shutdown() }
        let offered = configuration.maxInFlight + 3
        let collected = TestCollector()
        for _ in 0..<offered {
            client.send(try HTTPClientRequest()) { collected.append($0.errorCode?.rawValue ?? "ok") }
        }
        // The ones over the cap complete at once, inline; the rest wait.
        #expect(collected.values.count == offered - configuration.maxInFlight)
        #expect(collected.values.allSatisfy { $0 == PerfHTTPError.Code.dropped.rawValue })
        #expect(await eventually { server.accepted == configuration.maxConnections })
        #expect(client.statistics.inFlight == configuration.maxInFlight)
        gate.open()
        #expect(await eventually { collected.values.count == offered })
        #expect(collected.values.filter { $0 == "ok" }.count == configuration.maxInFlight)
        #expect(client.statistics.dropped == offered - configuration.maxInFlight)
        #expect(client.statistics.connectionsOpened == configuration.maxConnections)
        #expect(server.accepted == configuration.maxConnections)
    }
}

/// Values collected from completions on any thread.
final class TestCollector: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ value: String) { storage.withLock { $0.append(value) } }

    var values: [String] { storage.withLock { $0 } }
}
