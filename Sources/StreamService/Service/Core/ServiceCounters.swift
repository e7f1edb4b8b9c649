import Synchronization

/// The service's event counters: relaxed atomics, cheap enough to bump on every message.
final class ServiceCounters: Sendable {
    let submitted = Atomic<UInt64>(0)
    let succeeded = Atomic<UInt64>(0)
    let waitedForAdmission = Atomic<UInt64>(0)
    let admittedAfterWaiting = Atomic<UInt64>(0)
    let backpressureEvents = Atomic<UInt64>(0)
    let batches = Atomic<UInt64>(0)
    let batchedMessages = Atomic<UInt64>(0)
    let cacheHits = Atomic<UInt64>(0)
    let cacheMisses = Atomic<UInt64>(0)
    let connectionsOpened = Atomic<UInt64>(0)
    let connectionsRefused = Atomic<UInt64>(0)
    let connectionsClosed = Atomic<UInt64>(0)
    let connectionsExpired = Atomic<UInt64>(0)
    let workDigest = Atomic<UInt64>(0)
    private let overloaded = Atomic<UInt64>(0)
    private let timeout = Atomic<UInt64>(0)
    private let connectionRefused = Atomic<UInt64>(0)
    private let injected = Atomic<UInt64>(0)
    private let shutdown = Atomic<UInt64>(0)

    /// Adds `amount` to `counter`.
    @inline(__always)
    static func bump(_ counter: borrowing Atomic<UInt64>, by amount: UInt64 = 1) {
        counter.wrappingAdd(amount, ordering: .relaxed)
    }

    /// Counts one failure of `kind`.
    func countFailure(_ kind: ServiceFailureKind) {
        switch kind {
        case .overloaded: Self.bump(overloaded)
        case .timeout: Self.bump(timeout)
        case .connectionRefused: Self.bump(connectionRefused)
        case .injected: Self.bump(injected)
        case .shutdown: Self.bump(shutdown)
        }
    }

    /// The failures counted so far, by raw kind; kinds never counted are left out.
    var failureCounts: [String: UInt64] {
        var counts: [String: UInt64] = [:]
        for kind in ServiceFailureKind.allCases {
            let count = failureCount(kind)
            if count > 0 { counts[kind.rawValue] = count }
        }
        return counts
    }

    private func failureCount(_ kind: ServiceFailureKind) -> UInt64 {
        switch kind {
        case .overloaded: overloaded.load(ordering: .relaxed)
        case .timeout: timeout.load(ordering: .relaxed)
        case .connectionRefused: connectionRefused.load(ordering: .relaxed)
        case .injected: injected.load(ordering: .relaxed)
        case .shutdown: shutdown.load(ordering: .relaxed)
        }
    }
}
