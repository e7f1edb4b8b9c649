#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket bound to an address and listening, non-blocking so the accept loop never hangs.
///
/// The accept loop owns the descriptor once it starts and closes it when it ends; ``closeDescriptor()``
/// is for a server that never started its loop.
struct ListeningSocket: Sendable {
    /// The listening descriptor.
    let descriptor: Int32
    /// The port actually bound (the system's choice when 0 was asked for).
    let port: Int

    /// Opens, binds and listens.
    ///
    /// - Parameters:
    ///   - address: Where to listen.
    ///   - backlog: The kernel's queue of connections not yet accepted.
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/portInUse`` when something
    ///   already listens there, ``PerfHTTPError/Code/addressUnavailable`` when the address is not
    ///   this machine's, ``PerfHTTPError/Code/permissionDenied`` for a privileged port,
    ///   ``PerfHTTPError/Code/socket`` otherwise.
    init(address: SocketAddress, backlog: Int32) throws(PerfHTTPError) {
        let authority = address.authority(port: address.port)
        #if canImport(Glibc)
        let descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(address.family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            throw Self.failure(code: .socket, "could not open a socket to listen on \(authority)", errno)
        }
        var one: Int32 = 1
        // Lets a restarted server bind while old connections linger in TIME_WAIT; on Linux it does
        // not let two servers listen on one port, so a port in use is still reported.
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if address.family == AF_INET6 {
            _ = setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = address.withSocketAddress { bind(descriptor, $0, $1) }
        if bound != 0 {
            let error = errno
            close(descriptor)
            switch error {
            case EADDRINUSE:
                throw PerfHTTPError(
                    code: .portInUse,
                    message: "The address \(authority) is already in use; stop what listens there or choose "
                        + "another port."
                )
            case EADDRNOTAVAIL:
                throw Self.failure(
                    code: .addressUnavailable,
                    "The address \(address.host) is not one of this machine's; bind 127.0.0.1 or a local address",
                    error
                )
            case EACCES:
                throw Self.failure(
                    code: .permissionDenied,
                    "Listening on \(authority) is not permitted; choose a port of 1024 or above",
                    error
                )
            default:
                throw Self.failure(code: .socket, "could not bind \(authority)", error)
            }
        }
        guard listen(descriptor, backlog) == 0 else {
            let error = errno
            close(descriptor)
            throw Self.failure(code: .socket, "could not listen on \(authority)", error)
        }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        self.descriptor = descriptor
        self.port = Self.boundPort(of: descriptor) ?? address.port
    }

    /// Closes the descriptor.
    func closeDescriptor() {
        close(descriptor)
    }

    private static func boundPort(of descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        default:
            return nil
        }
    }

    private static func failure(code: PerfHTTPError.Code, _ what: String, _ error: Int32) -> PerfHTTPError {
        let sentence = what.prefix(1).uppercased() + what.dropFirst()
        return PerfHTTPError(code: code, message: sentence + ".", cause: String(cString: strerror(error)))
    }
}
