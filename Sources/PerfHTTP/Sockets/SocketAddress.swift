#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A numeric IPv4 or IPv6 address and a port, ready for `bind`.
///
/// Only literal addresses are accepted (and `localhost`, read as 127.0.0.1): the server never
/// resolves names, so what it binds is exactly what the user wrote.
struct SocketAddress: Sendable {
    /// The address family: `AF_INET` or `AF_INET6`.
    let family: Int32
    /// The address as written, without brackets.
    let host: String
    /// The port (0 asks the system for a free one).
    let port: Int
    /// The raw address bytes: 4 for IPv4, 16 for IPv6.
    let addressBytes: [UInt8]

    /// Parses a literal address.
    ///
    /// - Parameters:
    ///   - host: An IPv4 or IPv6 literal (brackets allowed), or `localhost`.
    ///   - port: The port, 0...65535.
    /// - Returns: The address, or nil when `host` is not a literal address or the port is out of range.
    init?(host: String, port: Int) {
        guard (0...65_535).contains(port) else { return nil }
        var text = host
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.lowercased() == "localhost" { text = "127.0.0.1" }
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 {
            family = AF_INET
            addressBytes = withUnsafeBytes(of: ipv4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &ipv6) == 1 {
            family = AF_INET6
            addressBytes = withUnsafeBytes(of: ipv6) { Array($0) }
        } else {
            return nil
        }
        self.host = text
        self.port = port
    }

    /// Whether only this machine can reach the address: 127.0.0.0/8 or ::1 (or an IPv4-mapped 127.x).
    var isLoopback: Bool {
        if family == AF_INET { return addressBytes.first == 127 }
        if addressBytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
        let mappedPrefix = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF]
        return Array(addressBytes.prefix(12)) == mappedPrefix && addressBytes[12] == 127
    }

    /// The address as a URL authority: `127.0.0.1:9464` or `[::1]:9464`.
    func authority(port: Int) -> String {
        family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Calls `body` with the address as a `sockaddr` and its length.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        let networkPort = in_port_t(UInt16(port).bigEndian)
        if family == AF_INET {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = networkPort
            withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: addressBytes) }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = networkPort
        withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: addressBytes) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }
}
