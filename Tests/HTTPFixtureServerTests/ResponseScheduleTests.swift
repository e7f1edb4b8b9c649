import PerfHTTP
import PerfMonitor
import Testing

@testable import HTTPFixtureServer

struct ResponseScheduleTests {
    /// 10 ms delay; a 1 s stall 4.5 s after the first request, which arrived at 100 s.
    let schedule = ResponseSchedule(
        delay: .milliseconds(10),
        stall: ResponseSchedule.Stall(after: .milliseconds(4500), length: .seconds(1))
    )
    let first = Duration.seconds(100)

    @Test(arguments: [
        // Before the stall: after the delay.
        (0, 10),
        (4_489, 4_499),
        // Due exactly when the stall begins, or during it: held until it ends.
        (4_490, 5_500),
        (4_495, 5_500),
        // Arriving in the stall: served after it ends.
        (4_500, 5_510),
        (5_499, 5_510),
        // After the stall: after the delay again.
        (5_500, 5_510),
        (9_000, 9_010),
    ])
    func answersAfterDelayAndNeverDuringTheStall(arrivalMs: Int, answerMs: Int) {
        let answer = schedule.answerInstant(arrival: first + .milliseconds(arrivalMs), firstArrival: first)
        #expect(answer == first + .milliseconds(answerMs))
    }

    @Test func answersAfterDelayWithoutStall() {
        let plain = ResponseSchedule(delay: .milliseconds(10), stall: nil)
        #expect(plain.answerInstant(arrival: .seconds(3), firstArrival: .seconds(1)) == .milliseconds(3010))
    }

    @Test func delayLongerThanStallIsNotShortened() {
        let long = ResponseSchedule(
            delay: .seconds(2),
            stall: ResponseSchedule.Stall(after: .seconds(1), length: .milliseconds(500))
        )
        #expect(long.answerInstant(arrival: .milliseconds(900), firstArrival: .zero) == .milliseconds(2900))
    }

    @Test func parsesEveryOption() throws {
        let options = try FixtureOptions(arguments: [
            "--port", "8080", "--delay-ms", "10", "--stall-after", "4.5", "--stall-for", "1", "--spin-us", "200",
        ])
        #expect(options.port == 8080)
        #expect(options.schedule == schedule)
        #expect(options.spin == .microseconds(200))
        #expect(try FixtureOptions(arguments: []).spin == .zero)
    }

    @Test(arguments: [Duration.zero, .microseconds(500)])
    func recordsHowLateEachAnswerWasAndNeverAnswersEarly(spin: Duration) {
        let responder = FixtureResponder(schedule: ResponseSchedule(delay: .milliseconds(2), stall: nil), spin: spin)
        #expect(responder.latenessSummary == "http-fixture-server: answered no request.")
        for _ in 0..<3 {
            let started = MonotonicClock.now
            let response = responder.respond(to: HTTPRequest(method: "GET", target: "/"))
            #expect(MonotonicClock.now - started >= .milliseconds(2))
            #expect(response.body == Array("ok\n".utf8))
        }
        let lateness = responder.lateness.snapshot()
        #expect(lateness.count == 3)
        #expect(lateness.max < .seconds(1))
        #expect(responder.latenessSummary.hasPrefix("http-fixture-server: answered 3 requests, late past their due"))
    }

    @Test(arguments: [
        ["--stall-after", "4"],
        ["--stall-for", "1"],
        ["--port", "70000"],
        ["--delay-ms", "-1"],
        ["--delay-ms"],
        ["--spin-us", "-5"],
        ["--bogus"],
    ])
    func rejectsMistakes(arguments: [String]) {
        #expect(throws: FixtureOptions.UsageError.self) { try FixtureOptions(arguments: arguments) }
    }
}
