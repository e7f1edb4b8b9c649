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

    @Test func aSlowdownAddsWorkThatFeedsTheDigest() {
        // The extra passes feed the digest, so the compiler cannot drop them; without them the digest is unchanged.
        func digest(slowdownPercent: Double, cachedResponse: [UInt8]?) -> (UInt64, [UInt8]?) {
            let core = ServiceCore(
                configuration: makeConfig(),
                monitor: makeServiceMonitor(),
                costModel: .default,
                faults: FaultInjection(slowdownPercent: slowdownPercent),
                seed: 1
            )
            var buffer = [UInt8](repeating: 0, count: 512)
            let message = ServiceMessage(sequence: 0, key: 3, payloadSize: 512, intendedStart: .now)
            let result = core.work(
                on: message,
                buffer: &buffer,
                cachedResponse: cachedResponse,
                slowdown: core.slowdownFraction(at: .now)
            )
            return (result.digest, result.newResponse)
        }
        let normal = digest(slowdownPercent: 0, cachedResponse: [1, 2, 3])
        #expect(normal.0 == digest(slowdownPercent: -5, cachedResponse: [1, 2, 3]).0)
        #expect(normal.0 != digest(slowdownPercent: 50, cachedResponse: [1, 2, 3]).0)
        #expect(normal.1 == nil)
        #expect(digest(slowdownPercent: 0, cachedResponse: nil).1?.count == ServiceCostModel.default.responseBytes)
    }

    @Test func aSlowdownWindowAppliesOnlyInsideIt() {
        let window = FaultInjection(slowdownPercent: 50, slowdownStart: .seconds(5), slowdownLength: .seconds(10))
        #expect(window.hasSlowdownWindow)
        #expect(window.slowdownFraction(at: .seconds(4)) == 0)
        #expect(window.slowdownFraction(at: .seconds(5)) == 0.5)
        #expect(window.slowdownFraction(at: .milliseconds(14_999)) == 0.5)
        #expect(window.slowdownFraction(at: .seconds(15)) == 0)
        let openEnded = FaultInjection(slowdownPercent: 50, slowdownStart: .seconds(5))
        #expect(openEnded.slowdownFraction(at: .seconds(4)) == 0)
        #expect(openEnded.slowdownFraction(at: .seconds(100_000)) == 0.5)
        let whole = FaultInjection(slowdownPercent: 50)
        #expect(!whole.hasSlowdownWindow)
        #expect(whole.slowdownFraction(at: .zero) == 0.5)
    }

    @Test func aWindowedSlowdownIsOffBeforeTheServiceStartsAndOnInsideItsWindow() {
        let core = ServiceCore(
            configuration: makeConfig(),
            monitor: makeServiceMonitor(),
            costModel: .free,
            faults: FaultInjection(slowdownPercent: 300, slowdownStart: .zero, slowdownLength: .seconds(3600)),
            seed: 1
        )
        #expect(core.slowdownFraction(at: .now) == 0)
        core.start()
        #expect(core.slowdownFraction(at: .now) == 3)
        core.shutdown(drainTimeout: .seconds(1))
    }

    @Test func outOfRangeFaultsAreClamped() {
        #expect(FaultInjection(slowdownPercent: -10).slowdownFraction == 0)
        #expect(FaultInjection(slowdownPercent: .nan).slowdownFraction == 0)
        #expect(FaultInjection(slowdownPercent: 20).slowdownFraction == 0.2)
        #expect(FaultInjection(errorRate: 2).clampedErrorRate == 1)
        #expect(FaultInjection(errorRate: -1).clampedErrorRate == 0)
        #expect(FaultInjection(errorRate: .nan).clampedErrorRate == 0)
    }
}
