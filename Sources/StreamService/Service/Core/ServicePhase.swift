/// Where the service is in its life.
enum ServicePhase: Sendable, Equatable {
    /// Created: messages queue up, no worker runs yet.
    case created
    /// Started: workers process the queue.
    case running
    /// Shutting down: no new message or connection is accepted; workers finish the queue until `deadline`, then the
    /// rest fails with ``ServiceFailureKind/shutdown``.
    case draining(deadline: ContinuousClock.Instant)
    /// Shut down: every thread has ended or is ending, and nothing is left in the queue.
    case stopped

    /// Whether new messages and connections are accepted.
    var isAccepting: Bool {
        switch self {
        case .created, .running: true
        case .draining, .stopped: false
        }
    }
}
