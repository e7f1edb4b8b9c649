import PerfSupport
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard output and error of a ``ServiceProcess``, read from a pipe on a thread of its own, of
/// which only the last lines are kept, for error messages.
///
/// Memory is bounded whatever the service prints: at most `lineLimit` lines of at most
/// ``maximumLineBytes`` bytes each, plus one partial line. A longer line is cut and ends in `…`.
final class ServiceOutput: Sendable {
    /// The most bytes kept of one line.
    static let maximumLineBytes = 500

    private struct Tail {
        var lines: [String] = []
        var partial: [UInt8] = []
        var isPartialCut = false
    }

    private let descriptor: Int32
    private let lineLimit: Int
    private let tail = Mutex(Tail())
    private let isFinishing = Atomic(false)
    private let reader = Mutex<DedicatedThread?>(nil)

    /// Starts reading the read end of a pipe.
    ///
    /// - Parameters:
    ///   - descriptor: The pipe's read end; this object closes it in ``finish()``.
    ///   - lineLimit: How many of the last lines to keep.
    /// - Throws: `ThreadStartError` when the system refuses the reader a thread; the descriptor is then
    ///   closed.
    init(reading descriptor: Int32, lineLimit: Int) throws(ThreadStartError) {
        self.descriptor = descriptor
        self.lineLimit = max(1, lineLimit)
        do {
            let thread = try DedicatedThread.start(name: "service output reader") { [self] in readUntilEnd() }
            reader.withLock { $0 = thread }
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// The last lines the service printed, oldest first, with the line it was still printing last.
    func lastLines() -> [String] {
        tail.withLock { tail in
            tail.partial.isEmpty ? tail.lines : tail.lines + [Self.line(tail.partial, isCut: tail.isPartialCut)]
        }
    }

    /// Reads what is left in the pipe, stops the reader and closes the pipe; call it once the service
    /// has exited. Idempotent.
    ///
    /// The reader stops at the end of the pipe, at the first moment nothing is left to read, or after
    /// 256 KB more, so a process outside the service's group that still holds the pipe open cannot keep
    /// it waiting.
    func finish() {
        isFinishing.store(true, ordering: .releasing)
        let thread = reader.withLock { reader in
            defer { reader = nil }
            return reader
        }
        guard let thread else { return }
        thread.join()
        close(descriptor)
    }

    private func readUntilEnd() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Once finishing, a bounded amount more is read: enough for what the service printed last.
        var chunksLeftAfterFinishing = 64
        while true {
            if isFinishing.load(ordering: .acquiring) {
                if chunksLeftAfterFinishing == 0 { return }
                chunksLeftAfterFinishing -= 1
            }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, 100)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 {
                if isFinishing.load(ordering: .acquiring) { return }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                tail.withLock { Self.endLine(&$0, limit: lineLimit, keepEmpty: false) }
                return
            }
            tail.withLock { tail in
                for byte in buffer[0..<count] {
                    if byte == UInt8(ascii: "\n") {
                        Self.endLine(&tail, limit: lineLimit, keepEmpty: true)
                    } else if byte != UInt8(ascii: "\r") {
                        if tail.partial.count < Self.maximumLineBytes {
                            tail.partial.append(byte)
                        } else {
                            tail.isPartialCut = true
                        }
                    }
                }
            }
        }
    }

    private static func endLine(_ tail: inout Tail, limit: Int, keepEmpty: Bool) {
        if keepEmpty || !tail.partial.isEmpty {
            tail.lines.append(line(tail.partial, isCut: tail.isPartialCut))
            if tail.lines.count > limit { tail.lines.removeFirst(tail.lines.count - limit) }
        }
        tail.partial.removeAll(keepingCapacity: true)
        tail.isPartialCut = false
    }

    private static func line(_ bytes: [UInt8], isCut: Bool) -> String {
        String(decoding: bytes, as: UTF8.self) + (isCut ? "…" : "")
    }
}
