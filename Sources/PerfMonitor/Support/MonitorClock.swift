#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment as the monitor sees it: a monotonic offset for arithmetic, and the wall time for logs.
public struct MonitorInstant: Sendable, Hashable, Comparable {
    /// Monotonic time since an arbitrary origin; only differences are meaningful.
    public var monotonic: Duration
    /// Wall-clock time, in seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Double

    /// Creates an instant.
    public init(monotonic: Duration, secondsSinceEpoch: Double) {
        self.monotonic = monotonic
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public static func < (lhs: MonitorInstant, rhs: MonitorInstant) -> Bool { lhs.monotonic < rhs.monotonic }

    /// This instant moved forward by `duration` on both clocks.
    public func advanced(by duration: Duration) -> MonitorInstant {
        MonitorInstant(monotonic: monotonic + duration, secondsSinceEpoch: secondsSinceEpoch + duration.seconds)
    }
}

/// Where the monitor reads the time; inject `ManualMonitorClock` from `PerfMonitorTestKit` in tests.
public protocol MonitorClock: Sendable {
    /// The current instant.
    func now() -> MonitorInstant
}

/// The real clocks: `CLOCK_MONOTONIC` and `CLOCK_REALTIME`.
public struct SystemMonitorClock: MonitorClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> MonitorInstant {
        var monotonic = timespec()
        var wall = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        clock_gettime(CLOCK_REALTIME, &wall)
        return MonitorInstant(
            monotonic: .seconds(monotonic.tv_sec) + .nanoseconds(monotonic.tv_nsec),
            secondsSinceEpoch: Double(wall.tv_sec) + Double(wall.tv_nsec) / 1e9
        )
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The duration in milliseconds, as a `Double`.
    public var milliseconds: Double { seconds * 1e3 }
}
