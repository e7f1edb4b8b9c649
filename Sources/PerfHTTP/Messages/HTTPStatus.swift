/// An HTTP status code and its reason phrase.
public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit code.
    public var code: Int
    /// The reason phrase sent after the code.
    public var reasonPhrase: String

    /// Creates a status.
    ///
    /// - Parameters:
    ///   - code: The three-digit code.
    ///   - reasonPhrase: The reason phrase.
    public init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    public var description: String { "\(code) \(reasonPhrase)" }

    /// 200: the request succeeded.
    public static let ok = HTTPStatus(code: 200, reasonPhrase: "OK")
    /// 400: the request is malformed.
    public static let badRequest = HTTPStatus(code: 400, reasonPhrase: "Bad Request")
    /// 404: no route has this path.
    public static let notFound = HTTPStatus(code: 404, reasonPhrase: "Not Found")
    /// 405: the path exists but not for this method; sent with `Allow`.
    public static let methodNotAllowed = HTTPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    /// 408: the request did not arrive within the read timeout.
    public static let requestTimeout = HTTPStatus(code: 408, reasonPhrase: "Request Timeout")
    /// 413: the request body is larger than allowed.
    public static let contentTooLarge = HTTPStatus(code: 413, reasonPhrase: "Content Too Large")
    /// 414: the request line is longer than allowed.
    public static let uriTooLong = HTTPStatus(code: 414, reasonPhrase: "URI Too Long")
    /// 431: the header section is larger than allowed.
    public static let requestHeaderFieldsTooLarge = HTTPStatus(
        code: 431,
        reasonPhrase: "Request Header Fields Too Large"
    )
    /// 500: the handler failed.
    public static let internalServerError = HTTPStatus(code: 500, reasonPhrase: "Internal Server Error")
    /// 501: the request uses a feature the server does not implement (a request body in chunks).
    public static let notImplemented = HTTPStatus(code: 501, reasonPhrase: "Not Implemented")
    /// 503: the server has no room for another connection.
    public static let serviceUnavailable = HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
    /// 505: the request is not HTTP/1.0 or HTTP/1.1.
    public static let httpVersionNotSupported = HTTPStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")
}
