/// One request for an ``HTTPClient`` to send: a method, a target, header fields and a body.
///
/// The client adds `Host` (unless the request has one) and `Content-Length` (for a body, or for
/// `POST`, `PUT` and `PATCH`), so a request must not set `Content-Length` or `Transfer-Encoding`
/// itself. Everything is checked when the request is made, so nothing a caller supplies can
/// split the request: the method and header names must be tokens, the target must start with
/// `/` and have no spaces or control characters, and header values must have no CR, LF or other
/// control byte.
///
/// ```swift
/// let request = try HTTPClientRequest(method: "POST", target: "/orders",
///                                     headers: [HTTPHeader("Content-Type", "application/json")],
///                                     body: Array(#"{"id": 7}"#.utf8))
/// ```
public struct HTTPClientRequest: Sendable, Hashable {
    /// The method, such as `GET`.
    public let method: String
    /// The path and query, such as `/orders?limit=5`.
    public let target: String
    /// The header fields, in the order sent (after `Host`).
    public let headers: [HTTPHeader]
    /// The body.
    public let body: [UInt8]
    /// Whether the response's body is kept in ``HTTPClientResponse/body``; otherwise it is only
    /// counted.
    public var keepsBody: Bool
    /// Whether the response's header fields are kept in ``HTTPClientResponse/headers``; otherwise
    /// none are, which spares a load generator two strings per field per response. Every field is
    /// checked, and those that frame the response read, either way.
    public var keepsHeaders: Bool

    /// Creates a request, checking every part.
    ///
    /// - Parameters:
    ///   - method: The method (`GET` by default).
    ///   - target: The path and query (`/` by default).
    ///   - headers: The header fields.
    ///   - body: The body.
    ///   - keepsBody: Whether to keep the response's body (false by default: only count it).
    ///   - keepsHeaders: Whether to keep every header field of the response (true by default).
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/invalidRequest`` naming the part
    ///   that is not allowed.
    public init(
        method: String = "GET",
        target: String = "/",
        headers: [HTTPHeader] = [],
        body: [UInt8] = [],
        keepsBody: Bool = false,
        keepsHeaders: Bool = true
    ) throws(PerfHTTPError) {
        try Self.check(method: method, target: target, headers: headers, where: "request")
        self.init(
            checkedMethod: method,
            target: target,
            headers: headers,
            body: body,
            keepsBody: keepsBody,
            keepsHeaders: keepsHeaders
        )
    }

    /// Creates a request whose parts are known to be valid (a filled ``HTTPRequestTemplate``'s).
    init(
        checkedMethod method: String,
        target: String,
        headers: [HTTPHeader],
        body: [UInt8],
        keepsBody: Bool,
        keepsHeaders: Bool
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.keepsBody = keepsBody
        self.keepsHeaders = keepsHeaders
    }

    /// Checks a method, target and header fields.
    ///
    /// - Parameters:
    ///   - method: The method.
    ///   - target: The target; `nil` skips it (a template checks its own).
    ///   - headers: The header fields.
    ///   - place: What is checked, for the message: "request" or "request template".
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/invalidRequest``.
    static func check(
        method: String,
        target: String?,
        headers: [HTTPHeader],
        where place: String
    ) throws(PerfHTTPError) {
        guard HTTPSyntax.isToken(method) else {
            throw invalid("The \(place)'s method '\(method)' is not a token; use a method such as GET or POST.")
        }
        if let target {
            guard target.hasPrefix("/"), target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw invalid(
                    "The \(place)'s target '\(target)' must start with '/' and have no spaces, control characters "
                        + "or non-ASCII text; percent-encode them."
                )
            }
        }
        for header in headers {
            guard HTTPSyntax.isToken(header.name) else {
                throw invalid(
                    "The \(place)'s header name '\(header.name)' is not a token; use letters, digits and '-'."
                )
            }
            guard header.value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte) else {
                throw invalid(
                    "The \(place)'s header '\(header.name)' has a CR, LF or other control character in its value; "
                        + "remove it."
                )
            }
            if header.hasName("Content-Length") || header.hasName("Transfer-Encoding") {
                throw invalid(
                    "The \(place)'s header '\(header.name)' is set by the client from the body; remove it."
                )
            }
        }
    }

    private static func invalid(_ message: String) -> PerfHTTPError {
        PerfHTTPError(code: .invalidRequest, message: message)
    }

    /// Whether the response has no body whatever its head says.
    var isHead: Bool { method == "HEAD" }

    /// Whether the request asks the server to close the connection after the response.
    var closesConnection: Bool {
        headers.values(of: "Connection").contains { value in
            value.split(separator: ",").contains { $0.trimmingWhitespace().lowercased() == "close" }
        }
    }

    /// The request as HTTP/1.1 bytes, ready to write.
    ///
    /// - Parameter authority: The `Host` value to send unless the request has its own.
    /// - Complexity: O(head + body).
    func serialized(authority: String) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if headers.value(of: "Host") == nil { head += "Host: \(authority)\r\n" }
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.utf8.count + body.count)
        bytes.append(contentsOf: head.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }
}
