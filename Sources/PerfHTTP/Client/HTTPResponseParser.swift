/// Reads one HTTP/1.x response, incrementally, from the bytes a client connection receives.
///
/// Call ``feed(_:)`` with each batch of bytes as it arrives; it answers
/// ``Progress/needsMore`` until the response is whole, then how many of the last batch's bytes
/// it used. At the end of the stream call ``finishAtEndOfStream()``: a response delimited by the
/// close is then whole, and anything else was cut short.
///
/// The body's framing follows RFC 9112 §6.3: none for a response to `HEAD`, for 204 and for 304;
/// chunked when `Transfer-Encoding` ends in `chunked` (chunk extensions and trailers are read
/// and dropped); `Content-Length` bytes; otherwise everything until the server closes. Interim
/// 1xx responses (`100 Continue`) are skipped. Body bytes are counted as they pass, and kept only
/// when asked, so a large body costs no memory.
///
/// What it refuses, as ``PerfHTTPError/Code/malformedResponse``: a response that does not start
/// with `HTTP/1.`, a status line that is not `HTTP/1.x NNN reason`, a head larger than its limit,
/// a header line that is not `name: value`, conflicting or non-numeric `Content-Length`, a bad
/// chunk size line, a kept body larger than its limit, `101 Switching Protocols`, and a stream that
/// ends in the middle of a response. A stream that ends before the first byte of the response
/// is ``PerfHTTPError/Code/connectionReset``: the server closed without answering.
struct HTTPResponseParser {
    /// How far a batch of bytes took the response.
    enum Progress: Sendable, Equatable {
        /// The response is not whole yet: read more.
        case needsMore
        /// The response is whole; it used the first `consumed` bytes of the batch.
        case complete(consumed: Int)
    }

    /// Why a response cannot be read.
    struct Failure: Error, Sendable, Equatable {
        /// ``PerfHTTPError/Code/malformedResponse`` or ``PerfHTTPError/Code/connectionReset``.
        var code: PerfHTTPError.Code
        /// A sentence saying what was wrong.
        var reason: String
    }

    private enum Stage: Equatable {
        case statusLine
        case headerLines
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    private let isHeadRequest: Bool
    private let keepsBody: Bool
    private let keepsHeaders: Bool
    private let maxHeadBytes: Int
    private let maxKeptBodyBytes: Int
    private static let longestChunkLine = 4096
    private static let versionPrefix = Array("HTTP/1.".utf8)

    private var stage = Stage.statusLine
    private var line: [UInt8] = []
    private var headBytes = 0
    private var minorVersion = 1

    /// Whether any byte of the response has arrived.
    private(set) var hasReceivedBytes = false
    /// The status code, once the status line is read.
    private(set) var statusCode = 0
    private var reasonPhrase = ""
    private var headers: [HTTPHeader] = []
    private var framing = Framing()
    private var bodyByteCount = 0
    private var body: [UInt8] = []
    /// Whether the connection may carry another request after this response.
    private(set) var keepsAlive = true

    /// Creates a parser for the response to one request.
    ///
    /// - Parameters:
    ///   - isHeadRequest: Whether the request was `HEAD` (its response has no body).
    ///   - keepsBody: Whether to keep the body, or only count it.
    ///   - keepsHeaders: Whether to keep the header fields (all are checked, and those that frame
    ///     the response read, either way).
    ///   - maxHeadBytes: The largest head: status line and header fields.
    ///   - maxKeptBodyBytes: The largest body kept.
    init(isHeadRequest: Bool, keepsBody: Bool, keepsHeaders: Bool = true, maxHeadBytes: Int, maxKeptBodyBytes: Int) {
        self.keepsHeaders = keepsHeaders
        self.isHeadRequest = isHeadRequest
        self.keepsBody = keepsBody
        self.maxHeadBytes = maxHeadBytes
        self.maxKeptBodyBytes = maxKeptBodyBytes
    }

    /// The response read, once ``feed(_:)`` answered ``Progress/complete(consumed:)`` or
    /// ``finishAtEndOfStream()`` returned.
    var response: HTTPClientResponse {
        HTTPClientResponse(
            statusCode: statusCode,
            reasonPhrase: reasonPhrase,
            headers: headers,
            bodyByteCount: bodyByteCount,
            body: keepsBody ? body : nil
        )
    }

    /// Reads the next bytes of the response.
    ///
    /// - Parameter bytes: The bytes received since the last call.
    /// - Returns: Whether the response is whole, and how many bytes it used.
    /// - Throws: ``Failure`` when the bytes are not a response the client accepts.
    /// - Complexity: O(bytes).
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Progress {
        if !bytes.isEmpty { hasReceivedBytes = true }
        var index = 0
        while index < bytes.count, stage != .done {
            switch stage {
            case .statusLine, .headerLines:
                index = try readHeadLine(bytes, from: index)
            case .fixedBody(let remaining):
                let taken = min(remaining, bytes.count - index)
                try takeBody(bytes, from: index, count: taken)
                index += taken
                stage = remaining == taken ? .done : .fixedBody(remaining: remaining - taken)
            case .chunkSize, .chunkDataEnd, .trailers:
                index = try readChunkLine(bytes, from: index)
            case .chunkData(let remaining):
                let taken = min(remaining, bytes.count - index)
                try takeBody(bytes, from: index, count: taken)
                index += taken
                stage = remaining == taken ? .chunkDataEnd : .chunkData(remaining: remaining - taken)
            case .untilClose:
                try takeBody(bytes, from: index, count: bytes.count - index)
                index = bytes.count
            case .done:
                break
            }
        }
        return stage == .done ? .complete(consumed: index) : .needsMore
    }

    /// Ends the response at the end of the stream.
    ///
    /// - Throws: ``Failure``: ``PerfHTTPError/Code/connectionReset`` when no byte of the response
    ///   arrived, ``PerfHTTPError/Code/malformedResponse`` when it was cut short.
    mutating func finishAtEndOfStream() throws(Failure) {
        switch stage {
        case .untilClose, .done:
            stage = .done
            keepsAlive = false
        default:
            if !hasReceivedBytes {
                throw Failure(code: .connectionReset, reason: "the server closed the connection without answering")
            }
            throw Failure(
                code: .malformedResponse,
                reason: "the server closed the connection in the middle of a response"
            )
        }
    }

    // MARK: - Head

    /// Reads up to the end of one line of the head, and handles the line when it is whole.
    private mutating func readHeadLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Failure) -> Int {
        let end = Self.lineFeed(in: bytes, from: start)
        let stop = end.map { $0 + 1 } ?? bytes.count
        headBytes += stop - start
        if headBytes > maxHeadBytes {
            throw malformed("the response head is larger than \(maxHeadBytes) bytes")
        }
        line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(end ?? bytes.count)]))
        if stage == .statusLine {
            // Refuse garbage at once rather than waiting for a line feed that may never come.
            let prefix = Self.versionPrefix
            let checked = min(line.count, prefix.count)
            if line[0..<checked] != prefix[0..<checked] {
                throw malformed("the response does not start with 'HTTP/1.'")
            }
        }
        guard end != nil else { return stop }
        if line.last == 0x0D { line.removeLast() }
        if stage == .statusLine {
            try parseStatusLine()
            stage = .headerLines
        } else if line.isEmpty {
            try endHead()
        } else {
            do {
                let (name, value) = try HTTPSyntax.headerLineParts(line[...])
                framing.note(name: line[name], value: line[value])
                if keepsHeaders {
                    headers.append(
                        HTTPHeader(
                            String(decoding: line[name], as: UTF8.self),
                            String(decoding: line[value], as: UTF8.self)
                        )
                    )
                }
            } catch {
                throw malformed(error.reason.prefix(1).lowercased() + error.reason.dropFirst().dropLast())
            }
        }
        line.removeAll(keepingCapacity: true)
        return stop
    }

    private mutating func parseStatusLine() throws(Failure) {
        // "HTTP/1.x NNN reason"; the reason may be empty, and the space before it missing.
        guard line.count >= 12, HTTPSyntax.isDigit(line[7]), line[8] == 0x20,
            line[9...11].allSatisfy(HTTPSyntax.isDigit), line.count == 12 || line[12] == 0x20
        else {
            throw malformed("the status line is not 'HTTP/1.1 200 OK'")
        }
        minorVersion = Int(line[7] - 0x30)
        statusCode = Int(line[9] - 0x30) * 100 + Int(line[10] - 0x30) * 10 + Int(line[11] - 0x30)
        guard (100...599).contains(statusCode) else {
            throw malformed("the status code \(statusCode) is not in 100...599")
        }
        reasonPhrase = line.count > 13 ? String(decoding: line[13...], as: UTF8.self) : ""
    }

    private mutating func endHead() throws(Failure) {
        if statusCode == 101 {
            throw malformed("the server switched protocols (101), which the client did not ask for")
        }
        if statusCode < 200 {
            // An interim response: the real one follows.
            stage = .statusLine
            headers.removeAll()
            framing = Framing()
            return
        }
        keepsAlive = !framing.asksToClose && (minorVersion >= 1 || framing.asksToKeepAlive)
        if isHeadRequest || statusCode == 204 || statusCode == 304 {
            stage = .done
            return
        }
        switch framing.lastCoding {
        case .chunked:
            stage = .chunkSize
            // A response with both is suspect (RFC 9112 §6.3): read it, but do not reuse the connection.
            if framing.hasContentLengthField { keepsAlive = false }
            return
        case .other:
            stage = .untilClose
            keepsAlive = false
            return
        case .none:
            break
        }
        switch framing.length {
        case .absent:
            stage = .untilClose
            keepsAlive = false
        case .invalid:
            throw malformed("the Content-Length is not one whole number")
        case .value(let length):
            stage = length == 0 ? .done : .fixedBody(remaining: length)
        }
    }

    /// What the fields that frame a response say, read from their bytes as each line is parsed.
    ///
    /// Lists are split at commas and each element trimmed of spaces and tabs; empty elements
    /// between commas are skipped (RFC 9110 §5.6.1). Names and tokens compare ignoring case.
    private struct Framing {
        enum Coding {
            case none
            case chunked
            case other
        }

        enum Length: Equatable {
            case absent
            case value(Int)
            case invalid
        }

        /// Whether `Connection` lists `close`.
        var asksToClose = false
        /// Whether `Connection` lists `keep-alive`.
        var asksToKeepAlive = false
        /// The last transfer coding listed.
        var lastCoding = Coding.none
        /// Whether any `Content-Length` field came.
        var hasContentLengthField = false
        /// The length every `Content-Length` element agrees on.
        var length = Length.absent

        mutating func note(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
            if HTTPSyntax.equalsIgnoringCase(name, "connection") {
                Self.forEachElement(of: value) { token in
                    if HTTPSyntax.equalsIgnoringCase(token, "close") { asksToClose = true }
                    if HTTPSyntax.equalsIgnoringCase(token, "keep-alive") { asksToKeepAlive = true }
                }
            } else if HTTPSyntax.equalsIgnoringCase(name, "transfer-encoding") {
                Self.forEachElement(of: value) { token in
                    lastCoding = HTTPSyntax.equalsIgnoringCase(token, "chunked") ? .chunked : .other
                }
            } else if HTTPSyntax.equalsIgnoringCase(name, "content-length") {
                hasContentLengthField = true
                Self.forEachElement(of: value) { token in
                    let parsed = Self.wholeNumber(token)
                    switch (length, parsed) {
                    case (.invalid, _): break
                    case (_, nil): length = .invalid
                    case (.absent, .some(let number)): length = .value(number)
                    case (.value(let agreed), .some(let number)): if agreed != number { length = .invalid }
                    }
                }
            }
        }

        /// Calls `body` with each non-empty element of a comma-separated list, trimmed; an element
        /// of only spaces is passed on empty, as splitting and trimming a string would.
        private static func forEachElement(of value: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) -> Void) {
            var start = value.startIndex
            while start < value.endIndex {
                let end = value[start...].firstIndex(of: 0x2C) ?? value.endIndex
                if end > start {
                    var element = value[start..<end]
                    while let byte = element.first, byte == 0x20 || byte == 0x09 { element = element.dropFirst() }
                    while let byte = element.last, byte == 0x20 || byte == 0x09 { element = element.dropLast() }
                    body(element)
                }
                start = end + 1
            }
        }

        /// The value of 1 to 18 ASCII digits, or nil.
        private static func wholeNumber(_ digits: ArraySlice<UInt8>) -> Int? {
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value = 0
            for byte in digits {
                guard HTTPSyntax.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
    }

    // MARK: - Body

    private mutating func takeBody(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) throws(Failure) {
        bodyByteCount += count
        guard keepsBody else { return }
        if bodyByteCount > maxKeptBodyBytes {
            throw malformed("the body is larger than the \(maxKeptBodyBytes) bytes the client keeps")
        }
        body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]))
    }

    /// Reads a chunk size line, the line end after a chunk's data, or a trailer line.
    private mutating func readChunkLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Failure) -> Int {
        let end = Self.lineFeed(in: bytes, from: start)
        let stop = end.map { $0 + 1 } ?? bytes.count
        line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(end ?? bytes.count)]))
        if stage == .trailers {
            headBytes += stop - start
            if headBytes > maxHeadBytes { throw malformed("the response's trailers exceed \(maxHeadBytes) bytes") }
        } else if line.count > Self.longestChunkLine {
            throw malformed("a chunk size line is longer than \(Self.longestChunkLine) bytes")
        }
        guard end != nil else { return stop }
        if line.last == 0x0D { line.removeLast() }
        switch stage {
        case .chunkSize:
            let size = try parseChunkSize()
            stage = size == 0 ? .trailers : .chunkData(remaining: size)
        case .chunkDataEnd:
            guard line.isEmpty else { throw malformed("a chunk's data does not end where its size says") }
            stage = .chunkSize
        default:
            if line.isEmpty { stage = .done }
        }
        line.removeAll(keepingCapacity: true)
        return stop
    }

    private func parseChunkSize() throws(Failure) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case 0x30...0x39: value = Int(byte - 0x30)
            case 0x41...0x46: value = Int(byte - 0x41 + 10)
            case 0x61...0x66: value = Int(byte - 0x61 + 10)
            case 0x3B, 0x20, 0x09: value = -1
            default: throw malformed("a chunk size is not hexadecimal")
            }
            if value < 0 { break }
            digits += 1
            guard digits <= 15 else { throw malformed("a chunk size has more than 15 hexadecimal digits") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw malformed("a chunk size line has no size") }
        return size
    }

    // MARK: - Pieces

    private func malformed(_ reason: some StringProtocol) -> Failure {
        Failure(code: .malformedResponse, reason: String(reason))
    }

    /// The index of the first line feed at or after `from`, or nil.
    private static func lineFeed(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = from
        while index < bytes.count {
            if bytes[index] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}
