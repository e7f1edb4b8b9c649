#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `http://host[:port][/path][?query]` URL: the one origin an ``HTTPClient`` talks to, and a
/// default request target.
///
/// Only plain `http` is accepted; `https://` (the client does not speak TLS) or any other scheme
/// is an error with code ``PerfHTTPError/Code/unsupportedScheme``, and a URL that is not
/// `http://host[:port][/path]` (no host, a bad port, credentials, spaces) one with code
/// ``PerfHTTPError/Code/invalidURL``. The host may be an IPv4 literal, an IPv6 literal in
/// brackets, `localhost` or a name, which ``HTTPClient`` resolves once, when it is created.
///
/// ```swift
/// let url = try HTTPURL("http://127.0.0.1:8080/orders?limit=5")
/// // url.host == "127.0.0.1", url.port == 8080, url.target == "/orders?limit=5"
/// ```
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    /// The host as written, without brackets: `127.0.0.1`, `::1` or `example.internal`.
    public let host: String
    /// The port: as written, or 80.
    public let port: Int
    /// The path and query (without any `#fragment`), `/` when the URL has none.
    public let target: String

    /// Parses a URL.
    ///
    /// - Parameter text: The URL, such as `http://127.0.0.1:8080/path`.
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/unsupportedScheme`` for a
    ///   scheme other than `http`, ``PerfHTTPError/Code/invalidURL`` for anything else that is
    ///   not `http://host[:port][/path]`.
    public init(_ text: String) throws(PerfHTTPError) {
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw Self.invalid(text, "it has no scheme; write it as http://host:port/path")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" else {
            let why = scheme == "https" ? "the client does not speak TLS" : "the client speaks plain HTTP only"
            throw PerfHTTPError(
                code: .unsupportedScheme,
                message: "The URL '\(text)' uses \(scheme)://, but \(why); use an http:// URL."
            )
        }
        var rest = text[schemeEnd.upperBound...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Self.invalid(text, "its path has a space, a control character or non-ASCII text; percent-encode it")
        }
        guard !authority.contains("@") else {
            throw Self.invalid(text, "it has credentials before '@', which the client does not send; remove them")
        }
        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw Self.invalid(text, "its IPv6 address has no closing ']'; write it as http://[::1]:8080")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw Self.invalid(text, "text follows the IPv6 address; write it as http://[::1]:8080")
                }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        let isValidHost =
            authority.hasPrefix("[")
            ? SocketAddress(host: String(hostPart), port: 0)?.family == AF_INET6
            : !hostPart.isEmpty && hostPart.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard isValidHost else {
            throw Self.invalid(text, "it has no valid host; write it as http://127.0.0.1:8080/path")
        }
        var port = 80
        if let portPart, !portPart.isEmpty {
            guard portPart.utf8.count <= 5, portPart.utf8.allSatisfy(HTTPSyntax.isDigit), let value = Int(portPart),
                (1...65_535).contains(value)
            else {
                throw Self.invalid(text, "its port '\(portPart)' is not a number in 1...65535")
            }
            port = value
        }
        self.host = String(hostPart)
        self.port = port
        self.target = target
    }

    /// The host and port as a `Host` header value: `127.0.0.1:8080`, `[::1]:8080`, or the host
    /// alone for port 80.
    public var authority: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return port == 80 ? host : "\(host):\(port)"
    }

    /// The URL, normalised: `http://127.0.0.1:8080/path`.
    public var description: String { "http://\(authority)\(target)" }

    /// The address to connect to: the host as a literal, `localhost`, or else the first address
    /// the system's resolver gives for the name (this blocks while it asks).
    ///
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/unresolvableHost`` when the name
    ///   does not resolve.
    func resolveAddress() throws(PerfHTTPError) -> SocketAddress {
        if let literal = SocketAddress(host: host, port: port) { return literal }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        var entry = status == 0 ? list : nil
        while let current = entry {
            if let literal = Self.literal(of: current.pointee), let address = SocketAddress(host: literal, port: port) {
                return address
            }
            entry = current.pointee.ai_next
        }
        throw PerfHTTPError(
            code: .unresolvableHost,
            message: "The URL's host '\(host)' does not resolve to an address; check the name or use an IP address.",
            cause: status == 0 ? nil : String(cString: gai_strerror(status))
        )
    }

    /// The numeric text of a resolved IPv4 or IPv6 address.
    private static func literal(of entry: addrinfo) -> String? {
        guard let address = entry.ai_addr else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let written: UnsafePointer<CChar>?
        switch entry.ai_family {
        case AF_INET:
            written = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                var raw = ipv4.pointee.sin_addr
                return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
            }
        case AF_INET6:
            written = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                var raw = ipv6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
            }
        default:
            return nil
        }
        guard written != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func invalid(_ text: String, _ why: String) -> PerfHTTPError {
        PerfHTTPError(code: .invalidURL, message: "The URL '\(text)' is not valid: \(why).")
    }
}
