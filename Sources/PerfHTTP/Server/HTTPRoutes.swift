/// The server's handler table: which handler answers a method on a path.
///
/// Paths match exactly (the query is not part of the path). A path with no handler gets 404; a
/// path whose handlers are for other methods gets 405 with `Allow`. `HEAD` is answered by the
/// `GET` handler when there is no `HEAD` handler (the server then sends the head only).
///
/// ```swift
/// var routes = HTTPRoutes()
/// routes.add("GET", "/healthz") { _ in .text("ok\n") }
/// let server = try HTTPServer(configuration: .init(port: 0), routes: routes)
/// ```
///
/// Handlers run on the connection's own thread, outside any lock; several run at once when
/// several clients ask at once, so they must be safe to call concurrently.
public struct HTTPRoutes: Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    private var handlers: [String: [String: Handler]] = [:]

    /// Creates an empty table: every request gets 404.
    public init() {}

    /// Adds (or replaces) the handler for a method on a path.
    ///
    /// - Parameters:
    ///   - method: The method, such as `GET`.
    ///   - path: The exact path, such as `/metrics`.
    ///   - handler: What answers the request.
    public mutating func add(_ method: String, _ path: String, handler: @escaping Handler) {
        handlers[path, default: [:]][method] = handler
    }

    /// The methods a path answers, sorted, with `HEAD` where there is `GET`; empty for an unknown path.
    public func allowedMethods(for path: String) -> [String] {
        guard let methods = handlers[path] else { return [] }
        var allowed = Set(methods.keys)
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return allowed.sorted()
    }

    /// The paths in the table, sorted.
    public var paths: [String] { handlers.keys.sorted() }

    /// The response to a request: its handler's, or 404, or 405 with `Allow`.
    ///
    /// - Parameter request: The request.
    /// - Returns: The response; the server writes only its head for `HEAD`.
    public func response(to request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        guard let methods = handlers[path] else {
            return .error(.notFound, "There is nothing at \(path); try \(paths.joined(separator: ", ")).")
        }
        if let handler = methods[request.method] ?? (request.method == "HEAD" ? methods["GET"] : nil) {
            return handler(request)
        }
        let allowed = allowedMethods(for: path).joined(separator: ", ")
        var response = HTTPResponse.error(.methodNotAllowed, "\(path) answers \(allowed), not \(request.method).")
        response.headers.append(HTTPHeader("Allow", allowed))
        return response
    }
}
