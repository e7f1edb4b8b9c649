import PerfSupport
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves one client on its own thread: reads requests, answers each through the routes, and
/// keeps the connection open or closes it.
///
/// The connection waits in `poll` on its socket and the server's wake pipe, never longer than
/// the time left: the read timeout for the first request's first byte (a client that connects
/// and says nothing is dropped then) and from any request's first byte to its end (a client too
/// slow gets 408), the idle timeout between keep-alive requests. While it waits without a
/// request in progress, a full server may evict it to make room (``ConnectionSlot``). After a
/// malformed request it answers the error and closes, reading what the client still sends for a
/// moment first, so that the client sees the answer rather than a reset. At shutdown an idle
/// connection closes at once, and one in the middle of a response finishes it with
/// `Connection: close`.
struct HTTPConnection: Sendable {
    /// The connected socket and its state; the connection closes the socket when it ends.
    let slot: ConnectionSlot
    let core: HTTPServerCore

    /// The connected socket.
    var descriptor: Int32 { slot.descriptor }

    #if canImport(Glibc)
    static let noSignalFlags = Int32(MSG_NOSIGNAL)
    #else
    static let noSignalFlags: Int32 = 0
    #endif

    private enum Wait {
        case readable
        case timedOut
        case stopping
    }

    /// Serves requests until the client leaves, a timeout passes, a request is malformed or the
    /// server stops; then closes the socket.
    func run() {
        defer {
            core.unregister(slot)
            close(descriptor)
        }
        configureSocket()
        var priority = ConnectionPriority(budget: core.foregroundBudget)
        defer { priority.charge() }
        let configuration = core.configuration
        var parser = HTTPRequestParser(configuration: configuration)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        var requestStart: ContinuousClock.Instant?
        let connectedAt = ContinuousClock.now
        var idleSince = connectedAt
        var hasAnswered = false
        var chunk = [UInt8](repeating: 0, count: 16_384)

        while true {
            switch parser.parse(buffer) {
            case .request(let request, let consumed):
                buffer.removeFirst(consumed)
                let response = core.routes.response(to: request)
                core.requestsAnswered.wrappingAdd(1, ordering: .relaxed)
                let keepAlive = request.keepsAlive && !core.isStopping && !priority.asksToReconnect()
                let bytes = response.serialized(keepAlive: keepAlive, includesBody: request.method != "HEAD")
                let sent = sendAll(bytes)
                priority.charge()
                guard sent, keepAlive else { return }
                hasAnswered = true
                idleSince = .now
                requestStart = buffer.isEmpty ? nil : idleSince
                if buffer.isEmpty { slot.endRequest() }
                continue
            case .failure(let status, let reason):
                core.requestsAnswered.wrappingAdd(1, ordering: .relaxed)
                if sendAll(HTTPResponse.error(status, reason).serialized(keepAlive: false)) {
                    // A client that sends its whole body before reading (most do) must be let
                    // finish, or the close resets the connection before it reads the 413.
                    if status == .contentTooLarge {
                        lingerBeforeClose(maxBytes: 16 << 20, within: .seconds(2))
                    } else {
                        lingerBeforeClose()
                    }
                }
                return
            case .incomplete:
                break
            }
            let deadline =
                requestStart.map { $0.advanced(by: configuration.readTimeout) }
                ?? (hasAnswered
                    ? idleSince.advanced(by: configuration.idleTimeout)
                    : connectedAt.advanced(by: configuration.readTimeout))
            switch waitForInput(until: deadline) {
            case .stopping:
                return
            case .timedOut:
                if requestStart != nil {
                    core.requestsAnswered.wrappingAdd(1, ordering: .relaxed)
                    let reason = "The request did not arrive within \(configuration.readTimeout)."
                    if sendAll(HTTPResponse.error(.requestTimeout, reason).serialized(keepAlive: false)) {
                        lingerBeforeClose()
                    }
                }
                return
            case .readable:
                let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count == 0 { return }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                    return
                }
                if requestStart == nil {
                    // Evicted while the bytes were on their way: the socket is shut down.
                    guard slot.beginRequest() else { return }
                    requestStart = .now
                }
                buffer.append(contentsOf: chunk[0..<count])
            }
        }
    }

    /// Where a connection thread runs under the server's ``ForegroundBudget``: at normal priority
    /// while the budget lasts, then in the background.
    private struct ConnectionPriority {
        let budget: ForegroundBudget?
        private(set) var isForeground: Bool
        private var chargedCPU: Int64

        /// Decides where the calling thread starts: in the background when the budget is
        /// overdrawn (the thread was started at normal priority).
        init(budget: ForegroundBudget?) {
            self.budget = budget
            guard let budget else {
                isForeground = false
                chargedCPU = 0
                return
            }
            isForeground = budget.isInCredit(now: ForegroundBudget.monotonicNanoseconds())
            if !isForeground { DedicatedThread.useBackgroundScheduling() }
            chargedCPU = ForegroundBudget.threadCPUNanoseconds()
        }

        /// Charges the CPU time used since the last charge, and moves the thread to the
        /// background when that overdraws the budget.
        mutating func charge() {
            guard let budget else { return }
            let used = ForegroundBudget.threadCPUNanoseconds()
            let inCredit = budget.charge(used - chargedCPU, now: ForegroundBudget.monotonicNanoseconds())
            chargedCPU = used
            if isForeground, !inCredit {
                DedicatedThread.useBackgroundScheduling()
                isForeground = false
            }
        }

        /// Whether this response should close the connection so that the client reconnects at
        /// normal priority: the thread is in the background and the budget is full again.
        func asksToReconnect() -> Bool {
            guard let budget, !isForeground else { return false }
            return budget.isFull(now: ForegroundBudget.monotonicNanoseconds())
        }
    }

    /// Turns off Nagle's delay (each response is one write) and bounds how long a write may block.
    private func configureSocket() {
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let timeout = core.configuration.writeTimeout.components
        var limit = timeval(tv_sec: Int(timeout.seconds), tv_usec: Int(timeout.attoseconds / 1_000_000_000_000))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Waits until the socket has input, the deadline passes, or the server stops.
    private func waitForInput(until deadline: ContinuousClock.Instant) -> Wait {
        var descriptors = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: core.wake.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            if core.isStopping { return .stopping }
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { return .timedOut }
            // Whole milliseconds, rounded up so that the wait never ends before the deadline.
            let (seconds, attoseconds) = left.components
            let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            let milliseconds = Int32(clamping: min(seconds, Int64(Int32.max)) * 1000 + partial)
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .stopping
            }
            if descriptors[1].revents != 0 { return .stopping }
            if descriptors[0].revents != 0 { return .readable }
        }
    }

    /// Writes every byte, or returns false when the client is gone or stopped reading for the
    /// write timeout.
    private func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let written = send(descriptor, base + offset, raw.count - offset, Self.noSignalFlags)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Half-closes, then reads and drops what the client still sends, for at most `within` or
    /// `maxBytes` (500 ms or 256 KiB by default; a refused large body gets 2 s or 16 MiB), so that
    /// closing does not reset the connection before the client reads the answer.
    private func lingerBeforeClose(maxBytes: Int = 262_144, within limit: Duration = .milliseconds(500)) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
        let deadline = ContinuousClock.now.advanced(by: limit)
        var drained = 0
        var scratch = [UInt8](repeating: 0, count: 65_536)
        while drained < maxBytes, case .readable = waitForInput(until: deadline) {
            let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            drained += count
        }
    }
}
