import PerfHTTP
import PerfMonitor
import Synchronization

/// Answers every request `ok` on the schedule of a ``ResponseSchedule``, by sleeping the
/// connection's own thread until the answer is due, and records how late each answer was.
///
/// The state shared between connections is the first request's instant, claimed once with a
/// compare-and-exchange and then read with one relaxed load, and the lateness histogram, which
/// records without a lock; so nothing shared can lengthen a delay.
final class FixtureResponder: Sendable {
    let schedule: ResponseSchedule
    /// How long before each answer is due the thread stops sleeping and spins.
    let spin: Duration
    /// How late each answer was: from its due instant to when the thread had it ready.
    let lateness = LatencyHistogram()
    /// The first request's instant in nanoseconds on ``MonotonicClock``, or 0 before it.
    private let firstArrival = Atomic<Int64>(0)

    init(schedule: ResponseSchedule, spin: Duration = .zero) {
        self.schedule = schedule
        self.spin = spin
    }

    /// One line on how late the answers were, in microseconds past their due instants.
    var latenessSummary: String {
        let snapshot = lateness.snapshot()
        guard !snapshot.isEmpty else { return "http-fixture-server: answered no request." }
        func microseconds(_ p: Double) -> String {
            String(Int((snapshot.percentile(p).seconds * 1_000_000).rounded()))
        }
        let maximum = Int((snapshot.max.seconds * 1_000_000).rounded())
        return "http-fixture-server: answered \(snapshot.count) requests, late past their due instants by "
            + "P50 \(microseconds(0.5)) µs, P99 \(microseconds(0.99)) µs, max \(maximum) µs."
    }

    /// Waits until the request's answer is due, then returns it.
    func respond(to request: HTTPRequest) -> HTTPResponse {
        let arrival = MonotonicClock.now
        let nanoseconds = max(1, MonotonicClock.nanoseconds(of: arrival))
        var first = firstArrival.load(ordering: .relaxed)
        if first == 0 {
            let (exchanged, original) = firstArrival.compareExchange(
                expected: 0,
                desired: nanoseconds,
                ordering: .relaxed
            )
            first = exchanged ? nanoseconds : original
        }
        let due = schedule.answerInstant(arrival: arrival, firstArrival: .nanoseconds(first))
        MonotonicClock.wait(until: due, spinning: spin)
        // Below 1 µs (or on time) is recorded as 1 µs: the histogram's floor.
        lateness.record(max(.zero, MonotonicClock.now - due))
        return .text("ok\n")
    }
}
