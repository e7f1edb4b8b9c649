#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex: the lock that ``PThreadCondition`` waits on.
///
/// `Synchronization.Mutex` cannot be waited on, and the service's workers must sleep until work arrives, so the
/// queue's state is guarded by this mutex and its condition variables instead.
///
/// `@unchecked Sendable` is sound: the mutex lives at one heap address allocated in `init` and freed in `deinit`,
/// never moved or copied, and a pthread mutex is made to be locked and unlocked from any thread. The class stores
/// nothing else.
final class PThreadMutex: @unchecked Sendable {
    /// The mutex, for ``PThreadCondition`` to wait on.
    let pointer: UnsafeMutablePointer<pthread_mutex_t>

    /// Creates an unlocked mutex.
    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pthread_mutex_t())
        pthread_mutex_init(pointer, nil)
    }

    deinit {
        pthread_mutex_destroy(pointer)
        pointer.deallocate()
    }

    /// Locks the mutex, waiting for it if another thread holds it.
    @inline(__always)
    func lock() {
        pthread_mutex_lock(pointer)
    }

    /// Unlocks the mutex, which the calling thread must hold.
    @inline(__always)
    func unlock() {
        pthread_mutex_unlock(pointer)
    }

    /// Runs `body` with the mutex held.
    ///
    /// `body` must not call user code: it holds the lock every worker needs.
    ///
    /// - Parameter body: The work to do under the lock.
    /// - Returns: What `body` returns.
    @inline(__always)
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}
