/// One HTTP/1.x request as the server parsed it.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, such as `GET` (case-sensitive, as HTTP defines it).
    public var method: String
    /// The request target as sent: the path and, after `?`, the query.
    public var target: String
    /// The protocol's minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var minorVersion: Int
    /// The header fields in the order sent.
    public var headers: [HTTPHeader]
    /// The body (empty unless `Content-Length` announced one).
    public var body: [UInt8]

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: The method.
    ///   - target: The path and query.
    ///   - minorVersion: 1 for HTTP/1.1, 0 for HTTP/1.0.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(method: String, target: String, minorVersion: Int = 1, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// The path: the target up to the first `?`.
    public var path: String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        return String(target[..<mark])
    }

    /// The query parameters after `?`, as sent (no percent-decoding); a name without `=` maps to "".
    public var queryItems: [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        var items: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if items[name] == nil { items[name] = parts.count > 1 ? String(parts[1]) : "" }
        }
        return items
    }

    /// Whether the client wants the connection kept open after the response: HTTP/1.1 unless it
    /// sent `Connection: close`, HTTP/1.0 only when it sent `Connection: keep-alive`.
    public var keepsAlive: Bool {
        let options = headers.values(of: "Connection").flatMap { $0.split(separator: ",") }.map {
            $0.trimmingWhitespace().lowercased()
        }
        if options.contains("close") { return false }
        return minorVersion >= 1 || options.contains("keep-alive")
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
