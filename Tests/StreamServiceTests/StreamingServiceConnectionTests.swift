import PerfMonitor
import Testing

@testable import StreamService

@Suite struct StreamingServiceConnectionTests {
    @Test func refusesConnectionsBeyondTheLimitAsConnectionRefused() {
        let monitor = makeServiceMonitor()
        let config = makeConfig { $0.backpressure.maxConcurrentConnections = 2 }
        let service = StreamingService(configuration: config, monitor: monitor, costModel: .free)
        #expect(service.openConnection(id: 1))
        #expect(service.openConnection(id: 2))
        #expect(service.openConnection(id: 2))
        #expect(!service.openConnection(id: 3))
        #expect(monitor.currentMetrics().errorsByKind == ["connection_refused": 1])
        #expect(monitor.currentMetrics().activeConnections == 2)

        let log = CompletionLog()
        service.submit(sequence: 0, connectionID: 3, log: log)
        #expect(log.all == [0: [.failure(.connectionRefused)]])
        #expect(monitor.currentMetrics().errorsByKind == ["connection_refused": 2])

        service.closeConnection(id: 1)
        #expect(service.openConnection(id: 3))
        let statistics = service.statistics
        #expect(statistics.connectionsOpened == 3)
        #expect(statistics.connectionsRefused == 1)
        #expect(statistics.connectionsClosed == 1)
        #expect(statistics.openConnections == 2)
        service.shutdown(drainTimeout: .zero)
        #expect(monitor.currentMetrics().activeConnections == 0)
        #expect(!service.openConnection(id: 9))
    }

    @Test func reportsSessionActivityAndEnd() async {
        let monitor = makeServiceMonitor()
        let service = StreamingService(configuration: makeConfig(), monitor: monitor, costModel: .free)
        service.start()
        #expect(service.openConnection(id: 7))
        let log = CompletionLog()
        for sequence in 0..<3 as Range<UInt64> {
            service.submit(sequence: sequence, connectionID: 7, payloadSize: 100, log: log)
        }
        #expect(await eventually { log.successes == 3 })
        service.closeConnection(id: 7)
        let sessions = monitor.debugSnapshot().completedSessions
        #expect(sessions.count == 1)
        #expect(sessions.totalMessages == 3)
        #expect(sessions.totalBytes == 300)
        service.shutdown(drainTimeout: .seconds(1))
    }

    @Test func endsSessionsIdleForTheStreamTimeout() async {
        let monitor = makeServiceMonitor()
        let config = makeConfig { $0.streams.streamTimeout = .milliseconds(100) }
        let service = StreamingService(configuration: config, monitor: monitor, costModel: .free)
        service.start()
        #expect(service.openConnection(id: 1))
        #expect(monitor.currentMetrics().activeConnections == 1)
        #expect(await eventually { service.statistics.connectionsExpired == 1 })
        #expect(monitor.currentMetrics().activeConnections == 0)
        #expect(monitor.debugSnapshot().completedSessions.count == 1)

        let log = CompletionLog()
        service.submit(sequence: 0, connectionID: 1, log: log)
        #expect(log.all == [0: [.failure(.connectionRefused)]])
        service.shutdown(drainTimeout: .seconds(1))
    }
}
