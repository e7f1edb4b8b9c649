import PerfMonitor
import Synchronization

extension ServiceCore {
    /// What ``openConnection(id:)`` decided.
    private enum Opening {
        case opened
        case alreadyOpen
        case refused
    }

    /// Opens a connection unless the limit is reached or the service is shutting down; see
    /// ``StreamingService/openConnection(id:)``.
    func openConnection(id: UInt64) -> Bool {
        sessionReports.withLock { _ in
            let opening = mutex.withLock { () -> Opening in
                guard state.phase.isAccepting else { return .refused }
                if state.connections[id] != nil { return .alreadyOpen }
                guard state.connections.count < configuration.backpressure.maxConcurrentConnections else {
                    return .refused
                }
                state.connections[id] = ConnectionRecord(openedAt: .now)
                return .opened
            }
            switch opening {
            case .opened:
                ServiceCounters.bump(counters.connectionsOpened)
                if isReporting { monitor.sessionStarted(connectionID: String(id)) }
                return true
            case .alreadyOpen:
                return true
            case .refused:
                ServiceCounters.bump(counters.connectionsRefused)
                if isReporting { monitor.recordError(kind: ServiceFailureKind.connectionRefused.rawValue) }
                return false
            }
        }
    }

    /// Closes a connection, reporting its last activity and the end of its session; unknown IDs are ignored.
    func closeConnection(id: UInt64) {
        sessionReports.withLock { _ in
            guard let record = mutex.withLock({ state.connections.removeValue(forKey: id) }) else { return }
            ServiceCounters.bump(counters.connectionsClosed)
            reportEnd(ofConnection: id, record)
        }
    }

    /// Notes a message on an open connection. Call with `mutex` held.
    func noteActivity(onConnection id: UInt64, bytes: Int, at now: ContinuousClock.Instant) {
        guard var record = state.connections[id] else { return }
        if record.unreportedMessages == 0 { state.connectionsWithActivity.append(id) }
        record.lastActivity = now
        record.unreportedMessages += 1
        record.unreportedBytes += bytes
        state.connections[id] = record
    }

    /// Ends the sessions idle for the stream timeout or longer.
    ///
    /// - Complexity: O(open connections), under the queue lock.
    func endIdleConnections(at now: ContinuousClock.Instant) {
        let timeout = configuration.streams.streamTimeout
        sessionReports.withLock { _ in
            let ended = mutex.withLock { () -> [(UInt64, ConnectionRecord)] in
                let idle = state.connections.filter { $0.value.lastActivity.advanced(by: timeout) <= now }
                for id in idle.keys { state.connections[id] = nil }
                return idle.map { ($0.key, $0.value) }
            }
            for (id, record) in ended {
                ServiceCounters.bump(counters.connectionsExpired)
                reportEnd(ofConnection: id, record)
            }
        }
    }

    /// Closes every open connection (at shutdown).
    ///
    /// - Complexity: O(open connections).
    func closeAllConnections() {
        sessionReports.withLock { _ in
            let closed = mutex.withLock { () -> [UInt64: ConnectionRecord] in
                let all = state.connections
                state.connections.removeAll()
                state.connectionsWithActivity.removeAll()
                return all
            }
            for (id, record) in closed {
                ServiceCounters.bump(counters.connectionsClosed)
                reportEnd(ofConnection: id, record)
            }
        }
    }

    /// Reports the activity of the connections that received messages since the last report.
    ///
    /// - Complexity: O(connections with activity).
    func reportSessionActivity() {
        sessionReports.withLock { _ in
            let activity = mutex.withLock { () -> [(id: UInt64, messages: Int, bytes: Int)] in
                var activity: [(id: UInt64, messages: Int, bytes: Int)] = []
                for id in state.connectionsWithActivity {
                    guard var record = state.connections[id], record.unreportedMessages > 0 else { continue }
                    activity.append((id, record.unreportedMessages, record.unreportedBytes))
                    record.unreportedMessages = 0
                    record.unreportedBytes = 0
                    state.connections[id] = record
                }
                state.connectionsWithActivity.removeAll(keepingCapacity: true)
                return activity
            }
            guard isReporting else { return }
            for entry in activity {
                monitor.recordSessionActivity(
                    connectionID: String(entry.id),
                    messages: entry.messages,
                    bytes: entry.bytes
                )
            }
        }
    }

    /// Reports a removed connection's unreported activity and the end of its session. Call with `sessionReports`
    /// held and `mutex` not held.
    private func reportEnd(ofConnection id: UInt64, _ record: ConnectionRecord) {
        guard isReporting else { return }
        let connectionID = String(id)
        if record.unreportedMessages > 0 {
            monitor.recordSessionActivity(
                connectionID: connectionID,
                messages: record.unreportedMessages,
                bytes: record.unreportedBytes
            )
        }
        monitor.sessionEnded(connectionID: connectionID)
    }
}
