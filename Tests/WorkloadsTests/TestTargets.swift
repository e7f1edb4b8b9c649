import Foundation
import Workloads

/// Completes inline and remembers every request, failing the sequences `failureKind` names.
final class RecordingTarget: LoadTarget {
    let requests = TestLock<[LoadRequest]>([])
    let failureKind: @Sendable (UInt64) -> String?

    init(failureKind: @escaping @Sendable (UInt64) -> String? = { _ in nil }) {
        self.failureKind = failureKind
    }

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        requests.withLock { $0.append(request) }
        if let kind = failureKind(request.sequence) {
            completion(.failure(kind: kind))
        } else {
            completion(.success)
        }
    }
}

/// A target whose completions all stall for `stall` once request `stallAt` arrives: requests sent
/// during the stall are held and completed together when it ends, as a service whose only
/// worker is paused would. `send` itself never blocks.
final class StallingTarget: LoadTarget {
    private struct State {
        var received = 0
        var isStalled = false
        var held: [@Sendable (LoadOutcome) -> Void] = []
    }

    private let state = TestLock(State())
    private let stallAt: Int
    private let stall: Duration

    init(stallAt: Int, stall: Duration) {
        self.stallAt = stallAt
        self.stall = stall
    }

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        let (hold, startStall) = state.withLock { state -> (Bool, Bool) in
            state.received += 1
            let starts = state.received == stallAt
            if starts { state.isStalled = true }
            if state.isStalled { state.held.append(completion) }
            return (state.isStalled, starts)
        }
        if startStall {
            let stall = stall
            Thread.detachNewThread { [self] in
                Thread.sleep(
                    forTimeInterval: Double(stall.components.seconds) + Double(stall.components.attoseconds) * 1e-18
                )
                let held = state.withLock { state in
                    state.isStalled = false
                    defer { state.held = [] }
                    return state.held
                }
                for completion in held { completion(.success) }
            }
        }
        if !hold { completion(.success) }
    }
}

/// Blocks the caller of `send` for `block` on the request with sequence `blockAt`, then completes
/// every request inline: a sender that waits on it falls behind its schedule.
struct BlockingTarget: LoadTarget {
    let blockAt: UInt64
    let block: Duration

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        if request.sequence == blockAt {
            Thread.sleep(
                forTimeInterval: Double(block.components.seconds) + Double(block.components.attoseconds) * 1e-18
            )
        }
        completion(.success)
    }
}

/// Never completes the requests whose sequence `drops` selects; completes the others inline.
struct DroppingTarget: LoadTarget {
    let drops: @Sendable (UInt64) -> Bool

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        if !drops(request.sequence) { completion(.success) }
    }
}

/// Tracks sessions for closed-loop tests: refuses every `refuseEvery`-th open (0: never),
/// completes requests from another thread after 0.2 ms, and checks that no session
/// ever has two requests in flight.
final class SessionTarget: LoadTarget {
    struct State {
        var openAttempts = 0
        var refused = 0
        var open: Set<UInt64> = []
        var everOpened: [UInt64] = []
        var closed: [UInt64] = []
        var messages: [UInt64: Int] = [:]
        var inFlight: Set<UInt64> = []
        var overlaps = 0
        var requestsWithoutOpenSession = 0
    }

    let state = TestLock(State())
    private let refuseEvery: Int

    init(refuseEvery: Int = 0) {
        self.refuseEvery = refuseEvery
    }

    func openSession(id: UInt64) -> Bool {
        state.withLock { state in
            state.openAttempts += 1
            if refuseEvery > 0, state.openAttempts % refuseEvery == 0 {
                state.refused += 1
                return false
            }
            state.open.insert(id)
            state.everOpened.append(id)
            return true
        }
    }

    func closeSession(id: UInt64) {
        state.withLock { state in
            state.open.remove(id)
            state.closed.append(id)
        }
    }

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        let session = request.sessionID ?? 0
        state.withLock { state in
            if !state.open.contains(session) { state.requestsWithoutOpenSession += 1 }
            if !state.inFlight.insert(session).inserted { state.overlaps += 1 }
            state.messages[session, default: 0] += 1
        }
        // Complete from another thread, as a real service would; a thread of its own rather than
        // a dispatch queue, which shares its threads with the (possibly busy) test runner.
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: 0.000_2)
            state.withLock { _ = $0.inFlight.remove(session) }
            completion(.success)
        }
    }
}

/// A scheduled target that notes when each request was handed over, and says it took each up
/// `lateness` after its intended start (and, with `answered`, that the answer arrived that long
/// after), completing inline. Its plain `send` fails every request,
/// so a driver that does not hand requests over ahead shows up as failures.
final class LateSchedulingTarget: ScheduledLoadTarget {
    struct Handing: Sendable {
        var handedAt: ContinuousClock.Instant
        var intended: ContinuousClock.Instant
    }

    let handings = TestLock<[Handing]>([])
    let lateness: Duration
    /// How long after taking a request up it says the answer arrived; nil says nothing.
    let answered: Duration?

    init(lateness: Duration, answered: Duration? = nil) {
        self.lateness = lateness
        self.answered = answered
    }

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        completion(.failure(kind: "not_scheduled"))
    }

    func send(
        scheduled request: LoadRequest,
        completion: @escaping @Sendable (LoadOutcome, ScheduledTimes) -> Void
    ) {
        handings.withLock { $0.append(Handing(handedAt: .now, intended: request.intendedStart)) }
        let takenUp = request.intendedStart.advanced(by: lateness)
        completion(.success, ScheduledTimes(takenUp: takenUp, answered: answered.map { takenUp.advanced(by: $0) }))
    }
}
