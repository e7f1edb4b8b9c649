/// A response for the server to send: a status, header fields and a body.
///
/// The server adds `Content-Length`, `Connection` and `Date` itself when it writes the response
/// (see ``serialized(keepAlive:includesBody:)``), so handlers set only what describes the content.
public struct HTTPResponse: Sendable, Hashable {
    /// The status.
    public var status: HTTPStatus
    /// Header fields describing the content, such as `Content-Type` or `Allow`.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - status: The status.
    ///   - headers: Header fields describing the content.
    ///   - body: The body.
    public init(status: HTTPStatus, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a text body.
    ///
    /// - Parameters:
    ///   - text: The body, sent as UTF-8.
    ///   - status: The status (200 by default).
    ///   - contentType: The content type (`text/plain; charset=utf-8` by default).
    public static func text(
        _ text: String,
        status: HTTPStatus = .ok,
        contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// A response with a JSON body.
    ///
    /// - Parameters:
    ///   - json: The JSON text.
    ///   - status: The status (200 by default).
    public static func json(_ json: String, status: HTTPStatus = .ok) -> HTTPResponse {
        text(json, status: status, contentType: "application/json")
    }

    /// A plain-text error response whose body is the status and a sentence saying why.
    ///
    /// - Parameters:
    ///   - status: The error status.
    ///   - reason: A sentence saying what was wrong.
    public static func error(_ status: HTTPStatus, _ reason: String) -> HTTPResponse {
        text("\(status.code) \(status.reasonPhrase): \(reason)\n", status: status)
    }
}
