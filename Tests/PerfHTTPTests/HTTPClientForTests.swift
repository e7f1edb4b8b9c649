// Compiled into PerfHTTPTests and, through the symbolic link Tests/PerfGateTests/HTTPClientForTests.swift,
// into PerfGateTests, whose LiveService tests talk to the same endpoints: one test target cannot
// import another.

import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong in a test client.
struct TestClientError: Error, CustomStringConvertible {
    var description: String
}

/// A response as a test client read it.
struct TestResponse: Sendable {
    var status: Int
    var reason: String
    /// Header fields, names lowercased; the last value wins.
    var headers: [String: String]
    var body: String
}

/// A raw-socket HTTP/1.1 client for tests, talking to 127.0.0.1 only.
///
/// Every read and write is bounded by a socket timeout, so a test that waits for a server that
/// never answers fails within the timeout instead of hanging. Use it off Swift's cooperative pool
/// (see ``onOwnThread(_:)``): its calls block.
final class TestHTTPClient {
    let descriptor: Int32
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:`port`.
    ///
    /// - Parameters:
    ///   - port: The server's port.
    ///   - timeout: The bound on each read and write.
    init(port: Int, timeout: Duration = .seconds(5)) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError(description: "socket failed: errno \(errno)") }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            close(descriptor)
            throw TestClientError(description: "connect to 127.0.0.1:\(port) failed: errno \(error)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends text as it is.
    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Sends bytes as they are.
    func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                rawSend(descriptor, $0.baseAddress, $0.count)
            }
            if written < 0 { throw TestClientError(description: "send failed: errno \(errno)") }
            offset += written
        }
    }

    /// Sends a GET with `Host` and any extra header lines.
    func get(_ path: String, extraHeaders: String = "") throws {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extraHeaders)\r\n")
    }

    /// Reads more bytes; nil when the peer closed; throws on timeout or reset.
    private func receiveMore() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count == 0 { return nil }
        if count < 0 {
            let error = errno
            if error == EAGAIN || error == EWOULDBLOCK {
                throw TestClientError(description: "timed out waiting for the server")
            }
            throw TestClientError(description: "recv failed: errno \(error)")
        }
        return Array(chunk[0..<count])
    }

    /// Reads one response: head, then a body of `Content-Length` bytes (none for HEAD).
    func readResponse(isHead: Bool = false) throws -> TestResponse {
        while true {
            if let end = Self.headEnd(in: pending) {
                let head = String(decoding: pending[0..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                guard !lines.isEmpty else { throw TestClientError(description: "empty head") }
                let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                    throw TestClientError(description: "bad status line in \(head)")
                }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces
                    )
                }
                let length = isHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
                while pending.count < end + length {
                    guard let more = try receiveMore() else {
                        throw TestClientError(description: "closed in the middle of a body")
                    }
                    pending += more
                }
                let body = String(decoding: pending[end..<(end + length)], as: UTF8.self)
                pending.removeFirst(end + length)
                return TestResponse(
                    status: status,
                    reason: statusLine.count > 2 ? statusLine[2] : "",
                    headers: headers,
                    body: body
                )
            }
            guard let more = try receiveMore() else {
                throw TestClientError(description: "closed before a whole response head arrived")
            }
            pending += more
        }
    }

    /// Reads until the server closes the connection; throws when it does not within the timeout.
    ///
    /// - Returns: Whatever arrived before the close.
    @discardableResult
    func readUntilClosed() throws -> String {
        while let more = try receiveMore() { pending += more }
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}

/// `send` without SIGPIPE, callable where a method named `send` hides the C function.
private func rawSend(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    send(descriptor, bytes, count, Int32(MSG_NOSIGNAL))
    #else
    send(descriptor, bytes, count, 0)
    #endif
}

/// One GET on a new connection, with `Connection: close`.
func fetch(_ path: String, port: Int) throws -> TestResponse {
    let client = try TestHTTPClient(port: port)
    try client.get(path, extraHeaders: "Connection: close\r\n")
    return try client.readResponse()
}

/// Runs blocking work on a thread of its own and awaits its result, so that tests never block
/// one of the cooperative pool's few threads (the monitor and drivers need them).
func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}
