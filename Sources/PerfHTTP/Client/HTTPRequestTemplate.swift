import PerfSupport

/// A request with placeholders, filled for each request of a load run: `{key}`, `{seq}` and
/// `{payload}`.
///
/// The path, header values and body may hold placeholders; the method and header names may not.
/// When a request is made from the template (``request(key:sequence:payloadSize:)``):
/// - `{key}` becomes the request's key in decimal, such as `4711`;
/// - `{seq}` becomes the request's sequence number in decimal;
/// - `{payload}` becomes `payloadSize` bytes of deterministic filler (`abc…xyz0…9`, repeated).
///
/// A placeholder is `{`, a name of letters, digits and `_`, and `}`; any other brace is text, so a
/// JSON body such as `{"id": {key}}` needs no escaping. A name other than the three is an error
/// with code ``PerfHTTPError/Code/unknownPlaceholder`` that names it and the known ones. The
/// method and header names must be tokens, the path must start with `/` and have no spaces or
/// control characters, and header values no CR, LF or other control byte, so that filling a
/// template can never split a request (code ``PerfHTTPError/Code/invalidRequest``).
///
/// ```swift
/// let template = try HTTPRequestTemplate(
///     method: "POST", path: "/items/{key}",
///     headers: [HTTPHeader("Content-Type", "application/json")],
///     body: #"{"seq": {seq}, "data": "{payload}"}"#)
/// let request = template.request(key: 7, sequence: 0, payloadSize: 16)
/// // POST /items/7 with body {"seq": 0, "data": "abcdefghijklmnop"}
/// ```
public struct HTTPRequestTemplate: Sendable, Hashable {
    /// The placeholders a template may use, in the order messages list them.
    public static let placeholders = ["key", "seq", "payload"]

    /// The method, such as `GET`.
    public let method: String
    /// The path and query as written, placeholders included.
    public let path: String
    /// The header fields as written, placeholders included.
    public let headers: [HTTPHeader]
    /// The body as written, placeholders included.
    public let body: String
    /// Whether requests made from the template keep their response's body.
    public var keepsBody: Bool

    private let pathParts: [Part]
    private let headerValueParts: [[Part]]
    /// The indices of the header fields whose values hold placeholders.
    private let templatedHeaders: [Int]
    private let bodyParts: [Part]

    /// One piece of a templated text.
    private enum Part: Sendable, Hashable {
        case text([UInt8])
        case key
        case sequence
        case payload
    }

    /// Parses and checks a template.
    ///
    /// - Parameters:
    ///   - method: The method (`GET` by default).
    ///   - path: The path and query, which may hold placeholders (`/` by default).
    ///   - headers: The header fields; their values may hold placeholders.
    ///   - body: The body, which may hold placeholders (empty by default).
    ///   - keepsBody: Whether requests keep their response's body and header fields (false by
    ///     default: bodies are counted, and header fields read but not kept).
    /// - Throws: ``PerfHTTPError`` with code ``PerfHTTPError/Code/unknownPlaceholder`` naming an
    ///   unknown placeholder and the known ones, or ``PerfHTTPError/Code/invalidRequest`` naming a
    ///   method, path or header that is not allowed.
    public init(
        method: String = "GET",
        path: String = "/",
        headers: [HTTPHeader] = [],
        body: String = "",
        keepsBody: Bool = false
    ) throws(PerfHTTPError) {
        try HTTPClientRequest.check(method: method, target: nil, headers: headers, where: "request template")
        let pathParts = try Self.parts(of: path, in: "path")
        let literal = pathParts.flatMap { part -> [UInt8] in
            if case .text(let bytes) = part { return bytes }
            return []
        }
        guard path.hasPrefix("/"), literal.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw PerfHTTPError(
                code: .invalidRequest,
                message: "The request template's path '\(path)' must start with '/' and have no spaces, control "
                    + "characters or non-ASCII text; percent-encode them."
            )
        }
        var headerValueParts: [[Part]] = []
        for header in headers {
            headerValueParts.append(try Self.parts(of: header.value, in: "header '\(header.name)'"))
        }
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.keepsBody = keepsBody
        self.pathParts = pathParts
        self.headerValueParts = headerValueParts
        templatedHeaders = headerValueParts.indices.filter { index in
            headerValueParts[index].contains { if case .text = $0 { false } else { true } }
        }
        bodyParts = try Self.parts(of: body, in: "body")
    }

    /// The request for one arrival, with every placeholder filled.
    ///
    /// - Parameters:
    ///   - key: What `{key}` becomes, in decimal.
    ///   - sequence: What `{seq}` becomes, in decimal.
    ///   - payloadSize: How many filler bytes `{payload}` becomes (none when 0 or less).
    /// - Returns: The request, valid by construction.
    /// - Complexity: O(template + the filled values).
    public func request(key: UInt64, sequence: UInt64, payloadSize: Int) -> HTTPClientRequest {
        let values = Values(key: key, sequence: sequence, payloadSize: max(0, payloadSize))
        var filledHeaders = headers
        for index in templatedHeaders {
            filledHeaders[index].value = String(decoding: Self.fill(headerValueParts[index], values), as: UTF8.self)
        }
        return HTTPClientRequest(
            checkedMethod: method,
            target: String(decoding: Self.fill(pathParts, values), as: UTF8.self),
            headers: filledHeaders,
            body: Self.fill(bodyParts, values),
            keepsBody: keepsBody,
            keepsHeaders: keepsBody
        )
    }

    // MARK: - Filling

    private struct Values {
        let key: UInt64
        let sequence: UInt64
        let payloadSize: Int
    }

    /// The filler `{payload}` repeats: 36 letters and digits.
    private static let filler = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    private static func fill(_ parts: [Part], _ values: Values) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in parts {
            switch part {
            case .text(let text): bytes.append(contentsOf: text)
            case .key: bytes.append(contentsOf: String(values.key).utf8)
            case .sequence: bytes.append(contentsOf: String(values.sequence).utf8)
            case .payload:
                bytes.reserveCapacity(bytes.count + values.payloadSize)
                var left = values.payloadSize
                while left > 0 {
                    let taken = min(left, filler.count)
                    bytes.append(contentsOf: filler[0..<taken])
                    left -= taken
                }
            }
        }
        return bytes
    }

    // MARK: - Parsing

    /// Splits a text into literal runs and placeholders.
    private static func parts(of text: String, in place: String) throws(PerfHTTPError) -> [Part] {
        let bytes = Array(text.utf8)
        var parts: [Part] = []
        var literal: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), let close = placeholderEnd(in: bytes, from: index + 1) {
                let name = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                let part: Part
                switch name {
                case "key": part = .key
                case "seq": part = .sequence
                case "payload": part = .payload
                default: throw unknown(name, in: place)
                }
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = []
                parts.append(part)
                index = close + 1
            } else {
                literal.append(bytes[index])
                index += 1
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
        return parts
    }

    /// The index of the `}` that closes a placeholder name starting at `from`, or nil when the
    /// brace does not open a placeholder.
    private static func placeholderEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "}") { return index > start ? index : nil }
            let isNameByte =
                HTTPSyntax.isDigit(byte) || byte == UInt8(ascii: "_") || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            guard isNameByte else { return nil }
            index += 1
        }
        return nil
    }

    private static func unknown(_ name: String, in place: String) -> PerfHTTPError {
        let known = placeholders.map { "{\($0)}" }
        let list = known.dropLast().joined(separator: ", ") + " or " + (known.last ?? "")
        let hint = Suggestion.closest(to: name, among: placeholders).map { " (did you mean '{\($0)}'?)" } ?? ""
        return PerfHTTPError(
            code: .unknownPlaceholder,
            message: "The request template's \(place) has an unknown placeholder '{\(name)}'\(hint); use \(list)."
        )
    }
}
