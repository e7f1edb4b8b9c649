#if canImport(CPerfHTTP) && os(Linux)
import CPerfHTTP
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which descriptors of a set are ready, with a wait that ends at an instant to the microsecond.
///
/// On Linux an epoll set, level-triggered: registering costs a system call once per descriptor
/// (and once per change of interest), and a wait costs the same however many descriptors are
/// registered, where `poll(2)` walks them all on every call. The wait's timeout is in nanoseconds
/// (`epoll_pwait2`), so a client that must send at an instant can sleep until it instead of
/// spinning. Elsewhere, `poll(2)` over the registered descriptors, its timeout rounded up to whole
/// milliseconds.
///
/// Confined to one thread, the one that waits: ``open()`` makes a ``Handle`` on any thread, and
/// the waiting thread makes the poller from it.
struct EventPoller: ~Copyable {
    /// An opened poller not yet owned by the thread that will wait on it.
    struct Handle: Sendable {
        fileprivate let set: Int32
    }

    /// What a descriptor is watched for.
    enum Interest: Equatable {
        /// Data to read, or the peer closing.
        case readable
        /// Room to write (a connect finishing), or an error.
        case writable
    }

    #if os(Linux)
    private let set: Int32
    private var readyDescriptors = [Int32](repeating: 0, count: 64)
    private var readyEvents = [UInt32](repeating: 0, count: 64)
    #else
    private var interests: [Int32: Interest] = [:]
    private var descriptors: [pollfd] = []
    #endif

    /// Opens a poller, or returns nil when the process has no descriptors left.
    static func open() -> Handle? {
        #if os(Linux)
        let set = cperf_epoll_create()
        return set >= 0 ? Handle(set: set) : nil
        #else
        return Handle(set: -1)
        #endif
    }

    /// Takes ownership of an opened poller; it is closed when this value goes.
    init(_ handle: Handle) {
        #if os(Linux)
        set = handle.set
        #endif
    }

    /// Asks the kernel to end the calling thread's timed waits within 10 µs of their deadlines
    /// (50 µs by default), so a wait until a send instant ends close to it. Does nothing where
    /// the system has no such setting.
    static func shortenTimerSlack() {
        #if os(Linux)
        _ = cperf_set_timer_slack(10_000)
        #endif
    }

    deinit {
        #if os(Linux)
        close(set)
        #endif
    }

    /// Starts watching a descriptor.
    mutating func add(_ descriptor: Int32, for interest: Interest) {
        #if os(Linux)
        _ = cperf_epoll_control(set, 1, descriptor, Self.events(of: interest))
        #else
        interests[descriptor] = interest
        #endif
    }

    /// Watches a descriptor for something else.
    mutating func change(_ descriptor: Int32, to interest: Interest) {
        #if os(Linux)
        _ = cperf_epoll_control(set, 3, descriptor, Self.events(of: interest))
        #else
        interests[descriptor] = interest
        #endif
    }

    /// Stops watching a descriptor; call it before the descriptor is closed.
    mutating func remove(_ descriptor: Int32) {
        #if os(Linux)
        _ = cperf_epoll_control(set, 2, descriptor, 0)
        #else
        interests[descriptor] = nil
        #endif
    }

    /// Waits until a descriptor is ready or `deadline` passes (for ever without one), and
    /// replaces `ready` with what is ready.
    ///
    /// - Parameters:
    ///   - deadline: When to stop waiting.
    ///   - now: The current time.
    ///   - ready: Filled with the ready descriptors (errors and hang-ups included); emptied first.
    /// - Complexity: O(ready) on Linux; O(registered) elsewhere.
    mutating func wait(
        until deadline: ContinuousClock.Instant?,
        now: ContinuousClock.Instant,
        into ready: inout [Int32]
    ) {
        ready.removeAll(keepingCapacity: true)
        let timeout = deadline.map { max(0, now.duration(to: $0).nanosecondsRoundedUp) } ?? -1
        #if os(Linux)
        let count = readyDescriptors.withUnsafeMutableBufferPointer { descriptors in
            readyEvents.withUnsafeMutableBufferPointer { events in
                cperf_epoll_wait(set, descriptors.baseAddress, events.baseAddress, Int32(descriptors.count), timeout)
            }
        }
        guard count > 0 else { return }
        ready.append(contentsOf: readyDescriptors[0..<Int(count)])
        #else
        descriptors.removeAll(keepingCapacity: true)
        for (descriptor, interest) in interests {
            let events = interest == .readable ? Int16(POLLIN) : Int16(POLLOUT)
            descriptors.append(pollfd(fd: descriptor, events: events, revents: 0))
        }
        let milliseconds = timeout < 0 ? -1 : Int32(clamping: (timeout + 999_999) / 1_000_000)
        guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 else { return }
        for descriptor in descriptors where descriptor.revents != 0 {
            ready.append(descriptor.fd)
        }
        #endif
    }

    #if os(Linux)
    private static func events(of interest: Interest) -> UInt32 {
        interest == .readable ? cperf_event_readable : cperf_event_writable
    }
    #endif
}

extension Duration {
    /// The duration in whole nanoseconds, rounded up (so a wait never ends early), clamped to `Int64`.
    var nanosecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = product.addingReportingOverflow((attoseconds + 999_999_999) / 1_000_000_000)
        return sumOverflow ? .max : sum
    }
}
