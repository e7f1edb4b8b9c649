#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two things ``ServiceProcess`` asks of 127.0.0.1: a free port, and whether a path answers 2xx.
///
/// The readiness check is a minimal blocking HTTP/1.1 `GET` that reads only the status line; it is
/// not a client for load (see the HTTP load target for that).
enum LoopbackProbe {
    /// What a readiness check got.
    enum Answer: Sendable, Equatable {
        /// The server answered with this status code.
        case status(Int)
        /// No HTTP answer: the reason, such as "connection refused".
        case none(String)

        /// Whether the answer is a 2xx status.
        var isSuccess: Bool {
            if case .status(let code) = self { return (200..<300).contains(code) }
            return false
        }

        /// The answer in a few words, for error messages: "status 503", "connection refused".
        var summary: String {
            switch self {
            case .status(let code): "status \(code)"
            case .none(let reason): reason
            }
        }
    }

    /// A port on 127.0.0.1 that nothing listens on now: the kernel's pick for a socket bound to port 0.
    ///
    /// Another process could take the port before the service binds it; the readiness check then fails
    /// or the service exits, and the error says so.
    ///
    /// - Throws: `serviceSpawn` when the system refuses a socket or the bind.
    static func freePort() throws(PerfGateError) -> Int {
        let descriptor = socket(AF_INET, streamSocketType, 0)
        guard descriptor >= 0 else { throw portError("cannot open a socket", errno) }
        defer { close(descriptor) }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw portError("cannot bind 127.0.0.1:0", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw portError("cannot read the bound port", errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends `GET path` to 127.0.0.1:`port` and reads the status line of the answer.
    ///
    /// Blocks for at most about `timeout` for each of connecting, sending and reading.
    ///
    /// - Parameters:
    ///   - path: The request path, starting with `/`.
    ///   - port: The port.
    ///   - timeout: The bound on each socket operation.
    /// - Returns: The status code, or why there was none.
    static func get(_ path: String, port: Int, timeout: Duration) -> Answer {
        let descriptor = socket(AF_INET, streamSocketType, 0)
        guard descriptor >= 0 else { return .none(reason(errno)) }
        defer { close(descriptor) }
        let seconds = max(timeout, .milliseconds(10)).components
        var limit = timeval(
            tv_sec: Int(seconds.seconds),
            tv_usec: .init(seconds.attoseconds / 1_000_000_000_000)
        )
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return .none(reason(errno)) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, sendFlags) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .none(reason(errno)) }
            sent += count
        }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while answer.count < 4096 {
            if let end = answer.firstIndex(of: UInt8(ascii: "\n")) { return statusLine(answer[..<end]) }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return .none(errno == EAGAIN || errno == EWOULDBLOCK ? "no answer" : reason(errno)) }
            if count == 0 {
                return answer.isEmpty ? .none("connection closed without an answer") : statusLine(answer[...])
            }
            answer += chunk[0..<count]
        }
        return .none("an answer that is not HTTP")
    }

    /// The status code of `HTTP/1.x NNN reason`.
    private static func statusLine(_ bytes: ArraySlice<UInt8>) -> Answer {
        let words = String(decoding: bytes, as: UTF8.self).split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0].hasPrefix("HTTP/"), words[1].count == 3, let code = Int(words[1]) else {
            return .none("an answer that is not HTTP")
        }
        return .status(code)
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return address
    }

    private static func reason(_ number: Int32) -> String {
        number == ECONNREFUSED ? "connection refused" : String(cString: strerror(number)).lowercased()
    }

    private static func portError(_ what: String, _ number: Int32) -> PerfGateError {
        PerfGateError(
            code: .serviceSpawn,
            message: "Cannot pick a free port for the service: \(what) (\(String(cString: strerror(number))))."
        )
    }
}

#if canImport(Glibc)
/// A stream socket that a spawned service does not inherit.
private let streamSocketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
/// No `SIGPIPE` when the server has closed the connection.
private let sendFlags = Int32(MSG_NOSIGNAL)
#else
private let streamSocketType = SOCK_STREAM
private let sendFlags: Int32 = 0
#endif
