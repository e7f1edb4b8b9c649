// `PerfMonitorTestKit` holds what a test needs to check code instrumented with `PerfMonitor`.
//
// Add `.product(name: "PerfMonitorTestKit", package: "perfgate")` to a test target (or a
// benchmark), not to the code you ship: like swift-metrics' `MetricsTestKit`, it exists for tests.
//
// - `ManualMonitorClock` moves only when the test advances it, so every figure is deterministic;
//   set it as `MonitoringConfiguration.clock` and call `StreamPerformanceMonitor.tick()` by hand.
// - `CollectingSink` keeps the monitor's periodic reports and anomaly events in memory; set it as
//   `MonitoringConfiguration.eventSink` and read `events`.
// - `PrometheusExpositionValidator` checks a `/metrics` text for the structural faults
//   `promtool check metrics` does not catch.
//
// Like `PerfMonitor`, it is free of Foundation.

public import PerfMonitor
import Synchronization

/// A clock that moves only when told to, for deterministic tests.
public final class ManualMonitorClock: MonitorClock {
    private let current: Mutex<MonitorInstant>

    /// Creates a clock at `start`.
    ///
    /// - Parameter secondsSinceEpoch: The wall time the clock starts at (default 2026-01-01T00:00:00Z).
    public init(secondsSinceEpoch: Double = 1_767_225_600) {
        current = Mutex(MonitorInstant(monotonic: .zero, secondsSinceEpoch: secondsSinceEpoch))
    }

    public func now() -> MonitorInstant { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }
}

/// Keeps events in memory; for tests and for serving recent events.
public final class CollectingSink: MonitorEventSink {
    private let storage = Mutex<[MonitorEvent]>([])
    /// The most events kept; older ones are dropped.
    public let capacity: Int

    /// Creates a sink keeping at most `capacity` events.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    public func emit(_ event: MonitorEvent) {
        storage.withLock { events in
            events.append(event)
            if events.count > capacity { events.removeFirst(events.count - capacity) }
        }
    }

    /// The events kept, oldest first.
    public var events: [MonitorEvent] { storage.withLock { $0 } }
}
