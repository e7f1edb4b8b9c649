#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `CLOCK_MONOTONIC`, read and slept on directly: instants are durations since its epoch.
///
/// The fixture sleeps with `clock_nanosleep` to an absolute deadline on the same clock it read,
/// so a delay is not lengthened by the time spent computing it, and nothing is shared between
/// the connections' threads but one atomic (the first request's instant).
enum MonotonicClock {
    /// The current instant.
    static var now: Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// Sleeps the calling thread until `spin` before `instant`, then reads the clock until
    /// `instant` (returns at once when it has passed).
    ///
    /// - Parameters:
    ///   - instant: The deadline, on this clock.
    ///   - spin: How long before the deadline to stop sleeping and spin; zero sleeps all the way.
    static func wait(until instant: Duration, spinning spin: Duration) {
        guard spin > .zero else { return sleep(until: instant) }
        sleep(until: instant - spin)
        while now < instant {}
    }

    /// Sleeps the calling thread until `instant` (returns at once when it has passed).
    ///
    /// - Parameter instant: The deadline, on this clock.
    static func sleep(until instant: Duration) {
        let (seconds, attoseconds) = instant.components
        guard seconds >= 0 else { return }
        var deadline = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        #if canImport(Glibc)
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
        #else
        while now < instant {
            let left = (instant - now).components
            var interval = timespec(tv_sec: Int(left.seconds), tv_nsec: Int(left.attoseconds / 1_000_000_000))
            nanosleep(&interval, nil)
        }
        _ = deadline
        #endif
    }

    /// The instant as whole nanoseconds, for an atomic.
    static func nanoseconds(of instant: Duration) -> Int64 {
        let (seconds, attoseconds) = instant.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
