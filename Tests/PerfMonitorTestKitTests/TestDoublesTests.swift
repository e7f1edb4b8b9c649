import PerfMonitor
import PerfMonitorTestKit
import Testing

@Suite struct TestDoublesTests {
    @Test func aManualClockMovesOnlyWhenAdvanced() {
        let clock = ManualMonitorClock(secondsSinceEpoch: 100)
        #expect(clock.now() == MonitorInstant(monotonic: .zero, secondsSinceEpoch: 100))
        #expect(clock.now() == clock.now())
        clock.advance(by: .milliseconds(1_500))
        #expect(clock.now() == MonitorInstant(monotonic: .milliseconds(1_500), secondsSinceEpoch: 101.5))
    }

    @Test func aCollectingSinkKeepsTheNewestEventsUpToItsCapacity() {
        let clock = ManualMonitorClock()
        let sink = CollectingSink(capacity: 3)
        var configuration = MonitoringConfiguration()
        configuration.clock = clock
        configuration.eventSink = sink
        configuration.samplesProcessResources = false
        let monitor = StreamPerformanceMonitor(configuration: configuration)
        for _ in 0..<5 {
            clock.advance(by: .seconds(1))
            monitor.tick()
        }
        let times = sink.events.compactMap { event -> Duration? in
            if case .report(let report) = event { return report.at.monotonic }
            return nil
        }
        #expect(sink.capacity == 3)
        #expect(times == [.seconds(3), .seconds(4), .seconds(5)])
        #expect(CollectingSink(capacity: 0).capacity == 1)
    }
}
