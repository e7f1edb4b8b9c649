import PerfMonitor
import Testing

@testable import Workloads

@Suite struct CapacitySearchTests {
    /// A report whose P95 latency, success rate and validity are what the test says.
    static func report(p95: Duration, successRate: Double = 1, isValid: Bool = true) -> DriverReport {
        let histogram = LatencyHistogram()
        for _ in 0..<100 { histogram.record(p95) }
        let sent = 1000
        let succeeded = Int((successRate * Double(sent)).rounded())
        return DriverReport(
            offered: sent,
            sent: sent,
            completed: sent,
            succeeded: succeeded,
            failuresByKind: succeeded < sent ? ["backpressure": sent - succeeded] : [:],
            latency: histogram.snapshot(),
            elapsed: .seconds(1),
            validity: isValid ? .valid : .invalid(reasons: ["The driver's schedule lag P99 was 50 ms."])
        )
    }

    /// A fake service that is fast up to `knee` req/s and slow beyond it.
    static func service(knee: Double) -> @Sendable (Double) async -> DriverReport {
        { rate in rate <= knee ? report(p95: .milliseconds(5)) : report(p95: .milliseconds(80)) }
    }

    /// Checks that step-up rates rise, step-down rates fall, and every bisection probe lies strictly
    /// inside the bracket the probes before it left.
    private func expectMonotoneProbes(_ result: CapacitySearchResult) {
        var low: Double?
        var high: Double?
        var previous: CapacityProbe?
        for probe in result.probes {
            if let previous, previous.phase == probe.phase {
                if probe.phase == .stepUp { #expect(probe.rate > previous.rate) }
                if probe.phase == .stepDown { #expect(probe.rate < previous.rate) }
            }
            if probe.phase == .bisect {
                if let low { #expect(probe.rate > low) }
                if let high { #expect(probe.rate < high) }
            }
            if probe.passed {
                low = max(low ?? probe.rate, probe.rate)
            } else {
                high = min(high ?? probe.rate, probe.rate)
            }
            previous = probe
        }
    }

    @Test(arguments: [3170.0, 777, 12_345, 501, 999_000])
    func findsAKneeAboveTheStartWithinTolerance(knee: Double) async {
        let search = CapacitySearch(startRate: 500, tolerance: 0.05, maxProbes: 30)
        let result = await search.run(probe: Self.service(knee: knee))
        #expect(result.capacity != nil)
        let capacity = result.capacity ?? 0
        #expect(result.stopReason == .converged)
        #expect(capacity <= knee)
        #expect(capacity >= knee * 0.95)
        #expect(result.probes.count <= 30)
        expectMonotoneProbes(result)
        #expect(result.probeAtCapacity?.passed == true)
    }

    @Test func stepsDownWhenTheStartRateAlreadyFails() async {
        let result = await CapacitySearch(startRate: 500).run(probe: Self.service(knee: 300))
        #expect(result.probes.first?.phase == .stepDown || result.probes.first?.passed == false)
        #expect(result.probes.contains { $0.phase == .stepDown })
        let capacity = result.capacity ?? 0
        #expect(capacity <= 300 && capacity >= 285)
        expectMonotoneProbes(result)
    }

    @Test func knownKneeSequenceIsExactlyAsDocumented() async {
        let result = await CapacitySearch().run(probe: Self.service(knee: 3170))
        #expect(result.probes.map(\.rate) == [500, 1000, 2000, 4000, 3000, 3500, 3250, 3125])
        #expect(result.probes.map(\.passed) == [true, true, true, false, true, false, false, true])
        #expect(result.capacity == 3125)
        #expect(result.firstFailingRate == 3250)
    }

    @Test func invalidRunsAndFailuresFailProbesWhateverTheLatency() async {
        let result = await CapacitySearch(startRate: 100).run { rate in
            if rate > 1000 { return Self.report(p95: .milliseconds(1), isValid: false) }
            if rate > 600 { return Self.report(p95: .milliseconds(1), successRate: 0.95) }
            return Self.report(p95: .milliseconds(1))
        }
        let capacity = result.capacity ?? 0
        #expect(capacity <= 600 && capacity >= 570)
        let failing = result.probes.filter { !$0.passed }
        #expect(
            failing.allSatisfy { $0.failureReasons.contains { $0.contains("Success rate") || $0.contains("invalid") } }
        )
        #expect(result.probes.contains { $0.failureReasons.contains { $0.contains("Success rate was 95.0%") } })
    }

    @Test func reportsNoCapacityWhenEvenTheMinimumFails() async {
        let result = await CapacitySearch(startRate: 8, growthFactor: 2, minRate: 1)
            .run { _ in Self.report(p95: .seconds(1)) }
        #expect(result.capacity == nil)
        #expect(result.stopReason == .noPassingRate)
        #expect(result.probes.map(\.rate) == [8, 4, 2, 1])
        #expect(result.probes.allSatisfy { $0.failureReasons.first?.contains("Latency P95 was 1000.0 ms") == true })
    }

    @Test func stopsAtTheMaximumRate() async {
        let result = await CapacitySearch(startRate: 1000, maxRate: 5000).run { _ in Self.report(p95: .zero) }
        #expect(result.capacity == 5000)
        #expect(result.stopReason == .reachedMaxRate)
        #expect(result.probes.map(\.rate) == [1000, 2000, 4000, 5000])
    }

    @Test func respectsTheProbeBudget() async {
        let result = await CapacitySearch(startRate: 1, maxProbes: 4).run(probe: Self.service(knee: 1_000_000))
        #expect(result.probes.count == 4)
        #expect(result.stopReason == .probeLimit)
    }

    @Test func passesThroughTheProbesErrors() async {
        struct ProbeFailed: Error {}
        await #expect(throws: ProbeFailed.self) {
            _ = try await CapacitySearch().run { (_: Double) async throws(ProbeFailed) -> DriverReport in
                throw ProbeFailed()
            }
        }
    }

    @Test func validationNamesTheBadField() {
        #expect(throws: Never.self) { try CapacitySearch().validate() }
        do {
            try CapacitySearch(growthFactor: 1).validate()
            Issue.record("growth factor 1 accepted")
        } catch {
            #expect(error.message.contains("growthFactor is 1.0"))
        }
        #expect(throws: WorkloadsError.self) { try CapacitySearch(startRate: 0).validate() }
        #expect(throws: WorkloadsError.self) { try CapacitySearch(maxProbes: 0).validate() }
    }
}
