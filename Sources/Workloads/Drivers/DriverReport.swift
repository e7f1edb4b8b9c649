public import PerfMonitor

/// What one run of a load driver measured.
///
/// Counts follow one request's life: the schedule *offered* it, the driver *sent* it (or left it
/// *unsent* when the run's deadline passed), the target *completed* it with success or a failure
/// kind, or it was still in flight when the drain timed out. Latency in open-loop runs is
/// measured from each request's intended send instant (no coordinated omission).
public struct DriverReport: Sendable, Equatable {
    /// Which kind of driver produced a report.
    public enum Mode: String, Sendable, Hashable {
        /// Requests were sent on a schedule, whatever the target was doing.
        case openLoop = "open-loop"
        /// Connections sent one request at a time, each waiting for the last.
        case closedLoop = "closed-loop"
    }

    /// Which kind of driver produced the report.
    public var mode: Mode
    /// The requests the schedule offered (open loop), or that connections started (closed loop).
    public var offered: Int
    /// The requests handed to the target.
    public var sent: Int
    /// The requests whose completion arrived before the drain ended.
    public var completed: Int
    /// The completed requests that succeeded.
    public var succeeded: Int
    /// Failures by kind: the kinds the target reported, and `connection_refused` for every
    /// session a closed-loop driver could not open.
    public var failuresByKind: [String: Int]
    /// Offered arrivals that were never sent, because the run's deadline passed or it was stopped.
    public var unsent: Int
    /// Sent requests still without a completion when the drain timed out.
    public var timedOutInFlight: Int
    /// Latency of completed requests: from the intended send instant (open loop) or the actual
    /// send (closed loop) to the completion.
    public var latency: HistogramSnapshot
    /// Schedule lag of sent requests (actual send − intended send); empty for closed-loop runs.
    public var scheduleLag: HistogramSnapshot
    /// From the start of the run to the end of the drain.
    public var elapsed: Duration
    /// Sessions opened (closed loop).
    public var sessionsOpened: Int
    /// Sessions the target refused (closed loop); also counted as `connection_refused` failures.
    public var sessionsRefused: Int
    /// Sessions that streamed all their messages before closing (closed loop).
    public var sessionsCompleted: Int
    /// Whether the driver held its schedule, and why not.
    public var validity: RunValidity
    /// Requests and failures per named operation, in the order of the run's ``OperationMix``;
    /// empty when the run had none.
    public var operations: [OperationCounts]

    /// How many requests of one named operation a run sent, completed and saw succeed.
    public struct OperationCounts: Sendable, Hashable {
        /// The operation's name.
        public var name: String
        /// The requests of this operation handed to the target.
        public var sent: Int
        /// Those whose completion arrived before the drain ended.
        public var completed: Int
        /// The completed ones that succeeded.
        public var succeeded: Int

        /// Creates the counts of one operation.
        ///
        /// - Parameters:
        ///   - name: The operation's name.
        ///   - sent: The requests handed to the target.
        ///   - completed: Those whose completion arrived.
        ///   - succeeded: The completed ones that succeeded.
        public init(name: String, sent: Int, completed: Int, succeeded: Int) {
            self.name = name
            self.sent = sent
            self.completed = completed
            self.succeeded = succeeded
        }

        /// Completed requests of this operation that failed.
        public var failed: Int { completed - succeeded }
    }

    /// Creates a report; drivers make these, and tests make them to feed a ``CapacitySearch``.
    public init(
        mode: Mode = .openLoop,
        offered: Int,
        sent: Int,
        completed: Int,
        succeeded: Int,
        failuresByKind: [String: Int] = [:],
        unsent: Int = 0,
        timedOutInFlight: Int = 0,
        latency: HistogramSnapshot,
        scheduleLag: HistogramSnapshot = HistogramSnapshot(),
        elapsed: Duration,
        sessionsOpened: Int = 0,
        sessionsRefused: Int = 0,
        sessionsCompleted: Int = 0,
        validity: RunValidity = .valid,
        operations: [OperationCounts] = []
    ) {
        self.mode = mode
        self.offered = offered
        self.sent = sent
        self.completed = completed
        self.succeeded = succeeded
        self.failuresByKind = failuresByKind
        self.unsent = unsent
        self.timedOutInFlight = timedOutInFlight
        self.latency = latency
        self.scheduleLag = scheduleLag
        self.elapsed = elapsed
        self.sessionsOpened = sessionsOpened
        self.sessionsRefused = sessionsRefused
        self.sessionsCompleted = sessionsCompleted
        self.validity = validity
        self.operations = operations
    }

    /// Whether the driver held its schedule.
    public var isValid: Bool { validity.isValid }

    /// Completed requests that failed.
    public var failed: Int { completed - succeeded }

    /// Completed requests per second of ``elapsed``.
    public var achievedRate: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(completed) / seconds : 0
    }

    /// Succeeded requests over every attempt: sent requests plus refused sessions. Requests that
    /// timed out in flight count as not succeeded; 0 when nothing was attempted.
    public var successRate: Double {
        let attempts = sent + sessionsRefused
        return attempts > 0 ? Double(succeeded) / Double(attempts) : 0
    }

    /// `1 - successRate` when anything was attempted, else 0.
    public var errorRate: Double {
        sent + sessionsRefused > 0 ? 1 - successRate : 0
    }
}
