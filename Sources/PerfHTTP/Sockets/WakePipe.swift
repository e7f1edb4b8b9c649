#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pipe that tells every thread polling it that the server is stopping.
///
/// ``signal()`` writes one byte that nobody reads, so the read end stays readable from then on and
/// every present and future `poll` on it returns at once: one write wakes the accept loop and every
/// connection. The descriptors are closed when the last owner lets go, never while a thread that
/// holds a reference may still poll them.
final class WakePipe: Sendable {
    /// The end the server's threads poll.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Opens the pipe, or returns nil when the process has no descriptors left.
    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        readDescriptor = ends[0]
        writeDescriptor = ends[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes every poller, now and from now on; calling it again does no harm.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }
}

extension WakePipe {
    /// Reads and drops every byte written so far, so that the read end polls readable again only
    /// after the next ``signal()``.
    ///
    /// For a pipe with one poller, such as a client's event loop, that wants a wake-up per batch
    /// of work; a pipe that signals "stopping" to many pollers (the server's) is never drained.
    func drain() {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { scratch in
            while read(readDescriptor, scratch.baseAddress, scratch.count) > 0 {}
        }
    }
}
