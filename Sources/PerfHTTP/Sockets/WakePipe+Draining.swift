#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WakePipe {
    /// Reads and drops every byte written so far, so that the read end polls readable again only
    /// after the next ``signal()``.
    ///
    /// For a pipe with one poller, such as a client's event loop, that wants a wake-up per batch
    /// of work; a pipe that signals "stopping" to many pollers (the server's) is never drained.
    func drain() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while scratch.withUnsafeMutableBytes({ read(readDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}
