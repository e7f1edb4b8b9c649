#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A joinable OS thread of the service: a worker or the housekeeper.
///
/// The service runs its workers on real threads rather than Swift tasks: they block on condition variables and
/// burn CPU, which would starve the cooperative pool.
struct ServiceThread: Sendable {
    private final class Body {
        let run: @Sendable () -> Void
        let isBatchScheduled: Bool

        init(_ run: @escaping @Sendable () -> Void, isBatchScheduled: Bool) {
            self.run = run
            self.isBatchScheduled = isBatchScheduled
        }

        func start() {
            if isBatchScheduled { ServiceThread.useBatchScheduling() }
            run()
        }
    }

    #if canImport(Glibc)
    private let handle: pthread_t
    #else
    // `pthread_t` is a pointer on Darwin, which is not `Sendable`: keep its bits instead.
    private let bits: UInt
    private var handle: pthread_t { pthread_t(bitPattern: bits).unsafelyUnwrapped }
    private init(handle: pthread_t) { bits = UInt(bitPattern: handle) }
    #endif

    /// Starts a thread that runs `body`, or returns `nil` when the system refuses one.
    ///
    /// - Parameters:
    ///   - isBatchScheduled: Whether the thread runs under Linux's `SCHED_BATCH` policy (see
    ///     ``useBatchScheduling()``); ignored elsewhere.
    ///   - body: The work; the thread ends when it returns.
    static func start(isBatchScheduled: Bool = false, _ body: @escaping @Sendable () -> Void) -> ServiceThread? {
        let context = Unmanaged.passRetained(Body(body, isBatchScheduled: isBatchScheduled)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().start()
                return nil
            },
            context
        )
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return ServiceThread(handle: thread)
        #else
        var thread: pthread_t?
        let result = pthread_create(
            &thread,
            nil,
            { raw in
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().start()
                return nil
            },
            context
        )
        guard result == 0, let thread else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return ServiceThread(handle: thread)
        #endif
    }

    /// Moves the calling thread to Linux's `SCHED_BATCH` policy; does nothing elsewhere or when refused.
    ///
    /// A batch thread is treated as CPU-bound: when it wakes it does not preempt the thread running on its core.
    /// On a machine with two cores, a worker woken by `submit` would otherwise preempt the load driver's sender —
    /// the very thread that called `submit` — for a scheduler slice of several milliseconds, and the sender would
    /// fall behind its schedule. Its share of the CPU under contention is unchanged.
    static func useBatchScheduling() {
        #if os(Linux)
        var parameters = sched_param()
        parameters.sched_priority = 0
        // SCHED_BATCH from <linux/sched.h>; the Glibc module does not export it.
        let schedulingBatch: Int32 = 3
        _ = pthread_setschedparam(pthread_self(), schedulingBatch, &parameters)
        #endif
    }

    /// The calling thread.
    static var current: ServiceThread {
        ServiceThread(handle: pthread_self())
    }

    /// Whether this is the calling thread.
    var isCurrent: Bool {
        pthread_equal(handle, pthread_self()) != 0
    }

    /// Whether `other` is the same thread as this one.
    ///
    /// - Parameter other: Another thread.
    func isSameThread(as other: ServiceThread) -> Bool {
        pthread_equal(handle, other.handle) != 0
    }

    /// Waits for the thread to end; a thread cannot join itself, so from the thread itself this detaches it.
    func join() {
        if isCurrent {
            pthread_detach(handle)
        } else {
            pthread_join(handle, nil)
        }
    }
}
