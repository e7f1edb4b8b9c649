import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CPU time a background server's threads may spend at normal priority: a token bucket of
/// CPU nanoseconds, refilled at a share of one core and charged with what every connection
/// thread spends.
///
/// A monitor's server must answer a scrape at once, and must never take the CPU from the
/// service it watches. Priority alone cannot do both: at nice 10 a scrape waits behind every
/// busy thread of the machine (a `/metrics` P99 of 5–17 ms beside a 2000 req/s workload, 67 ms
/// beside ten browser tabs), and at normal priority a storm of scrapes starved the service (its
/// P95 went from 5.9 ms to 648–922 ms under `wrk -t2 -c16`). So a connection thread starts at
/// normal priority while the bucket is in credit, and moves itself to the background
/// (`SCHED_BATCH` at nice 10) for good once a request leaves the bucket overdrawn; a thread that
/// starts while it is overdrawn starts in the background. Every thread is charged, whatever its
/// priority, so the bucket stays overdrawn for as long as a storm lasts. Raising a thread's
/// priority again needs a privilege, so a background connection that finds the bucket full
/// again asks its client to reconnect (`Connection: close` on its next response): the new
/// connection's thread starts at normal priority.
///
/// At the default share, 5% of one core with a burst of 50 ms, the budget answers about 2000
/// scrapes a second at normal priority (a scrape costs about 25 µs), ten times what ten
/// dashboard tabs and a Prometheus server ask for.
///
/// Times are nanoseconds on the monotonic clock, passed in so that tests can drive the bucket.
final class ForegroundBudget: Sendable {
    /// CPU nanoseconds added to the bucket per second of monotonic time.
    let refillPerSecond: Int64
    /// The most the bucket holds, in CPU nanoseconds: the burst allowed after a quiet spell.
    let capacity: Int64
    private struct State {
        var tokens: Int64
        var refilledAt: Int64
    }
    private let state: Mutex<State>

    /// Creates a full bucket.
    ///
    /// - Parameters:
    ///   - share: The share of one core refilled each second, in 0...1.
    ///   - burst: The bucket's size, as CPU time.
    ///   - now: The monotonic clock's reading now, in nanoseconds.
    init(share: Double, burst: Duration, now: Int64) {
        refillPerSecond = Int64(max(0, min(1, share)) * 1e9)
        let (seconds, attoseconds) = burst.components
        capacity = max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        state = Mutex(State(tokens: capacity, refilledAt: now))
    }

    /// Takes `cpuNanoseconds` from the bucket after refilling it up to `now`.
    ///
    /// - Returns: Whether the bucket is still in credit (above zero) afterwards.
    @discardableResult
    func charge(_ cpuNanoseconds: Int64, now: Int64) -> Bool {
        state.withLock { state in
            refill(&state, now: now)
            state.tokens -= max(0, cpuNanoseconds)
            return state.tokens > 0
        }
    }

    /// Whether the bucket is in credit at `now`: a new thread may start at normal priority.
    func isInCredit(now: Int64) -> Bool {
        state.withLock { state in
            refill(&state, now: now)
            return state.tokens > 0
        }
    }

    /// Whether the bucket is full again at `now`: a background connection may ask its client to
    /// reconnect at normal priority.
    func isFull(now: Int64) -> Bool {
        state.withLock { state in
            refill(&state, now: now)
            return state.tokens >= capacity
        }
    }

    private func refill(_ state: inout State, now: Int64) {
        let elapsed = now - state.refilledAt
        guard elapsed > 0 else { return }
        // Rounded down: a call loses under a nanosecond of refill.
        let added = elapsed.multipliedReportingOverflow(by: refillPerSecond)
        if added.overflow {
            state.tokens = capacity
        } else {
            state.tokens = min(capacity, state.tokens + added.partialValue / 1_000_000_000)
        }
        state.refilledAt = now
    }

    /// The monotonic clock, in nanoseconds.
    static func monotonicNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The CPU time the calling thread has used, user and system, in nanoseconds.
    static func threadCPUNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
