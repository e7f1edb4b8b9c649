import PerfMonitor
import Testing

@testable import StreamService

@Suite struct StreamingServiceAdmissionTests {
    /// A queue of 10 with threshold 0.5: 5 messages enter the queue, 5 wait for admission, the 11th is rejected.
    private func smallQueueConfig(window: Duration = .seconds(30)) -> OptimizationConfig {
        makeConfig { config in
            config.workerPool.workerCount = 1
            config.workerPool.workerQueueCapacity = 10
            config.batching.batchSize = 1
            config.backpressure.backpressureThreshold = 0.5
            config.backpressure.backpressureWindow = window
        }
    }

    @Test func parksMessagesAtTheThresholdAndRejectsWhenTheAdmissionListIsFull() async {
        let monitor = makeServiceMonitor()
        let service = StreamingService(configuration: smallQueueConfig(), monitor: monitor, costModel: .free)
        let log = CompletionLog()
        for sequence in 0..<11 as Range<UInt64> { service.submit(sequence: sequence, log: log) }

        // The rejection is immediate and inline: the caller was never blocked.
        #expect(log.all == [10: [.failure(.overloaded)]])
        let statistics = service.statistics
        #expect(statistics.queueDepth == 10)
        #expect(statistics.waitedForAdmission == 5)
        #expect(statistics.backpressureEvents == 1)
        #expect(statistics.failures(of: .overloaded) == 1)
        let metrics = monitor.currentMetrics()
        #expect(metrics.backpressureEvents == 1)
        #expect(metrics.errorsByKind == ["overloaded": 1])
        #expect(metrics.totalRequests == 1)

        service.start()
        #expect(await eventually { log.count == 11 })
        #expect(log.successes == 10)
        #expect(service.statistics.admittedAfterWaiting == 5)
        #expect(service.statistics.backpressureEvents == 1)
        #expect(monitor.currentMetrics().totalRequests == 11)
        service.shutdown(drainTimeout: .seconds(5))
    }

    @Test func aWaitingMessageIsRejectedWhenItsWindowEndsWhileWorkersAreStalled() async {
        let monitor = makeServiceMonitor()
        let service = StreamingService(
            configuration: smallQueueConfig(window: .milliseconds(100)),
            monitor: monitor,
            costModel: .free,
            faults: FaultInjection(stall: FaultInjection.Stall(start: .zero, length: .seconds(120)))
        )
        let log = CompletionLog()
        service.start()
        service.submit(sequence: 0, log: log)
        // The only worker takes the first message, then the stall holds it.
        #expect(await eventually { service.statistics.queueDepth == 0 })
        for sequence in 1...11 as ClosedRange<UInt64> { service.submit(sequence: sequence, log: log) }
        #expect(log.sequences(failedWith: .overloaded) == [11])

        // No further submission: the housekeeper rejects the five waiting messages when their window ends.
        #expect(await eventually { log.count(of: .overloaded) == 6 })
        #expect(log.sequences(failedWith: .overloaded) == Set(6...11))
        #expect(service.statistics.queueDepth == 5)
        #expect(monitor.currentMetrics().errorsByKind["overloaded"] == 6)

        service.shutdown(drainTimeout: .zero)
        #expect(log.count == 12)
        #expect(log.sequences(failedWith: .shutdown) == Set(0...5))
        #expect(log.all.values.allSatisfy { $0.count == 1 })
    }

    @Test func aMessageWaitingLongerThanTheWorkerTimeoutFailsWithoutBeingProcessed() async {
        let monitor = makeServiceMonitor()
        let config = makeConfig { config in
            config.workerPool.workerCount = 1
            config.workerPool.workerTimeout = .milliseconds(100)
            config.batching.batchSize = 1
        }
        var cost = ServiceCostModel.free
        cost.backendLatency = .constant(.milliseconds(400))
        let service = StreamingService(configuration: config, monitor: monitor, costModel: cost)
        let log = CompletionLog()
        for sequence in 0..<3 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        service.start()
        #expect(await eventually { log.count == 3 })

        // Each processed message holds the only worker for 400 ms, far past the 100 ms timeout of the others.
        let timeouts = log.count(of: .timeout)
        #expect(timeouts >= 2)
        #expect(timeouts + log.successes == 3)
        #expect(log.all[2] == [.failure(.timeout)])
        let statistics = service.statistics
        #expect(statistics.failures(of: .timeout) == UInt64(timeouts))
        #expect(statistics.cacheMisses == UInt64(log.successes))
        #expect(monitor.currentMetrics().errorsByKind["timeout"] == UInt64(timeouts))
        service.shutdown(drainTimeout: .seconds(1))
    }

    @Test func latencyIsMeasuredFromTheIntendedStart() async {
        let monitor = makeServiceMonitor()
        let service = StreamingService(configuration: makeConfig(), monitor: monitor, costModel: .free)
        service.start()
        let log = CompletionLog()
        service.submit(sequence: 0, intendedStart: ContinuousClock.now.advanced(by: .seconds(-2)), log: log)
        #expect(await eventually { log.count == 1 })
        #expect(monitor.latencySnapshot().max >= .seconds(2))
        #expect(monitor.latencySnapshot().count == 1)
        service.shutdown(drainTimeout: .seconds(1))
    }

    @Test func fullBatchesAreTakenAtOnceAndPartialOnesAfterTheBatchTimeout() async {
        let monitor = makeServiceMonitor()
        let config = makeConfig { config in
            config.batching.batchSize = 10
            config.batching.batchTimeout = .milliseconds(50)
            config.batching.maxBatchWait = .seconds(1)
        }
        let service = StreamingService(configuration: config, monitor: monitor, costModel: .free)
        let log = CompletionLog()
        for sequence in 0..<10 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        service.start()
        #expect(await eventually { log.count == 10 })
        #expect(service.statistics.batches == 1)

        for sequence in 10..<13 as Range<UInt64> { service.submit(sequence: sequence, log: log) }
        #expect(await eventually { log.count == 13 })
        let statistics = service.statistics
        #expect(statistics.batches == 2)
        #expect(statistics.batchedMessages == 13)
        let metrics = monitor.currentMetrics()
        #expect(metrics.batches == 2)
        #expect(metrics.meanBatchSize == 6.5)
        #expect(monitor.debugSnapshot().batchDurations.count == 2)
        service.shutdown(drainTimeout: .seconds(1))
    }
}
