import Foundation
import Synchronization
import Testing

@testable import PerfHTTP

/// The server under hostile clients: silent connections, floods of them, HTTP/0.9 and oversized
/// bodies.
@Suite struct HTTPServerHardeningTests {
    @Test func aConnectionThatSendsNothingIsDroppedAfterTheReadTimeoutNotTheIdleTimeout() async throws {
        let server = try HTTPServerTests.server {
            $0.readTimeout = .milliseconds(300)
            $0.idleTimeout = .seconds(60)
        }
        defer { server.shutdown() }
        // The client's own bound is 5 s: were the server to wait for the idle timeout, it would throw.
        let rest = try await onOwnThread { [port = server.port] in
            try TestHTTPClient(port: port).readUntilClosed()
        }
        #expect(rest.isEmpty)
    }

    @Test func anIdleConnectionMakesRoomForANewOneWhenTheServerIsFull() async throws {
        let server = try HTTPServerTests.server { $0.maxConnections = 1 }
        defer { server.shutdown() }
        let (second, firstRest) = try await onOwnThread { [port = server.port] in
            let first = try TestHTTPClient(port: port)
            try first.get("/hello")
            _ = try first.readResponse()
            // The first connection turns idle just after its response is sent; until then it is
            // mid-request and a newcomer is refused. Wait for that event, bounded.
            let deadline = ContinuousClock.now.advanced(by: .seconds(5))
            while true {
                let second = try TestHTTPClient(port: port)
                try second.get("/hello", extraHeaders: "Connection: close\r\n")
                let response = try second.readResponse()
                if response.status != 503 || ContinuousClock.now > deadline {
                    return (response, try first.readUntilClosed())
                }
                usleep(1_000)
            }
        }
        #expect(second.status == 200)
        #expect(firstRest.isEmpty)
        #expect(server.evictedConnectionCount >= 1)
    }

    @Test func monitoringStaysReachableUnderAFloodOfSilentConnections() async throws {
        let server = try HTTPServerTests.server { $0.maxConnections = 16 }
        defer { server.shutdown() }
        let response = try await onOwnThread { [port = server.port] in
            let silent = try (0..<200).map { _ in try TestHTTPClient(port: port) }
            // A scraper retries a refusal; bounded by the deadline, it must get through.
            let deadline = ContinuousClock.now.advanced(by: .seconds(5))
            var response = try fetch("/hello", port: port)
            while response.status != 200, ContinuousClock.now < deadline {
                usleep(10_000)
                response = try fetch("/hello", port: port)
            }
            withExtendedLifetime(silent) {}
            return response
        }
        #expect(response.status == 200)
        #expect(server.evictedConnectionCount > 0)
    }

    @Test func anHTTP09RequestGets400AtOnce() async throws {
        let server = try HTTPServerTests.server { $0.readTimeout = .seconds(30) }
        defer { server.shutdown() }
        // The client gives up after 2 s; the server's read timeout (30 s) would answer 408 far later.
        let response = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port, timeout: .seconds(2))
            try client.send("GET /hello\r\n")
            return try client.readResponse()
        }
        #expect(response.status == 400)
    }

    @Test func aClientSendingABodyFarOverTheLimitReads413() async throws {
        let server = try HTTPServerTests.server { $0.maxBodyBytes = 1024 }
        defer { server.shutdown() }
        let response = try await onOwnThread { [port = server.port] in
            let client = try TestHTTPClient(port: port)
            // 2 MiB: far past the 256 KiB a plain close drained before the client's reset.
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n\r\n"
            )
            // A plain client sends its whole body before it reads: the server must let it.
            try client.send(bytes: body)
            return try client.readResponse()
        }
        #expect(response.status == 413)
    }
}
