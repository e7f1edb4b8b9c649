import PerfMonitor
import Testing

@testable import StreamService

@Suite struct StreamingServiceLifecycleTests {
    @Test func shutdownCompletesEveryPendingMessageExactlyOnce() async {
        let monitor = makeServiceMonitor()
        let config = makeConfig { config in
            config.workerPool.workerQueueCapacity = 1000
            config.backpressure.backpressureThreshold = 1
        }
        var cost = ServiceCostModel.free
        cost.backendLatency = .constant(.milliseconds(5))
        let service = StreamingService(configuration: config, monitor: monitor, costModel: cost)
        let log = CompletionLog()
        service.start()
        for sequence in 0..<500 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        // 500 misses of 5 ms on two workers take over a second; the drain stops after 50 ms.
        service.shutdown(drainTimeout: .milliseconds(50))
        #expect(log.count == 500)
        #expect(log.all.count == 500)
        #expect(log.all.values.allSatisfy { $0.count == 1 })
        #expect(log.count(of: .shutdown) > 0)
        #expect(log.successes + log.count(of: .shutdown) == 500)
        let statistics = service.statistics
        #expect(statistics.completed == 500)
        #expect(statistics.inFlight == 0)
        #expect(statistics.queueDepth == 0)
        #expect(statistics.workerThreads == 0)
        #expect(monitor.latencySnapshot().count == 500)

        service.submit(sequence: 500, log: log)
        #expect(log.all[500] == [.failure(.shutdown)])
        service.shutdown(drainTimeout: .seconds(1))
        #expect(log.count == 501)
    }

    @Test func shutdownOfAServiceNeverStartedFailsItsQueue() {
        let service = StreamingService(configuration: makeConfig(), monitor: makeServiceMonitor(), costModel: .free)
        let log = CompletionLog()
        for sequence in 0..<5 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        #expect(log.count == 0)
        service.shutdown(drainTimeout: .seconds(10))
        #expect(log.sequences(failedWith: .shutdown) == Set(0..<5))
        service.start()
        #expect(service.statistics.workerThreads == 0)
    }

    @Test func droppingTheServiceShutsItDown() async {
        let log = CompletionLog()
        do {
            let service = StreamingService(
                configuration: makeConfig(),
                monitor: makeServiceMonitor(),
                costModel: .free,
                faults: FaultInjection(stall: FaultInjection.Stall(start: .zero, length: .seconds(60)))
            )
            service.start()
            for sequence in 0..<3 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        }
        #expect(log.sequences(failedWith: .shutdown) == Set(0..<3))
    }

    @Test func aCompletionMayShutTheServiceDown() async {
        let service = StreamingService(configuration: makeConfig(), monitor: makeServiceMonitor(), costModel: .free)
        let log = CompletionLog()
        service.start()
        service.submit(ServiceMessage(sequence: 0, key: 0, payloadSize: 10, intendedStart: .now)) { outcome in
            service.shutdown(drainTimeout: .seconds(1))
            log.handler(for: 0)(outcome)
        }
        #expect(await eventually { log.count == 1 })
        service.shutdown(drainTimeout: .seconds(1))
        #expect(log.successes == 1)
    }

    @Test(arguments: OptimizationConfig.presetNames)
    func everyPresetProcessesMessagesAndReportsThem(preset: String) async throws {
        let monitor = makeServiceMonitor()
        let config = try OptimizationConfig.preset(named: preset, cores: 2).validated()
        let service = StreamingService(configuration: config, monitor: monitor)
        service.start()
        let log = CompletionLog()
        for sequence in 0..<20 as Range<UInt64> {
            service.submit(sequence: sequence, key: sequence % 4, payloadSize: 1024, log: log)
        }
        #expect(await eventually { log.count == 20 })
        // Shutdown joins the workers, so every batch has been reported when it returns.
        service.shutdown(drainTimeout: .seconds(5))
        #expect(log.successes == 20)
        let metrics = monitor.currentMetrics()
        #expect(metrics.totalRequests == 20)
        #expect(metrics.cacheLookups == 20)
        #expect(metrics.batches >= 1)
        #expect(metrics.batches == service.statistics.batches)
        #expect(metrics.meanBatchSize <= Double(config.batching.batchSize))
        #expect(service.accountedMemoryBytes > 0)
        #expect(service.statistics.cacheEntries == 4)
        #expect(monitor.debugSnapshot().rejectedInputs == 0)
    }

    @Test func reportsUtilizationAndQueueDepthFromTheSampler() async {
        let monitor = makeServiceMonitor()
        var cost = ServiceCostModel.free
        // Far longer than the test waits: shutdown ends the wait, so a slow machine cannot see the
        // worker move on to the next message before the sampler has looked.
        cost.backendLatency = .constant(.seconds(600))
        let config = makeConfig { config in
            config.workerPool.workerCount = 1
            config.batching.batchSize = 1
        }
        let service = StreamingService(configuration: config, monitor: monitor, costModel: cost)
        let log = CompletionLog()
        for sequence in 0..<4 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        service.start()
        // The only worker waits on the backend: busy, with three messages queued behind it, until shutdown.
        let seen = await eventually(timeout: .seconds(120)) {
            let metrics = monitor.currentMetrics()
            return metrics.workerUtilization > 0.5 && metrics.queueDepth == 3
        }
        #expect(seen)
        service.shutdown(drainTimeout: .zero)
        #expect(monitor.currentMetrics().workerUtilization == 0)
        #expect(monitor.currentMetrics().queueDepth == 0)
        #expect(log.count == 4)
    }

    @Test func accountsForQueuedPayloadsCacheEntriesAndBuffers() async {
        let service = StreamingService(configuration: makeConfig(), monitor: makeServiceMonitor(), costModel: .free)
        #expect(service.accountedMemoryBytes == 0)
        let log = CompletionLog()
        for sequence in 0..<10 as Range<UInt64> { service.submit(sequence: sequence, payloadSize: 1024, log: log) }
        let queued = service.accountedMemoryBytes
        #expect(queued >= 10 * 1024)
        service.start()
        #expect(await eventually { log.count == 10 })
        // After shutdown every batch has stored its responses and returned its buffers; nothing is queued.
        service.shutdown(drainTimeout: .seconds(1))
        let statistics = service.statistics
        #expect(statistics.cacheEntries == 10)
        #expect(statistics.buffersCreated >= 1)
        let cacheBytes =
            statistics.cacheEntries * (ServiceCostModel.free.responseBytes + ServiceCore.cacheEntryOverhead)
        let bufferBytes = statistics.buffersCreated * 4096
        #expect(service.accountedMemoryBytes == cacheBytes + bufferBytes)
    }

    @Test func reportsNothingWhenMonitoringIsDisabled() async {
        let monitor = makeServiceMonitor()
        let config = makeConfig { $0.monitoring.monitoringEnabled = false }
        let service = StreamingService(configuration: config, monitor: monitor, costModel: .free)
        service.start()
        let log = CompletionLog()
        for sequence in 0..<5 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        #expect(await eventually { log.count == 5 })
        service.shutdown(drainTimeout: .seconds(1))
        #expect(service.statistics.succeeded == 5)
        #expect(monitor.currentMetrics().totalRequests == 0)
        #expect(monitor.currentMetrics().batches == 0)
    }

    @Test func detailedTracingRecordsQueueWaitAndProcessingTime() async {
        let config = makeConfig { $0.monitoring.detailedTracing = true }
        let service = StreamingService(configuration: config, monitor: makeServiceMonitor(), costModel: .free)
        service.start()
        let log = CompletionLog()
        for sequence in 0..<5 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        #expect(await eventually { log.count == 5 })
        service.shutdown(drainTimeout: .seconds(1))
        #expect(service.statistics.queueWait?.count == 5)
        #expect(service.statistics.processingTime?.count == 5)
        let untraced = StreamingService(configuration: makeConfig(), monitor: makeServiceMonitor(), costModel: .free)
        #expect(untraced.statistics.queueWait == nil)
    }
}
