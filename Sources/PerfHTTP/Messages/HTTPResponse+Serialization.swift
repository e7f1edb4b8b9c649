#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HTTPResponse {
    /// The response as HTTP/1.1 bytes, head and body, ready to write in one `send`.
    ///
    /// The head is the status line, the handler's header fields (any `Content-Length`,
    /// `Connection`, `Transfer-Encoding` or `Date` among them is replaced), then `Content-Length`,
    /// `Connection: keep-alive` or `close`, and `Date`.
    ///
    /// - Parameters:
    ///   - keepAlive: Whether the connection stays open after this response.
    ///   - includesBody: False for a response to `HEAD`: the head announces the body's length, but
    ///     the body is not sent.
    /// - Complexity: O(head + body).
    func serialized(keepAlive: Bool, includesBody: Bool = true) -> [UInt8] {
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        let managed = ["content-length", "connection", "transfer-encoding", "date"]
        for header in headers where !managed.contains(header.name.lowercased()) {
            head += "\(Self.clean(header.name)): \(Self.clean(header.value))\r\n"
        }
        head += "Content-Length: \(body.count)\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n"
        head += "Date: \(Self.httpDate())\r\n\r\n"
        var bytes = Array(head.utf8)
        if includesBody { bytes += body }
        return bytes
    }

    /// The text with CR and LF removed, so a handler's header cannot split the head.
    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            ? text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" } : text
    }

    /// The current time in the IMF-fixdate form HTTP uses: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = days[Int(parts.tm_wday) % 7]
        let month = months[Int(parts.tm_mon) % 12]
        return "\(day), \(twoDigits(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT"
    }
}
