#if canImport(CPerfHTTP) && os(Linux)
import CPerfHTTP
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One non-blocking connection of an ``HTTPClient``, confined to the client's event loop: its
/// socket, the request it carries and how far that request has got.
///
/// A connection carries one request at a time (no pipelining): connecting, then writing the
/// request, then reading its response, then idle until the loop gives it the next request or
/// the server closes it.
///
/// On Linux the socket asks the kernel to stamp when each packet arrives (`SO_TIMESTAMPING`), so
/// a response's ``HTTPClientResponse/receivedAt`` is when its last bytes reached the machine,
/// not when the loop got round to reading them; elsewhere it is when they were read.
final class ClientConnection {
    /// Where the connection stands.
    enum State: Equatable {
        /// The non-blocking connect is under way; the socket polls writable when it is done.
        case connecting
        /// The request is being written.
        case writing
        /// The request was written; the response is being read.
        case reading
        /// No request; kept alive for the next one.
        case idle
    }

    /// What one round of I/O came to.
    enum Step {
        /// Nothing decisive yet: poll again.
        case waiting
        /// The response is whole; `reusable` says whether the connection may carry another request.
        /// The request stays on the connection until ``takeRequest()``.
        case answered(HTTPClientResponse, reusable: Bool)
        /// The request failed and the connection is done; `retryable` when nothing of the response
        /// arrived on a connection that had answered before (a kept-alive connection the server
        /// closed), so sending again on a new connection is safe.
        case failed(PerfHTTPError.Code, reason: String, retryable: Bool)
        /// An idle connection was closed by the server (or sent something unasked): drop it.
        case closedWhileIdle
    }

    /// The socket.
    let descriptor: Int32
    /// Where the connection stands.
    private(set) var state: State
    /// The request being carried, while not idle.
    private(set) var request: PendingRequest?
    /// When the current phase times out: the connect timeout while connecting, the read timeout
    /// after the last progress while writing or reading.
    private(set) var phaseDeadline: ContinuousClock.Instant?
    /// Responses read on this connection.
    private(set) var answeredCount = 0
    private var written = 0
    private var parser: HTTPResponseParser?
    /// When the last bytes of the response being read arrived (the kernel's stamp, or the read).
    private var lastArrival: ContinuousClock.Instant?
    private let limits: HTTPClientConfiguration

    #if canImport(Glibc)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    private init(descriptor: Int32, state: State, limits: HTTPClientConfiguration) {
        self.descriptor = descriptor
        self.state = state
        self.limits = limits
    }

    deinit {
        close(descriptor)
    }

    /// Opens a non-blocking socket and starts connecting it.
    ///
    /// - Parameters:
    ///   - address: Where to connect.
    ///   - request: The request the connection will carry first.
    ///   - limits: The client's configuration (timeouts and response limits).
    ///   - now: The current time.
    /// - Returns: The connection, or the code and reason the connect failed at once.
    static func open(
        to address: SocketAddress,
        carrying request: PendingRequest,
        limits: HTTPClientConfiguration,
        now: ContinuousClock.Instant
    ) -> Result<ClientConnection, ConnectFailure> {
        #if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let descriptor = socket(address.family, type, 0)
        #else
        let descriptor = socket(address.family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            return .failure(ConnectFailure(code: .connectionFailed, errorNumber: errno))
        }
        #if !canImport(Glibc)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var noSignalPipe: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &noSignalPipe, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if os(Linux)
        _ = cperf_stamp_arrivals(descriptor)  // without stamps, receivedAt is when the bytes were read
        #endif
        let result = address.withSocketAddress { connect(descriptor, $0, $1) }
        let connection = ClientConnection(descriptor: descriptor, state: .connecting, limits: limits)
        connection.request = request
        if result == 0 {
            connection.startWriting(now: now)
        } else if errno == EINPROGRESS || errno == EINTR {
            connection.phaseDeadline = now.advanced(by: limits.connectTimeout)
        } else {
            return .failure(ConnectFailure(errorNumber: errno))
        }
        return .success(connection)
    }

    /// What the connection waits for.
    var interest: EventPoller.Interest {
        switch state {
        case .connecting, .writing: .writable
        case .reading, .idle: .readable
        }
    }

    /// What the event loop last told its poller the connection waits for.
    var registeredInterest: EventPoller.Interest = .readable

    /// Gives an idle connection its next request and starts writing it.
    func carry(_ request: PendingRequest, now: ContinuousClock.Instant) {
        self.request = request
        startWriting(now: now)
    }

    /// Takes the request away (after a timeout or at shutdown); the connection is then closed.
    func takeRequest() -> PendingRequest? {
        defer { request = nil }
        return request
    }

    /// Does the I/O the socket's readiness allows (an error or hang-up shows in the I/O itself).
    ///
    /// - Parameters:
    ///   - scratch: A buffer to read into.
    ///   - now: The current time.
    /// - Returns: What came of it.
    func handle(scratch: inout [UInt8], now: ContinuousClock.Instant) -> Step {
        switch state {
        case .connecting:
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) != 0 { error = errno }
            if error != 0 {
                let failure = ConnectFailure(errorNumber: error)
                return .failed(failure.code, reason: failure.reason, retryable: false)
            }
            startWriting(now: now)
            return state == .writing ? .waiting : readStep(scratch: &scratch, now: now)
        case .writing:
            return writeStep(now: now)
        case .reading:
            return readStep(scratch: &scratch, now: now)
        case .idle:
            return .closedWhileIdle
        }
    }

    private func startWriting(now: ContinuousClock.Instant) {
        state = .writing
        written = 0
        guard let request else { return }
        parser = HTTPResponseParser(
            isHeadRequest: request.isHead,
            keepsBody: request.keepsBody,
            keepsHeaders: request.keepsHeaders,
            maxHeadBytes: limits.maxResponseHeaderBytes,
            maxKeptBodyBytes: limits.maxKeptBodyBytes
        )
        phaseDeadline = now.advanced(by: limits.readTimeout)
        // Most requests fit the socket buffer: write now rather than after another poll.
        if case .failed = writeStep(now: now) {
            // The failure shows again on the next poll (POLLOUT with an error), and is handled there.
            state = .writing
        }
    }

    private func writeStep(now: ContinuousClock.Instant) -> Step {
        guard let bytes = request?.bytes else { return .waiting }
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return 0 }
                return send(descriptor, base + written, raw.count - written, Self.noSignal)
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return .waiting }
                return failure(errorNumber: errno)
            }
            written += count
            phaseDeadline = now.advanced(by: limits.readTimeout)
        }
        state = .reading
        return .waiting
    }

    private func readStep(scratch: inout [UInt8], now: ContinuousClock.Instant) -> Step {
        while true {
            let count = receive(into: &scratch)
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return .waiting }
                return failure(errorNumber: errno)
            }
            guard var parser else { return .closedWhileIdle }
            if count == 0 {
                do {
                    try parser.finishAtEndOfStream()
                } catch {
                    return .failed(
                        error.code,
                        reason: error.reason,
                        retryable: answeredCount > 0 && !parser.hasReceivedBytes
                    )
                }
                return answered(parser, reusable: false)
            }
            phaseDeadline = now.advanced(by: limits.readTimeout)
            let fed = scratch.withUnsafeBufferPointer { bytes in
                Result { () throws(HTTPResponseParser.Failure) in
                    try parser.feed(UnsafeBufferPointer(rebasing: bytes[..<count]))
                }
            }
            let progress: HTTPResponseParser.Progress
            switch fed {
            case .success(let value): progress = value
            case .failure(let error): return .failed(error.code, reason: error.reason, retryable: false)
            }
            self.parser = parser
            if case .complete(let consumed) = progress {
                // Bytes after the response were not asked for: the connection cannot be trusted.
                let reusable = consumed == count && parser.keepsAlive && request?.closesConnection == false
                return answered(parser, reusable: reusable)
            }
        }
    }

    /// Receives into `scratch` like `recv`, noting when the bytes arrived in ``lastArrival``.
    private func receive(into scratch: inout [UInt8]) -> Int {
        #if os(Linux)
        var age: Int64 = -1
        let count = scratch.withUnsafeMutableBytes {
            cperf_receive_stamped(descriptor, $0.baseAddress, UInt($0.count), &age)
        }
        guard count > 0 else { return count }
        let now = ContinuousClock.now
        // The stamp is on the wall clock: an age outside 0...60 s means the clock was set meanwhile.
        lastArrival = (0...60_000_000_000).contains(age) ? now.advanced(by: .nanoseconds(-age)) : now
        return count
        #else
        let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 { lastArrival = .now }
        return count
        #endif
    }

    private func answered(_ parser: HTTPResponseParser, reusable: Bool) -> Step {
        answeredCount += 1
        state = .idle
        self.parser = nil
        phaseDeadline = nil
        var response = parser.response
        response.receivedAt = lastArrival ?? .now
        lastArrival = nil
        return .answered(response, reusable: reusable)
    }

    private func failure(errorNumber: Int32) -> Step {
        let hasReceivedBytes = parser?.hasReceivedBytes ?? false
        let code: PerfHTTPError.Code
        switch errorNumber {
        case ECONNRESET, EPIPE, ECONNABORTED: code = hasReceivedBytes ? .malformedResponse : .connectionReset
        case ETIMEDOUT: code = .timedOut
        default: code = .connectionReset
        }
        let reason = String(cString: strerror(errorNumber)).lowercased()
        let what = hasReceivedBytes ? "the connection failed in the middle of a response" : "the connection failed"
        return .failed(code, reason: "\(what) (\(reason))", retryable: answeredCount > 0 && !hasReceivedBytes)
    }
}

/// Why a connection could not be made.
struct ConnectFailure: Error {
    /// ``PerfHTTPError/Code/connectionRefused``, ``PerfHTTPError/Code/timedOut`` or
    /// ``PerfHTTPError/Code/connectionFailed``.
    var code: PerfHTTPError.Code
    /// The system's words for the error number.
    var reason: String

    /// A failure with the code the error number implies.
    init(code: PerfHTTPError.Code? = nil, errorNumber: Int32) {
        switch errorNumber {
        case ECONNREFUSED: self.code = code ?? .connectionRefused
        case ETIMEDOUT: self.code = code ?? .timedOut
        default: self.code = code ?? .connectionFailed
        }
        reason = String(cString: strerror(errorNumber)).lowercased()
    }
}
