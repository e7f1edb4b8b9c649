/// An HTTP status code and its reason phrase.
package struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit code.
    package var code: Int
    /// The reason phrase sent after the code.
    package var reasonPhrase: String

    /// Creates a status.
    ///
    /// - Parameters:
    ///   - code: The three-digit code.
    ///   - reasonPhrase: The reason phrase.
    package init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    package var description: String { "\(code) \(reasonPhrase)" }

    /// 200: the request succeeded.
    package static let ok = HTTPStatus(code: 200, reasonPhrase: "OK")
    /// 400: the request is malformed.
    static let badRequest = HTTPStatus(code: 400, reasonPhrase: "Bad Request")
    /// 404: no route has this path.
    static let notFound = HTTPStatus(code: 404, reasonPhrase: "Not Found")
    /// 405: the path exists but not for this method; sent with `Allow`.
    static let methodNotAllowed = HTTPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    /// 408: the request did not arrive within the read timeout.
    static let requestTimeout = HTTPStatus(code: 408, reasonPhrase: "Request Timeout")
    /// 413: the request body is larger than allowed.
    static let contentTooLarge = HTTPStatus(code: 413, reasonPhrase: "Content Too Large")
    /// 414: the request line is longer than allowed.
    static let uriTooLong = HTTPStatus(code: 414, reasonPhrase: "URI Too Long")
    /// 431: the header section is larger than allowed.
    static let requestHeaderFieldsTooLarge = HTTPStatus(
        code: 431,
        reasonPhrase: "Request Header Fields Too Large"
    )
    /// 500: the handler failed.
    static let internalServerError = HTTPStatus(code: 500, reasonPhrase: "Internal Server Error")
    /// 501: the request uses a feature the server does not implement (a request body in chunks).
    static let notImplemented = HTTPStatus(code: 501, reasonPhrase: "Not Implemented")
    /// 503: the server has no room for another connection.
    static let serviceUnavailable = HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
    /// 505: the request is not HTTP/1.0 or HTTP/1.1.
    static let httpVersionNotSupported = HTTPStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")
}
