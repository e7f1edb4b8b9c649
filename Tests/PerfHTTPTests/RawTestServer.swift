import Foundation
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny TCP server for client tests that misbehaves on purpose: it accepts on 127.0.0.1 (an
/// ephemeral port) and hands each connection, on a thread of its own, to a handler that reads and
/// writes raw bytes.
///
/// Every read is bounded by a socket timeout, so a handler waiting for a client that never sends
/// ends instead of hanging. ``stop()`` stops accepting; connections end when their handlers return.
final class RawTestServer: Sendable {
    /// The port listened on.
    let port: Int
    private let listener: Int32
    private let acceptedCount = Atomic<Int>(0)
    /// Connections accepted so far.
    var accepted: Int { acceptedCount.load(ordering: .acquiring) }

    /// Listens and starts accepting; `handler` gets each connection and its number (0, 1, …).
    init(handler: @escaping @Sendable (RawConnection, Int) -> Void) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError(description: "socket failed: errno \(errno)") }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw TestClientError(description: "bind or listen failed: errno \(errno)")
        }
        listener = descriptor
        port = Self.boundPort(descriptor)
        Thread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                let number = acceptedCount.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
                let connection = RawConnection(descriptor: client)
                Thread { handler(connection, number) }.start()
            }
        }.start()
    }

    /// Stops accepting.
    func stop() {
        _ = shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// A port on 127.0.0.1 where nothing listens, held by a bound socket (so no other test takes
    /// it) that never listens: connecting to it is refused. Close the socket when done.
    static func refusingPort() throws -> (port: Int, descriptor: Int32) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard descriptor >= 0, bound == 0 else { throw TestClientError(description: "bind failed: errno \(errno)") }
        return (boundPort(descriptor), descriptor)
    }

    private static func boundPort(_ descriptor: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// One accepted connection of a ``RawTestServer``; closed when the last reference goes.
final class RawConnection: Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var limit = timeval(tv_sec: 60, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to the end of one request head (and drops it); false when the client closed or
    /// the read timed out first.
    @discardableResult
    func readRequestHead() -> Bool {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        while !received.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard recv(descriptor, &byte, 1, 0) == 1 else { return false }
            received.append(byte)
        }
        return true
    }

    /// Writes text as it is; false when the client is gone.
    @discardableResult
    func write(_ text: String) -> Bool {
        write(bytes: Array(text.utf8))
    }

    /// Writes bytes as they are; false when the client is gone.
    @discardableResult
    func write(bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                #if canImport(Glibc)
                send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                #else
                send(descriptor, raw.baseAddress, raw.count, 0)
                #endif
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Waits until the client closes (or the read timeout passes), dropping what it sends.
    func waitForClose() {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while scratch.withUnsafeMutableBytes({ recv(descriptor, $0.baseAddress, $0.count, 0) }) > 0 {}
    }

    /// Makes the coming close a reset (SO_LINGER 0) instead of an orderly close; the socket
    /// closes when the handler lets go of the connection.
    func resetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }
}

/// Sleeps the calling thread.
func usleepForTests(_ microseconds: UInt32) {
    usleep(microseconds)
}
