import Testing

@testable import Workloads

@Suite struct ArrivalScheduleTests {
    private func offsets(_ schedule: ArrivalSchedule) -> [Duration] {
        Array(schedule.arrivalOffsets())
    }

    private func count(_ offsets: [Duration], from start: Duration, to end: Duration) -> Int {
        offsets.filter { $0 >= start && $0 < end }.count
    }

    @Test func constantRateYieldsEvenlySpacedInstants() {
        let schedule = ArrivalSchedule.constant(rate: 1000, duration: .seconds(2))
        let instants = offsets(schedule)
        #expect(instants.count == 2000)
        #expect(schedule.arrivalCount == 2000)
        #expect(instants.first == .zero)
        #expect(instants.last == .milliseconds(1999))
        #expect(instants[500] == .milliseconds(500))
        #expect(zip(instants, instants.dropFirst()).allSatisfy { $1 - $0 == .milliseconds(1) })
    }

    @Test func rampIntegratesTheLinearRate() {
        let schedule = ArrivalSchedule.ramp(from: 0, to: 1000, over: .seconds(2))
        let instants = offsets(schedule)
        #expect(instants.count == 1000)
        #expect(schedule.arrivalCount == 1000)
        // The integral of the rate over the first second is 250: a quarter of the arrivals.
        #expect(count(instants, from: .zero, to: .seconds(1)) == 250)
        #expect(zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 })
        #expect(schedule.rate(at: .seconds(1)) == 500)
    }

    @Test func namedRampOffersItsFullIntegral() {
        let schedule = ArrivalSchedule.ramp(from: 500, to: 4000, over: .seconds(30))
        #expect(schedule.arrivalCount == 67_500)
        var iterator = schedule.arrivalOffsets()
        var seen = 0
        var last = Duration.zero
        while let offset = iterator.next() {
            seen += 1
            last = offset
        }
        #expect(seen == 67_500)
        #expect(last < .seconds(30))
    }

    @Test func decreasingRampIsFrontLoaded() {
        let schedule = ArrivalSchedule.ramp(from: 1000, to: 0, over: .seconds(2))
        let instants = offsets(schedule)
        #expect(instants.count == 1000)
        #expect(count(instants, from: .zero, to: .seconds(1)) == 750)
    }

    @Test func stepHoldsEachLevel() {
        let schedule = ArrivalSchedule.step(levels: [100, 300, 200], stepDuration: .seconds(1))
        let instants = offsets(schedule)
        #expect(schedule.duration == .seconds(3))
        #expect(instants.count == 600)
        #expect(count(instants, from: .zero, to: .seconds(1)) == 100)
        #expect(count(instants, from: .seconds(1), to: .seconds(2)) == 300)
        #expect(count(instants, from: .seconds(2), to: .seconds(3)) == 200)
        #expect(schedule.rate(at: .milliseconds(1500)) == 300)
        #expect(schedule.rate(at: .seconds(3)) == 0)
    }

    @Test func spikeAddsItsExtraArrivalsInsideTheWindow() {
        let spike = ArrivalSchedule.spike(
            base: 100,
            multiplier: 5,
            at: .milliseconds(500),
            length: .milliseconds(200),
            duration: .seconds(1)
        )
        let flat = ArrivalSchedule.constant(rate: 100, duration: .seconds(1))
        let instants = offsets(spike)
        #expect(instants.count - offsets(flat).count == 80)
        #expect(count(instants, from: .milliseconds(500), to: .milliseconds(700)) == 100)
        #expect(spike.rate(at: .milliseconds(600)) == 500)
        #expect(spike.rate(at: .milliseconds(800)) == 100)
        #expect(spike.peakRate == 500)
    }

    @Test func offsetsAreDeterministic() throws {
        let spec = try WorkloadSpec.spike.overriding(duration: .seconds(3))
        guard case .openLoop(let arrivals) = spec.load else {
            Issue.record("spike is not open-loop")
            return
        }
        let first = offsets(arrivals)
        #expect(first.count == arrivals.arrivalCount)
        #expect(first == offsets(arrivals))
    }

    @Test func invalidSchedulesNameTheField() {
        let cases: [(ArrivalSchedule, String)] = [
            (.constant(rate: -1, duration: .seconds(1)), "schedule.rate is -1.0"),
            (.constant(rate: 10, duration: .zero), "schedule.duration"),
            (.ramp(from: .nan, to: 10, over: .seconds(1)), "schedule.from"),
            (.step(levels: [], stepDuration: .seconds(1)), "schedule.levels is empty"),
            (
                .spike(base: 10, multiplier: 2, at: .seconds(9), length: .seconds(2), duration: .seconds(10)),
                "does not fit"
            ),
        ]
        for (schedule, fragment) in cases {
            do {
                try schedule.validate()
                Issue.record("accepted \(schedule)")
            } catch {
                #expect(error.code == .invalidSchedule)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test func scalingAndStretchingKeepTheShape() {
        let ramp = ArrivalSchedule.ramp(from: 500, to: 4000, over: .seconds(30))
        #expect(ramp.scaled(toNominalRate: 2000) == .ramp(from: 250, to: 2000, over: .seconds(30)))
        #expect(ramp.stretched(to: .seconds(10)) == .ramp(from: 500, to: 4000, over: .seconds(10)))
        let step = ArrivalSchedule.step(levels: [1, 2], stepDuration: .seconds(5))
        #expect(step.stretched(to: .seconds(4)) == .step(levels: [1, 2], stepDuration: .seconds(2)))
        let spike = ArrivalSchedule.spike(
            base: 2000,
            multiplier: 5,
            at: .seconds(10),
            length: .seconds(2),
            duration: .seconds(30)
        )
        let short = spike.stretched(to: .seconds(3))
        #expect(short == .spike(base: 2000, multiplier: 5, at: .seconds(1), length: .seconds(2), duration: .seconds(3)))
        #expect(throws: Never.self) { try short.validate() }
        let tiny = spike.stretched(to: .seconds(2))
        #expect(throws: Never.self) { try tiny.validate() }
    }

    @Test func descriptionReadsAsAPhrase() {
        #expect(
            ArrivalSchedule.constant(rate: 2000, duration: .seconds(30)).description == "constant 2000 req/s for 30 s"
        )
    }
}
