import Synchronization

/// What the monitor knows of one open stream session.
public struct SessionState: Sendable, Equatable {
    /// The connection the session runs on.
    public var connectionID: String
    /// When it started.
    public var startedAt: MonitorInstant
    /// When a message was last seen.
    public var lastActivity: MonitorInstant
    /// Messages seen so far.
    public var messageCount: UInt64
    /// Bytes processed so far.
    public var bytesProcessed: UInt64
}

/// Statistics of completed sessions.
public struct CompletedSessionStatistics: Sendable, Equatable {
    /// Sessions completed (ended, expired or recorded whole).
    public var count: UInt64 = 0
    /// Sessions that ended by idle expiry.
    public var expiredCount: UInt64 = 0
    /// Messages across completed sessions.
    public var totalMessages: UInt64 = 0
    /// Bytes across completed sessions.
    public var totalBytes: UInt64 = 0
    /// Summed session durations.
    public var totalDuration: Duration = .zero
    /// The longest session.
    public var longestDuration: Duration = .zero

    /// Mean messages per completed session.
    public var meanMessages: Double { count > 0 ? Double(totalMessages) / Double(count) : 0 }
    /// Mean session length.
    public var meanDuration: Duration { count > 0 ? totalDuration / Int(count) : .zero }
}

/// Tracks stream sessions: started and ended, per-session messages, bytes and last activity,
/// completed-session statistics, and idle expiry.
///
/// Session events are per connection, not per request, so one mutex is cheap enough here.
public final class SessionTracker: Sendable {
    private struct State {
        var active: [String: SessionState] = [:]
        var completed = CompletedSessionStatistics()
        var startedTotal: UInt64 = 0
        var rejected: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The most sessions tracked at once; starts beyond it are counted as rejected.
    public let capacity: Int

    /// Creates a tracker.
    ///
    /// - Parameter capacity: The most sessions tracked at once (bounds memory).
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    /// Notes that a session started; a second start of the same connection restarts it.
    public func start(connectionID: String, at instant: MonitorInstant) {
        state.withLock { state in
            if state.active[connectionID] == nil && state.active.count >= capacity {
                state.rejected &+= 1
                return
            }
            state.startedTotal &+= 1
            state.active[connectionID] = SessionState(
                connectionID: connectionID,
                startedAt: instant,
                lastActivity: instant,
                messageCount: 0,
                bytesProcessed: 0
            )
        }
    }

    /// Notes messages on an open session; unknown connections are ignored.
    public func noteActivity(connectionID: String, messages: UInt64, bytes: UInt64, at instant: MonitorInstant) {
        state.withLock { state in
            guard var session = state.active[connectionID] else { return }
            session.messageCount &+= messages
            session.bytesProcessed &+= bytes
            session.lastActivity = instant
            state.active[connectionID] = session
        }
    }

    /// Notes that a session ended; returns it, or nil if it was not open.
    @discardableResult
    public func end(connectionID: String, at instant: MonitorInstant) -> SessionState? {
        state.withLock { state in
            guard let session = state.active.removeValue(forKey: connectionID) else { return nil }
            Self.complete(
                session,
                duration: instant.monotonic - session.startedAt.monotonic,
                expired: false,
                in: &state.completed
            )
            return session
        }
    }

    /// Records a whole session at once (it need not have been started).
    public func recordCompleted(connectionID: String, messageCount: UInt64, duration: Duration, bytesProcessed: UInt64)
    {
        state.withLock { state in
            state.active.removeValue(forKey: connectionID)
            let session = SessionState(
                connectionID: connectionID,
                startedAt: MonitorInstant(monotonic: .zero, secondsSinceEpoch: 0),
                lastActivity: MonitorInstant(monotonic: .zero, secondsSinceEpoch: 0),
                messageCount: messageCount,
                bytesProcessed: bytesProcessed
            )
            Self.complete(session, duration: max(duration, .zero), expired: false, in: &state.completed)
        }
    }

    /// Ends every session idle for at least `timeout`; returns how many ended.
    ///
    /// - Complexity: O(active sessions).
    @discardableResult
    public func expireIdle(olderThan timeout: Duration, at instant: MonitorInstant) -> Int {
        state.withLock { state in
            let idle = state.active.values.filter { instant.monotonic - $0.lastActivity.monotonic >= timeout }
            for session in idle {
                state.active.removeValue(forKey: session.connectionID)
                Self.complete(
                    session,
                    duration: session.lastActivity.monotonic - session.startedAt.monotonic,
                    expired: true,
                    in: &state.completed
                )
            }
            return idle.count
        }
    }

    private static func complete(
        _ session: SessionState,
        duration: Duration,
        expired: Bool,
        in statistics: inout CompletedSessionStatistics
    ) {
        statistics.count &+= 1
        if expired { statistics.expiredCount &+= 1 }
        statistics.totalMessages &+= session.messageCount
        statistics.totalBytes &+= session.bytesProcessed
        statistics.totalDuration += duration
        statistics.longestDuration = max(statistics.longestDuration, duration)
    }

    /// The number of open sessions.
    public var activeCount: Int { state.withLock { $0.active.count } }

    /// Sessions started since the tracker was created.
    public var startedTotal: UInt64 { state.withLock { $0.startedTotal } }

    /// Starts refused because the tracker was full.
    public var rejectedCount: UInt64 { state.withLock { $0.rejected } }

    /// Statistics of completed sessions.
    public var completed: CompletedSessionStatistics { state.withLock { $0.completed } }

    /// A copy of every open session, ordered by connection ID.
    ///
    /// - Complexity: O(n log n).
    public var activeSessions: [SessionState] {
        state.withLock { Array($0.active.values) }.sorted { $0.connectionID < $1.connectionID }
    }
}
