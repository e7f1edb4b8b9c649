import PerfMonitor
import Testing

@testable import StreamService

@Suite struct StreamingServiceFaultTests {
    @Test func aStallShowsInTheLatencyMeasuredFromTheIntendedStart() async throws {
        let monitor = makeServiceMonitor()
        let faults = FaultInjection(stall: FaultInjection.Stall(start: .milliseconds(200), length: .milliseconds(300)))
        let service = StreamingService(configuration: makeConfig(), monitor: monitor, costModel: .free, faults: faults)
        let log = CompletionLog()
        service.start()
        let start = ContinuousClock.now
        for sequence in 0..<80 as Range<UInt64> {
            let intended = start.advanced(by: .milliseconds(10) * Int(sequence))
            try await Task.sleep(until: intended, clock: .continuous)
            service.submit(sequence: sequence, intendedStart: intended, log: log)
        }
        #expect(await eventually { log.count == 80 })
        #expect(log.successes == 80)
        let latency = monitor.latencySnapshot()
        #expect(latency.max >= .milliseconds(250))
        #expect(latency.percentile(0.99) >= .milliseconds(250))
        service.shutdown(drainTimeout: .seconds(1))
    }

    @Test func injectedErrorsFailTheFractionTheSeedChooses() async {
        func run(seed: UInt64) async -> (failed: Set<UInt64>, monitorCount: UInt64?) {
            let monitor = makeServiceMonitor()
            let config = makeConfig { config in
                config.workerPool.workerQueueCapacity = 2000
                config.backpressure.backpressureThreshold = 1
            }
            let service = StreamingService(
                configuration: config,
                monitor: monitor,
                costModel: .free,
                faults: FaultInjection(errorRate: 0.1),
                seed: seed
            )
            let log = CompletionLog()
            for sequence in 0..<2000 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
            service.start()
            _ = await eventually { log.count == 2000 }
            service.shutdown(drainTimeout: .seconds(5))
            #expect(log.count == 2000)
            return (log.sequences(failedWith: .injected), monitor.currentMetrics().errorsByKind["injected"])
        }
        let first = await run(seed: 42)
        let again = await run(seed: 42)
        let other = await run(seed: 43)
        #expect(first.failed.count > 140 && first.failed.count < 260)
        #expect(first.monitorCount == UInt64(first.failed.count))
        #expect(first.failed == again.failed)
        #expect(first.failed != other.failed)
        let chosen = Set(
            (0..<2000 as Range<UInt64>).filter {
                MessageDraw.unit(seed: 42, sequence: $0, purpose: .injectedError) < 0.1
            }
        )
        #expect(first.failed == chosen)
    }

    @Test(arguments: [0.0, 1.0])
    func errorRatesAtTheEndsFailNoneOrAll(rate: Double) async {
        let service = StreamingService(
            configuration: makeConfig(),
            monitor: makeServiceMonitor(),
            costModel: .free,
            faults: FaultInjection(errorRate: rate)
        )
        let log = CompletionLog()
        for sequence in 0..<50 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        service.start()
        #expect(await eventually { log.count == 50 })
        #expect(log.count(of: .injected) == Int(rate * 50))
        service.shutdown(drainTimeout: .seconds(1))
    }

    @Test func aSlowdownAddsItsShareOfTheWork() {
        let service = StreamingService(
            configuration: makeConfig(),
            monitor: makeServiceMonitor(),
            faults: FaultInjection(slowdownPercent: 50)
        )
        // Same work, so the same digest, with and without the slowdown's extra passes; only its cost differs.
        // The digest differs because the extra work feeds into it: the slowdown cannot be optimized away.
        let message = ServiceMessage(sequence: 0, key: 3, payloadSize: 512, intendedStart: .now)
        var buffer = [UInt8](repeating: 0, count: 512)
        let core = ServiceCore(
            configuration: makeConfig(),
            monitor: makeServiceMonitor(),
            costModel: .default,
            faults: .none,
            seed: 1
        )
        let slowed = ServiceCore(
            configuration: makeConfig(),
            monitor: makeServiceMonitor(),
            costModel: .default,
            faults: service.faults,
            seed: 1
        )
        let normal = core.work(on: message, buffer: &buffer, cachedResponse: [1, 2, 3])
        let slower = slowed.work(on: message, buffer: &buffer, cachedResponse: [1, 2, 3])
        #expect(normal.digest != slower.digest)
        #expect(normal.newResponse == nil)
        #expect(core.work(on: message, buffer: &buffer, cachedResponse: nil).newResponse?.count == 512)
        service.shutdown(drainTimeout: .zero)
    }
}
