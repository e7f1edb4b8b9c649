import PerfMonitor
import Testing

@testable import Workloads

@Suite(.serialized) struct ClosedLoopDriverTests {
    private func configuration(connections: Int, messages: Int, duration: Duration) -> ClosedLoopConfiguration {
        ClosedLoopConfiguration(
            connections: connections,
            messagesPerSession: messages,
            thinkTime: .milliseconds(1),
            duration: duration,
            reconnectDelay: .milliseconds(1),
            seed: 9
        )
    }

    @Test func sessionsOpenStreamAndCloseOneMessageAtATime() async throws {
        let target = SessionTarget()
        let driver = ClosedLoopDriver(configuration: configuration(connections: 4, messages: 5, duration: .seconds(30)))
        let run = Task { try await driver.run(against: target) }
        // Stop on the event the checks need (every connection opened a session, one session
        // streamed all five messages and closed), not after a fixed time a loaded machine may miss.
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while ContinuousClock.now < deadline,
            !target.state.withLock({ state in
                state.everOpened.count >= 4 && state.closed.contains { state.messages[$0] == 5 }
            })
        {
            try await Task.sleep(for: .milliseconds(5))
        }
        run.cancel()
        let report = try await run.value
        let state = target.state.withLock { $0 }

        #expect(report.mode == .closedLoop)
        #expect(report.sessionsOpened == state.everOpened.count)
        #expect(report.sessionsOpened >= 4)
        #expect(Set(state.closed) == Set(state.everOpened))
        #expect(state.closed.count == state.everOpened.count)
        #expect(state.open.isEmpty)
        #expect(Set(state.everOpened).count == state.everOpened.count, "session IDs are unique")
        #expect(state.overlaps == 0, "a session had two requests in flight")
        #expect(state.requestsWithoutOpenSession == 0)
        #expect(state.messages.values.allSatisfy { (1...5).contains($0) })
        // Stopped, not drained: a request each connection had in flight at the stop is counted as
        // such, so a session whose fifth message was in flight streamed five but did not complete.
        #expect(report.sessionsCompleted >= 1, "\(report)")
        #expect(report.sessionsCompleted <= state.messages.values.filter { $0 == 5 }.count)
        let messages = state.messages.values.reduce(0, +)
        #expect(report.sent == messages)
        #expect(report.timedOutInFlight <= 4, "at most one request per connection is in flight")
        #expect(report.completed + report.timedOutInFlight == messages)
        #expect(report.succeeded == report.completed)
        #expect(report.latency.count == UInt64(report.completed))
    }

    @Test func refusedSessionsAreCountedAsConnectionRefused() async throws {
        let target = SessionTarget(refuseEvery: 3)
        let report = try await ClosedLoopDriver(
            configuration: configuration(connections: 3, messages: 2, duration: .milliseconds(200))
        )
        .run(against: target)
        let state = target.state.withLock { $0 }
        #expect(state.refused > 0)
        #expect(report.sessionsRefused == state.refused)
        #expect(report.failuresByKind == [ClosedLoopDriver.connectionRefusedKind: state.refused])
        #expect(report.sessionsOpened == state.everOpened.count)
        #expect(report.successRate < 1)
        #expect(report.successRate == Double(report.succeeded) / Double(report.sent + state.refused))
    }

    @Test func sessionIdentifiersFollowTheDocumentedScheme() async throws {
        let target = SessionTarget()
        _ = try await ClosedLoopDriver(
            configuration: configuration(connections: 3, messages: 1, duration: .milliseconds(50))
        )
        .run(against: target)
        let opened = target.state.withLock { $0.everOpened }
        // Connection i's n-th session is n·3 + i + 1, so the first session of each connection
        // is 1, 2 or 3, and every identifier maps back to one connection.
        #expect(Set(opened).isSuperset(of: [1, 2, 3]))
    }

    @Test func invalidConfigurationIsRejected() async {
        await #expect(throws: WorkloadsError.self) {
            _ = try await ClosedLoopDriver(configuration: ClosedLoopConfiguration(connections: 0))
                .run(against: NoOpTarget())
        }
        await #expect(throws: WorkloadsError.self) {
            _ = try await ClosedLoopDriver(configuration: ClosedLoopConfiguration(messagesPerSession: 0))
                .run(against: NoOpTarget())
        }
    }
}
