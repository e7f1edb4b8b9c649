import Testing

@testable import Workloads

@Suite struct WorkloadSpecTests {
    @Test func catalogHasTheDocumentedWorkloads() throws {
        #expect(WorkloadSpec.names == ["steady", "ramp", "spike", "sessions", "saturation", "soak", "capacity"])
        for spec in WorkloadSpec.all { try spec.validate() }
        #expect(WorkloadSpec.steady.load == .openLoop(.constant(rate: 2000, duration: .seconds(30))))
        #expect(WorkloadSpec.ramp.load == .openLoop(.ramp(from: 500, to: 4000, over: .seconds(30))))
        guard case .openLoop(let spike) = WorkloadSpec.spike.load else {
            Issue.record("spike is not open-loop")
            return
        }
        #expect(spike.nominalRate == 2000)
        #expect(spike.peakRate == 10_000)
        #expect(spike.rate(at: .seconds(11)) == 10_000)
        #expect(WorkloadSpec.sessions.closedLoopConfiguration().connections == 50)
        #expect(WorkloadSpec.soak.tracksMemory)
        #expect(WorkloadSpec.soak.duration == .seconds(600))
        #expect(WorkloadSpec.capacity.nominalRate == 500)
    }

    @Test func onlyTheSessionWorkloadsAreClosedLoop() {
        #expect(WorkloadSpec.all.filter(\.isClosedLoop).map(\.name) == ["sessions", "saturation"])
    }

    @Test(arguments: ["steady", "Steady", "SPIKE", "capacity"])
    func looksUpByNameIgnoringCase(name: String) throws {
        #expect(try WorkloadSpec.named(name).name == name.lowercased())
    }

    @Test(arguments: [("stedy", "steady"), ("rmp", "ramp"), ("session", "sessions"), ("capasity", "capacity")])
    func unknownNameSuggestsTheClosest(typo: String, suggestion: String) {
        do {
            _ = try WorkloadSpec.named(typo)
            Issue.record("\(typo) was accepted")
        } catch {
            #expect(error.code == .unknownWorkload)
            #expect(
                error.message
                    == "Unknown workload '\(typo)'. Did you mean '\(suggestion)'? "
                    + "Valid workloads: steady, ramp, spike, sessions, saturation, soak, capacity."
            )
        }
    }

    @Test func farOffNameListsTheValidOnesWithoutAGuess() {
        do {
            _ = try WorkloadSpec.named("throughput-max")
            Issue.record("accepted")
        } catch {
            #expect(!error.message.contains("Did you mean"))
            #expect(error.message.contains("Valid workloads: steady, ramp"))
        }
    }

    @Test func overridesRescaleRateDurationAndSeed() throws {
        let ramp = try WorkloadSpec.ramp.overriding(rate: 2000, duration: .seconds(10), seed: 77)
        #expect(ramp.load == .openLoop(.ramp(from: 250, to: 2000, over: .seconds(10))))
        #expect(ramp.seed == 77)
        let steady = try WorkloadSpec.steady.overriding(rate: 100)
        #expect(steady.load == .openLoop(.constant(rate: 100, duration: .seconds(30))))
        let sessions = try WorkloadSpec.sessions.overriding(duration: .seconds(5), seed: 3)
        #expect(sessions.closedLoopConfiguration().duration == .seconds(5))
        #expect(sessions.closedLoopConfiguration().seed == 3)
        let capacity = try WorkloadSpec.capacity.overriding(rate: 1500, duration: .seconds(2))
        #expect(capacity.nominalRate == 1500)
        #expect(capacity.duration == .seconds(2))
    }

    @Test func badOverridesAreRejectedWithAReason() {
        do {
            _ = try WorkloadSpec.sessions.overriding(rate: 100)
            Issue.record("rate accepted for a closed-loop workload")
        } catch {
            #expect(error.message.contains("closed-loop"))
        }
        #expect(throws: WorkloadsError.self) { _ = try WorkloadSpec.steady.overriding(rate: 0) }
        #expect(throws: WorkloadsError.self) { _ = try WorkloadSpec.steady.overriding(rate: .infinity) }
        #expect(throws: WorkloadsError.self) { _ = try WorkloadSpec.steady.overriding(duration: .zero) }
    }

    @Test func validationErrorsNameTheWorkload() {
        var spec = WorkloadSpec.steady
        spec.keys = .zipf(keySpace: 100, exponent: -1)
        do {
            try spec.validate()
            Issue.record("accepted")
        } catch {
            #expect(error.message.hasPrefix("Workload 'steady': "))
            #expect(error.message.contains("keys.exponent"))
        }
    }

    @Test func runsAShortenedOpenLoopWorkload() async throws {
        let spec = try WorkloadSpec.steady.overriding(rate: 400, duration: .milliseconds(100))
        let result = try await spec.run(against: NoOpTarget())
        #expect(result.report.sent == 40)
        #expect(result.report.succeeded == 40)
        #expect(result.capacitySearch == nil)
        #expect(result.workload == spec)
    }

    @Test func runsAShortCapacitySearch() async throws {
        var spec = try WorkloadSpec.capacity.overriding(rate: 200, duration: .milliseconds(50))
        guard case .capacitySearch(var search, let probeDuration) = spec.load else {
            Issue.record("capacity is not a search")
            return
        }
        search.maxRate = 800
        spec.load = .capacitySearch(search, probeDuration: probeDuration)
        // Probes of ten to forty arrivals: one late arrival must not fail a probe on a busy machine.
        spec.limits = ScheduleLimits(maxLagP99: .seconds(1), minSentFraction: 0.5)
        let result = try await spec.run(against: NoOpTarget())
        let capacitySearch = try #require(result.capacitySearch)
        #expect(capacitySearch.probes.map(\.rate) == [200, 400, 800])
        #expect(capacitySearch.capacity == 800)
        #expect(result.report.sent == 40)
    }
}

@Suite struct SupportTests {
    @Test func failureTallyCountsKindsAcrossThreads() async {
        let tally = FailureTally()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<1000 { tally.record(index % 2 == 0 ? "backpressure" : "kind-\(worker)") }
                }
            }
        }
        let counts = tally.counts()
        #expect(counts["backpressure"] == 2000)
        for worker in 0..<4 { #expect(counts["kind-\(worker)"] == 500) }
        #expect(counts.count == 5)
    }

    @Test func failureTallyFoldsKindsBeyondItsCapacityIntoOther() {
        let tally = FailureTally()
        for index in 0..<(FailureTally.capacity + 10) { tally.record("kind-\(index)") }
        let counts = tally.counts()
        #expect(counts.values.reduce(0, +) == FailureTally.capacity + 10)
        #expect(counts[FailureTally.overflowKind] == 10)
    }
}
