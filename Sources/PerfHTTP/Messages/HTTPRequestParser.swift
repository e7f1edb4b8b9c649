#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads HTTP/1.x requests, one at a time, from the bytes a connection has received, within limits.
///
/// Call ``parse(_:)`` after every read with everything received and not yet consumed; it answers
/// ``Outcome/incomplete`` until a whole request (head and any `Content-Length` body) is there,
/// then the request and how many bytes it used, so pipelined requests are read in turn. It
/// remembers where it stopped looking for the end of the head, so a client that sends a byte at a
/// time costs O(n), not O(n²).
///
/// What it refuses, with the status to answer: a request line longer than
/// ``HTTPServerConfiguration/maxRequestLineBytes`` (414); a header section larger than
/// ``HTTPServerConfiguration/maxHeaderBytes`` (431); a body larger than
/// ``HTTPServerConfiguration/maxBodyBytes`` (413); a request line that is not
/// `METHOD SP target SP HTTP/1.x`, a header line that is not `name: value`, a folded header line,
/// control characters, an HTTP/1.1 request without exactly one `Host`, or conflicting
/// `Content-Length` fields (400); `Transfer-Encoding` (501); another HTTP version (505).
struct HTTPRequestParser: Sendable {
    /// What the bytes received so far hold.
    enum Outcome: Sendable, Equatable {
        /// Not yet a whole request: read more.
        case incomplete
        /// A whole request, which used the first `consumed` bytes.
        case request(HTTPRequest, consumed: Int)
        /// Not a request the server can answer; send the status and close the connection.
        case failure(HTTPStatus, reason: String)
    }

    private let maxRequestLineBytes: Int
    private let maxHeaderBytes: Int
    private let maxBodyBytes: Int
    /// The start of the header line where the last search for the end of the head stopped.
    private var resumeAt = 0

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    /// Creates a parser with the limits of a server configuration.
    init(configuration: HTTPServerConfiguration) {
        maxRequestLineBytes = configuration.maxRequestLineBytes
        maxHeaderBytes = configuration.maxHeaderBytes
        maxBodyBytes = configuration.maxBodyBytes
    }

    /// Looks for one whole request at the start of `buffer`.
    ///
    /// - Parameter buffer: Every byte received and not yet consumed by an earlier request.
    /// - Returns: What the buffer holds; after ``Outcome/request(_:consumed:)`` the caller drops
    ///   the consumed bytes and the parser starts afresh.
    /// - Complexity: O(new bytes) while the head is incomplete; O(head) once it is complete.
    mutating func parse(_ buffer: [UInt8]) -> Outcome {
        let outcome = buffer.withUnsafeBufferPointer { parse(bytes: $0) }
        if case .request = outcome { resumeAt = 0 }
        return outcome
    }

    private mutating func parse(bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        // A server should ignore empty lines before a request line (RFC 9112 §2.2).
        var start = 0
        while start < bytes.count, bytes[start] == Self.carriageReturn || bytes[start] == Self.lineFeed {
            start += 1
        }
        if start > maxRequestLineBytes { return .failure(.badRequest, reason: "Too many empty lines.") }
        guard let requestLineEnd = Self.lineFeed(in: bytes, from: start) else {
            if bytes.count - start > maxRequestLineBytes { return Self.requestLineTooLong(maxRequestLineBytes) }
            return .incomplete
        }
        if requestLineEnd - start > maxRequestLineBytes + 1 { return Self.requestLineTooLong(maxRequestLineBytes) }
        // A bad request line is answered at once, without waiting for headers that may never come
        // (an HTTP/0.9 `GET /` has none).
        if case .failure(let failure) = Self.parseRequestLine(Self.line(bytes, from: start, to: requestLineEnd)) {
            return failure.outcome
        }
        let headStart = requestLineEnd + 1

        var lineStart = max(headStart, resumeAt)
        var headEnd: Int?
        while let lineEnd = Self.lineFeed(in: bytes, from: lineStart) {
            let length = lineEnd - lineStart
            if length == 0 || (length == 1 && bytes[lineStart] == Self.carriageReturn) {
                headEnd = lineEnd + 1
                break
            }
            lineStart = lineEnd + 1
            if lineStart - headStart > maxHeaderBytes { break }
        }
        guard let headEnd else {
            resumeAt = lineStart
            if bytes.count - headStart > maxHeaderBytes { return Self.headerTooLarge(maxHeaderBytes) }
            return .incomplete
        }
        if headEnd - headStart > maxHeaderBytes { return Self.headerTooLarge(maxHeaderBytes) }

        let requestLine = Self.line(bytes, from: start, to: requestLineEnd)
        var request: HTTPRequest
        switch Self.parseRequestLine(requestLine) {
        case .success(let parsed): request = parsed
        case .failure(let failure): return failure.outcome
        }
        var cursor = headStart
        while cursor < headEnd {
            guard let lineEnd = Self.lineFeed(in: bytes, from: cursor) else { break }
            let line = Self.line(bytes, from: cursor, to: lineEnd)
            cursor = lineEnd + 1
            if line.isEmpty { break }
            switch Self.parseHeaderLine(line) {
            case .success(let header): request.headers.append(header)
            case .failure(let failure): return failure.outcome
            }
        }
        switch checkFraming(request) {
        case .success(let bodyLength):
            guard bytes.count - headEnd >= bodyLength else { return .incomplete }
            request.body = Array(bytes[headEnd..<(headEnd + bodyLength)])
            return .request(request, consumed: headEnd + bodyLength)
        case .failure(let failure):
            return failure.outcome
        }
    }

    // MARK: - Pieces

    /// A refusal, before it is an ``Outcome``.
    private struct Refusal: Error {
        var status: HTTPStatus
        var reason: String
        var outcome: Outcome { .failure(status, reason: reason) }
    }

    private static func requestLineTooLong(_ limit: Int) -> Outcome {
        .failure(.uriTooLong, reason: "The request line is longer than \(limit) bytes.")
    }

    private static func headerTooLarge(_ limit: Int) -> Outcome {
        .failure(.requestHeaderFieldsTooLarge, reason: "The header section is larger than \(limit) bytes.")
    }

    /// The index of the first line feed at or after `from`, or nil.
    private static func lineFeed(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(lineFeed), bytes.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The bytes of a line, without its line feed and any carriage return before it.
    private static func line(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to lineFeed: Int) -> ArraySlice<UInt8> {
        var end = lineFeed
        if end > from && bytes[end - 1] == carriageReturn { end -= 1 }
        return ArraySlice(bytes[from..<end])
    }

    private static func parseRequestLine(_ line: ArraySlice<UInt8>) -> Result<HTTPRequest, Refusal> {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            return .failure(Refusal(status: .badRequest, reason: "The request line is not 'METHOD target HTTP/1.1'."))
        }
        guard parts[0].allSatisfy(isTokenCharacter) else {
            return .failure(Refusal(status: .badRequest, reason: "The method is not a token."))
        }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(Refusal(status: .badRequest, reason: "The request target has a space or control byte."))
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        var target = String(decoding: parts[1], as: UTF8.self)
        if let schemeEnd = target.firstRange(of: "://"), target.lowercased().hasPrefix("http") {
            // Absolute form (RFC 9112 §3.2.2): keep the path and query.
            let afterAuthority = target[schemeEnd.upperBound...]
            target =
                afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map {
                    let rest = String(afterAuthority[$0...])
                    return rest.hasPrefix("?") ? "/" + rest : rest
                } ?? "/"
        } else if !(target.hasPrefix("/") || (target == "*" && method == "OPTIONS")) {
            return .failure(Refusal(status: .badRequest, reason: "The request target does not start with '/'."))
        }
        let version = Array(parts[2])
        let prefix = Array("HTTP/".utf8)
        guard version.count == 8, Array(version.prefix(5)) == prefix, version[6] == UInt8(ascii: "."),
            isDigit(version[5]), isDigit(version[7])
        else {
            return .failure(Refusal(status: .badRequest, reason: "The protocol version is not 'HTTP/1.1'."))
        }
        guard version[5] == UInt8(ascii: "1"), version[7] <= UInt8(ascii: "1") else {
            return .failure(
                Refusal(status: .httpVersionNotSupported, reason: "This server speaks HTTP/1.1 and HTTP/1.0 only.")
            )
        }
        return .success(HTTPRequest(method: method, target: target, minorVersion: Int(version[7] - 0x30)))
    }

    private static func parseHeaderLine(_ line: ArraySlice<UInt8>) -> Result<HTTPHeader, Refusal> {
        do {
            return .success(try HTTPSyntax.parseHeaderLine(line))
        } catch {
            return .failure(Refusal(status: .badRequest, reason: error.reason))
        }
    }

    /// The body's length, or why the request cannot be framed.
    private func checkFraming(_ request: HTTPRequest) -> Result<Int, Refusal> {
        let hosts = request.headers.values(of: "Host")
        if hosts.count > 1 || (request.minorVersion >= 1 && hosts.isEmpty) {
            return .failure(Refusal(status: .badRequest, reason: "An HTTP/1.1 request needs exactly one Host header."))
        }
        if !request.headers.values(of: "Transfer-Encoding").isEmpty {
            return .failure(
                Refusal(
                    status: .notImplemented,
                    reason: "Transfer-Encoding is not supported; send a Content-Length body."
                )
            )
        }
        let lengths = request.headers.values(of: "Content-Length").flatMap { $0.split(separator: ",") }.map {
            $0.trimmingWhitespace()
        }
        guard let first = lengths.first else { return .success(0) }
        guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.allSatisfy(Self.isDigit),
            first.utf8.count <= 18, let length = Int(first)
        else {
            return .failure(Refusal(status: .badRequest, reason: "The Content-Length is not one whole number."))
        }
        guard length <= maxBodyBytes else {
            return .failure(
                Refusal(status: .contentTooLarge, reason: "The body is larger than \(maxBodyBytes) bytes.")
            )
        }
        return .success(length)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { HTTPSyntax.isDigit(byte) }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool { HTTPSyntax.isTokenCharacter(byte) }
}
