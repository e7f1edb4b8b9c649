import PerfHTTP
import Synchronization

/// Answers every request `ok` on the schedule of a ``ResponseSchedule``, by sleeping the
/// connection's own thread until the answer is due.
///
/// The only state shared between connections is the first request's instant, claimed once with a
/// compare-and-exchange; after that each request reads it with one relaxed load, so no lock can
/// lengthen a delay.
final class FixtureResponder: Sendable {
    let schedule: ResponseSchedule
    /// The first request's instant in nanoseconds on ``MonotonicClock``, or 0 before it.
    private let firstArrival = Atomic<Int64>(0)

    init(schedule: ResponseSchedule) {
        self.schedule = schedule
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
        MonotonicClock.sleep(until: due)
        return .text("ok\n")
    }
}
