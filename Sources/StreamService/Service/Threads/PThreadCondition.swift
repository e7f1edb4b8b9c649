#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread condition variable: threads sleep on it, holding nothing, until another thread signals it or a
/// deadline passes.
///
/// Waits can wake spuriously, so every caller waits in a loop that checks its condition. On Linux the condition
/// measures timeouts on `CLOCK_MONOTONIC`, so setting the wall clock never shortens or stretches a wait.
///
/// `@unchecked Sendable` is sound: the condition variable lives at one heap address allocated in `init` and freed
/// in `deinit`, never moved or copied, and pthread condition variables are made to be shared between threads.
final class PThreadCondition: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<pthread_cond_t>

    /// Creates a condition variable.
    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if os(Linux)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(pointer, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(pointer)
        pointer.deallocate()
    }

    /// Releases `mutex`, sleeps until signalled, and locks `mutex` again before returning.
    ///
    /// - Parameter mutex: The mutex, which the calling thread holds.
    func wait(on mutex: PThreadMutex) {
        pthread_cond_wait(pointer, mutex.pointer)
    }

    /// Releases `mutex`, sleeps until signalled or until `deadline`, and locks `mutex` again before returning.
    ///
    /// Returns at once when `deadline` has passed.
    ///
    /// - Parameters:
    ///   - mutex: The mutex, which the calling thread holds.
    ///   - deadline: The latest instant to sleep until.
    func wait(on mutex: PThreadMutex, until deadline: ContinuousClock.Instant) {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return }
        let (seconds, attoseconds) = remaining.components
        let nanoseconds = Int(attoseconds / 1_000_000_000)
        #if os(Linux)
        var absolute = timespec()
        clock_gettime(CLOCK_MONOTONIC, &absolute)
        let clampedSeconds = min(seconds, Int64(Int32.max))
        absolute.tv_sec += Int(clampedSeconds)
        absolute.tv_nsec += nanoseconds
        if absolute.tv_nsec >= 1_000_000_000 {
            absolute.tv_sec += 1
            absolute.tv_nsec -= 1_000_000_000
        }
        pthread_cond_timedwait(pointer, mutex.pointer, &absolute)
        #else
        var relative = timespec(tv_sec: Int(min(seconds, Int64(Int32.max))), tv_nsec: nanoseconds)
        pthread_cond_timedwait_relative_np(pointer, mutex.pointer, &relative)
        #endif
    }

    /// Wakes one thread waiting on the condition, if any.
    func signal() {
        pthread_cond_signal(pointer)
    }

    /// Wakes every thread waiting on the condition.
    func broadcast() {
        pthread_cond_broadcast(pointer)
    }
}
