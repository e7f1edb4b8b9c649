import PerfMonitor

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits on the calling OS thread until an instant, sleeping coarsely then spinning.
///
/// `nanosleep` alone wakes tens of microseconds late (timer slack and scheduling), so the wait
/// sleeps until `spinWindow` before the instant and spins on the clock for the rest. Long sleeps
/// are cut into slices so a stop request is noticed within a few milliseconds.
enum PreciseWait {
    private static let longestSlice: Duration = .milliseconds(5)

    /// Returns at or just after `deadline`, or earlier when `shouldStop` becomes true while asleep.
    ///
    /// - Parameters:
    ///   - deadline: The instant to wait for.
    ///   - spinWindow: How long before `deadline` to stop sleeping and start spinning.
    ///   - shouldStop: Checked between sleep slices.
    /// - Returns: The clock reading at return.
    @inline(__always)
    static func until(
        _ deadline: ContinuousClock.Instant,
        spinWindow: Duration,
        shouldStop: () -> Bool
    ) -> ContinuousClock.Instant {
        var now = ContinuousClock.now
        while now < deadline {
            let remaining = now.duration(to: deadline)
            if remaining > spinWindow {
                sleep(for: min(remaining - spinWindow, longestSlice))
                now = ContinuousClock.now
                if shouldStop() { return now }
            } else {
                repeat { now = ContinuousClock.now } while now < deadline
            }
        }
        return now
    }

    /// Blocks the calling thread for about `duration`, in slices, returning early when
    /// `shouldStop` becomes true.
    static func sleep(for duration: Duration, shouldStop: () -> Bool) {
        let end = ContinuousClock.now.advanced(by: duration)
        var now = ContinuousClock.now
        while now < end, !shouldStop() {
            sleep(for: min(now.duration(to: end), longestSlice))
            now = ContinuousClock.now
        }
    }

    /// Blocks the calling thread for about `duration`.
    static func sleep(for duration: Duration) {
        let nanoseconds = max(0, duration.inNanoseconds)
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}

extension Duration {
    /// The duration in nanoseconds, saturating at the ends of `Int64`.
    var inNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in seconds for messages, such as `30.0 s` or `0.25 s`.
    var formattedSeconds: String {
        let seconds = self.seconds
        if seconds == seconds.rounded() { return "\(Int64(seconds)) s" }
        return "\((seconds * 1000).rounded() / 1000) s"
    }
}

extension Double {
    /// A rate for messages: whole numbers without a decimal point, others to 0.01.
    var formattedRate: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String((self * 100).rounded() / 100)
    }
}
