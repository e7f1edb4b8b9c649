import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets one closed-loop connection thread block until its current request completes.
///
/// Requests are numbered by generation (1, 2, …). A completion first *claims* its generation with
/// a compare-exchange, so a completion called twice counts once, then *publishes* it. The waiter
/// announces that it is about to sleep; a completion that sees no waiter (the usual case for a
/// target that completes inline) publishes without touching the mutex, and only a completion
/// that finds the waiter asleep locks and signals the condition variable.
///
/// `@unchecked Sendable` is sound: the pthread mutex and condition variable are allocated once in
/// `init`, used only through pthread calls (which are thread-safe), and destroyed in `deinit`
/// when no other reference exists; every other field is an `Atomic`.
final class CompletionGate: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let claimed = Atomic<UInt64>(0)
    private let published = Atomic<UInt64>(0)
    private let isWaiting = Atomic<Bool>(false)

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deinitialize(count: 1)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Claims a generation's completion; only the first call for the current generation wins.
    func claim(_ generation: UInt64) -> Bool {
        claimed.compareExchange(expected: generation &- 1, desired: generation, ordering: .acquiringAndReleasing)
            .exchanged
    }

    /// Publishes a claimed generation and wakes the waiter if it is asleep.
    func publish(_ generation: UInt64) {
        published.store(generation, ordering: .sequentiallyConsistent)
        if isWaiting.load(ordering: .sequentiallyConsistent) {
            pthread_mutex_lock(mutex)
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }
    }

    /// Blocks until `generation` is published, `deadline` passes, or `shouldStop` returns true.
    ///
    /// - Returns: Whether the generation was published.
    func wait(
        for generation: UInt64,
        until deadline: ContinuousClock.Instant,
        shouldStop: () -> Bool
    ) -> Bool {
        if published.load(ordering: .acquiring) >= generation { return true }
        isWaiting.store(true, ordering: .sequentiallyConsistent)
        defer { isWaiting.store(false, ordering: .relaxed) }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while published.load(ordering: .sequentiallyConsistent) < generation {
            if shouldStop() || ContinuousClock.now >= deadline { return false }
            // Sleep in slices of at most 5 ms so that stop requests and the deadline are noticed.
            var wake = timespec()
            clock_gettime(CLOCK_REALTIME, &wake)
            wake.tv_nsec += 5_000_000
            if wake.tv_nsec >= 1_000_000_000 {
                wake.tv_sec += 1
                wake.tv_nsec -= 1_000_000_000
            }
            pthread_cond_timedwait(condition, mutex, &wake)
        }
        return true
    }
}
