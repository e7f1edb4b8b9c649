#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An OS thread of its own, for work that must not run on Swift's cooperative pool.
///
/// The pool has about one thread per core. Work that blocks (on a condition variable, in `poll` or
/// `recv`), sleeps and spins until an intended instant, or burns CPU for a whole run would starve
/// it, so the service's workers, the load drivers' senders and connections and the HTTP server's
/// threads each get one of these instead.
///
/// A thread is either joinable (``start(name:scheduling:_:)``, which returns a handle to
/// ``join()``) or detached (``detach(name:scheduling:_:)``, which nobody joins). Its `name` says
/// what it is for in the ``ThreadStartError`` when the system refuses a thread, and is the
/// thread's name in the system (its first 15 bytes on Linux: `ps -L`, `top -H`, `perf sched`,
/// gdb), where it would otherwise inherit its creator's, such as Dispatch's `…oot.default-qos`.
///
/// ```swift
/// let worker = try DedicatedThread.start(name: "service worker", scheduling: .batch) { runWorker() }
/// …
/// worker.join()
/// ```
package struct DedicatedThread: Sendable {
    /// How the kernel schedules a thread.
    package enum Scheduling: Sendable, Equatable {
        /// The default policy.
        case standard
        /// Linux's `SCHED_BATCH` (see ``useBatchScheduling()``); the default policy elsewhere.
        case batch
        /// `SCHED_BATCH` at nice 10 (see ``useBackgroundScheduling()``): work that must never
        /// take the CPU from the work it serves, such as answering scrapes of a monitor that
        /// watches a busy service. The default policy elsewhere.
        case background
    }

    /// What the new thread runs, handed to it through `pthread_create`'s context pointer.
    private final class Launch {
        let body: @Sendable () -> Void
        let scheduling: Scheduling
        let name: String

        init(_ body: @escaping @Sendable () -> Void, scheduling: Scheduling, name: String) {
            self.body = body
            self.scheduling = scheduling
            self.name = name
        }

        func run() {
            DedicatedThread.setCurrentName(name)
            switch scheduling {
            case .standard: break
            case .batch: DedicatedThread.useBatchScheduling()
            case .background: DedicatedThread.useBackgroundScheduling()
            }
            body()
        }
    }

    #if canImport(Glibc)
    private let handle: pthread_t
    private init(handle: pthread_t) { self.handle = handle }
    #else
    // `pthread_t` is a pointer on Darwin, which is not `Sendable`: keep its bits instead.
    private let bits: UInt
    private var handle: pthread_t { pthread_t(bitPattern: bits).unsafelyUnwrapped }
    private init(handle: pthread_t) { bits = UInt(bitPattern: handle) }
    #endif

    /// Starts a joinable thread that runs `body`.
    ///
    /// Join the thread once, with ``join()``, when its work is done; a thread that is never
    /// joined keeps its stack until the process ends.
    ///
    /// - Parameters:
    ///   - name: What the thread is for, such as "service worker"; named in the error.
    ///   - scheduling: How the kernel schedules the thread; ``Scheduling/standard`` by default.
    ///   - body: The work; the thread ends when it returns.
    /// - Returns: The thread.
    /// - Throws: ``ThreadStartError`` with `pthread_create`'s error number when the system
    ///   refuses a thread.
    package static func start(
        name: String,
        scheduling: Scheduling = .standard,
        _ body: @escaping @Sendable () -> Void
    ) throws(ThreadStartError) -> DedicatedThread {
        let handle = try create(name: name, scheduling: scheduling, isDetached: false, body)
        return DedicatedThread(handle: handle)
    }

    /// Starts a detached thread that runs `body`; nobody joins it, and its resources go back to
    /// the system when `body` returns.
    ///
    /// - Parameters:
    ///   - name: What the thread is for, such as "open-loop sender"; named in the error.
    ///   - scheduling: How the kernel schedules the thread; ``Scheduling/standard`` by default.
    ///   - body: The work; the thread ends when it returns.
    /// - Throws: ``ThreadStartError`` with `pthread_create`'s error number when the system
    ///   refuses a thread.
    package static func detach(
        name: String,
        scheduling: Scheduling = .standard,
        _ body: @escaping @Sendable () -> Void
    ) throws(ThreadStartError) {
        _ = try create(name: name, scheduling: scheduling, isDetached: true, body)
    }

    private static func create(
        name: String,
        scheduling: Scheduling,
        isDetached: Bool,
        _ body: @escaping @Sendable () -> Void
    ) throws(ThreadStartError) -> pthread_t {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if isDetached {
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        }
        let context = Unmanaged.passRetained(Launch(body, scheduling: scheduling, name: name)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Launch>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard result == 0 else {
            Unmanaged<Launch>.fromOpaque(context).release()
            throw ThreadStartError(threadName: name, errorNumber: result)
        }
        return thread
        #else
        var thread: pthread_t?
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                Unmanaged<Launch>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard result == 0, let thread else {
            Unmanaged<Launch>.fromOpaque(context).release()
            throw ThreadStartError(threadName: name, errorNumber: result)
        }
        return thread
        #endif
    }

    /// Names the calling thread in the system: the longest prefix of `name` that fits in 15 bytes
    /// of UTF-8 (Linux's limit), cut between characters, written to `/proc/thread-self/comm`.
    /// Does nothing elsewhere or when refused.
    ///
    /// - Parameter name: What the thread is for.
    package static func setCurrentName(_ name: String) {
        #if os(Linux)
        var bytes: [UInt8] = []
        for character in name {
            let encoded = Array(String(character).utf8)
            guard bytes.count + encoded.count <= 15 else { break }
            bytes += encoded
        }
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        #endif
    }

    /// The calling thread's name in the system (Linux's `/proc/thread-self/comm`), or nil when it
    /// cannot be read.
    package static var currentName: String? {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        var name = String(decoding: buffer.prefix(count), as: UTF8.self)
        if name.hasSuffix("\n") { name.removeLast() }
        return name
        #else
        return nil
        #endif
    }

    /// Moves the calling thread to Linux's `SCHED_BATCH` policy; does nothing elsewhere or when
    /// refused.
    ///
    /// A batch thread is treated as CPU-bound: when it wakes it does not preempt the thread running
    /// on its core. On a machine with two cores, a service worker woken by `submit` would otherwise
    /// preempt the load driver's sender — the very thread that called `submit` — for a scheduler
    /// slice of several milliseconds, and the sender would fall behind its schedule. Its share of
    /// the CPU under contention is unchanged.
    package static func useBatchScheduling() {
        #if os(Linux)
        var parameters = sched_param()
        parameters.sched_priority = 0
        // SCHED_BATCH from <linux/sched.h>; the Glibc module does not export it.
        let schedulingBatch: Int32 = 3
        _ = pthread_setschedparam(pthread_self(), schedulingBatch, &parameters)
        #endif
    }

    /// The nice value of a ``Scheduling/background`` thread.
    package static let backgroundNiceValue: Int32 = 10

    /// Moves the calling thread to `SCHED_BATCH` at nice ``backgroundNiceValue``; does nothing
    /// elsewhere or when refused (raising a thread's own nice value needs no privilege).
    ///
    /// The nice value sets a thread's share of a contended core: at nice 10 its weight is 110
    /// against 1024 for a thread at nice 0, so sixteen connection threads answering a scrape
    /// storm weigh less than two service threads, where at nice 0 they starved the service (its
    /// P95 rose from 5.6 ms to 537 ms under `wrk -t2 -c16` on `/metrics`). Linux applies a nice
    /// value set through `setpriority` for `who` 0 to the calling thread alone (nice is per thread
    /// under NPTL; see setpriority(2), BUGS).
    package static func useBackgroundScheduling() {
        useBatchScheduling()
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, backgroundNiceValue)
        #endif
    }

    /// The calling thread, to compare with threads this type started.
    ///
    /// Do not ``join()`` it: it may be a thread of the cooperative pool or the main thread.
    package static var current: DedicatedThread {
        DedicatedThread(handle: pthread_self())
    }

    /// Whether this is the calling thread.
    package var isCurrent: Bool {
        pthread_equal(handle, pthread_self()) != 0
    }

    /// Whether `other` is the same thread as this one.
    ///
    /// - Parameter other: Another thread.
    package func isSameThread(as other: DedicatedThread) -> Bool {
        pthread_equal(handle, other.handle) != 0
    }

    /// Waits for the thread to end.
    ///
    /// A thread cannot join itself, so called from the thread itself this detaches it instead
    /// (its resources go back to the system when it ends). Call it once per thread.
    package func join() {
        if isCurrent {
            pthread_detach(handle)
        } else {
            pthread_join(handle, nil)
        }
    }
}
