import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open connection as the server sees it: whether a request is in progress, so that a full
/// server can displace a connection that is only waiting.
///
/// States: *waiting* (connected and silent, or idle between keep-alive requests), *busy* (a
/// request's first byte has arrived, until its response is sent) and *evicted*. The connection
/// moves waiting → busy when bytes arrive and busy → waiting after a keep-alive response; the
/// accept loop moves waiting → evicted and shuts the socket down. Each move is a compare-and-swap,
/// so a connection that has begun a request is never evicted, and an evicted one never starts one.
final class ConnectionSlot: Sendable {
    private static let waiting: UInt8 = 0
    private static let busy: UInt8 = 1
    private static let evicted: UInt8 = 2

    /// The connected socket (closed by the connection after it leaves the registry).
    let descriptor: Int32
    private let state = Atomic<UInt8>(ConnectionSlot.waiting)
    /// When the slot last began waiting, in nanoseconds of the monotonic clock.
    private let waitingSince = Atomic<Int64>(0)

    init(descriptor: Int32) {
        self.descriptor = descriptor
        waitingSince.store(Self.now(), ordering: .relaxed)
    }

    /// Marks a request in progress; false when the slot was evicted (the connection must end).
    func beginRequest() -> Bool {
        let (exchanged, current) = state.compareExchange(
            expected: Self.waiting,
            desired: Self.busy,
            ordering: .acquiringAndReleasing
        )
        return exchanged || current == Self.busy
    }

    /// Marks the connection waiting again, after a keep-alive response.
    func endRequest() {
        waitingSince.store(Self.now(), ordering: .relaxed)
        state.store(Self.waiting, ordering: .releasing)
    }

    /// Whether the slot is waiting, and since when (nanoseconds), for choosing whom to evict.
    var waitingSinceNanoseconds: Int64? {
        state.load(ordering: .acquiring) == Self.waiting ? waitingSince.load(ordering: .relaxed) : nil
    }

    /// Whether the slot was evicted.
    var isEvicted: Bool { state.load(ordering: .acquiring) == Self.evicted }

    /// Evicts a waiting slot: marks it and shuts its socket down, which wakes its thread. Call it
    /// only while the slot is registered (its descriptor is open until it leaves the registry).
    ///
    /// - Returns: Whether the slot was waiting and is now evicted.
    func evict() -> Bool {
        guard
            state.compareExchange(expected: Self.waiting, desired: Self.evicted, ordering: .acquiringAndReleasing)
                .exchanged
        else { return false }
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
        return true
    }

    private static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
