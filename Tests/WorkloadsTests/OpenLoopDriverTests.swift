import PerfMonitor
import Testing

@testable import Workloads

/// Driver runs use real time, at low rates and for well under two seconds each. They run one at
/// a time so that their sender threads do not compete; no test asserts how fast anything was.
@Suite(.serialized) struct OpenLoopDriverTests {
    private func driver(
        _ schedule: ArrivalSchedule,
        seed: UInt64 = 1,
        lateSendAllowance: Duration = .seconds(1),
        drainTimeout: Duration = .seconds(5)
    ) -> OpenLoopDriver {
        OpenLoopDriver(
            configuration: OpenLoopConfiguration(
                schedule: schedule,
                seed: seed,
                payloadSizes: WorkloadSpec.defaultPayloadSizes,
                keys: WorkloadSpec.defaultKeys,
                lateSendAllowance: lateSendAllowance,
                drainTimeout: drainTimeout
            )
        )
    }

    @Test func sendsEveryArrivalAndCountsOutcomesByKind() async throws {
        let target = RecordingTarget { sequence in
            if sequence % 10 == 0 { return "backpressure" }
            if sequence % 25 == 0 { return "timeout" }
            return nil
        }
        let report = try await driver(.constant(rate: 500, duration: .milliseconds(400))).run(against: target)
        #expect(report.mode == .openLoop)
        #expect(report.offered == 200)
        #expect(report.sent == 200)
        #expect(report.completed == 200)
        #expect(report.succeeded == 176)
        #expect(report.failed == 24)
        #expect(report.failuresByKind == ["backpressure": 20, "timeout": 4])
        #expect(report.unsent == 0)
        #expect(report.timedOutInFlight == 0)
        #expect(report.latency.count == 200)
        #expect(report.scheduleLag.count == 200)
        #expect(report.successRate == 0.88)

        let requests = target.requests.withLock { $0 }
        #expect(requests.map(\.sequence) == Array(0..<200))
        #expect(requests.allSatisfy { $0.sessionID == nil })
        let intended = requests.map(\.intendedStart)
        #expect(zip(intended, intended.dropFirst()).allSatisfy { $0.duration(to: $1) == .milliseconds(2) })
    }

    @Test func sameSeedSendsTheSameRequests() async throws {
        func keysAndSizes(seed: UInt64) async throws -> [[Int]] {
            let target = RecordingTarget()
            _ = try await driver(.constant(rate: 2000, duration: .milliseconds(100)), seed: seed).run(against: target)
            return target.requests.withLock { $0.map { [Int($0.key), $0.payloadSize] } }
        }
        let first = try await keysAndSizes(seed: 3)
        #expect(first.count == 200)
        #expect(try await keysAndSizes(seed: 3) == first)
        #expect(try await keysAndSizes(seed: 4) != first)
    }

    @Test func stalledCompletionsShowInLatencyFromTheIntendedInstant() async throws {
        // Every completion is held for 300 ms from request 300 on, while the sender keeps sending
        // on time: the ~300 requests sent during the stall wait up to 300 ms each.
        let target = StallingTarget(stallAt: 300, stall: .milliseconds(300))
        let report = try await driver(.constant(rate: 1000, duration: .milliseconds(1500))).run(against: target)
        #expect(report.sent == 1500)
        #expect(report.completed == 1500)
        #expect(report.latency.max >= .milliseconds(290))
        #expect(report.latency.percentile(0.99) >= .milliseconds(250))
        // About a fifth of the requests were delayed, so the median stays small but P90 does not.
        #expect(report.latency.percentile(0.90) >= .milliseconds(100))
    }

    @Test func aScheduledTargetIsHandedRequestsAheadAndItsLagIsTheLagReported() async throws {
        let target = LateSchedulingTarget(lateness: .milliseconds(3))
        let driver = driver(.constant(rate: 200, duration: .milliseconds(500)))
        let report = try await driver.run(against: target)
        #expect(report.sent == 100)
        #expect(report.succeeded == 100)
        #expect(report.failuresByKind.isEmpty)
        let handings = target.handings.withLock { $0 }
        #expect(handings.count == 100)
        // Never more than the lookahead early, and some ahead of their instants.
        let lookahead = driver.configuration.lookahead
        #expect(handings.allSatisfy { $0.handedAt >= $0.intended - lookahead })
        #expect(handings.contains { $0.handedAt < $0.intended })
        // The lag is the target's lateness, not the sender's.
        let lag = report.scheduleLag
        #expect(lag.count == 100)
        #expect(lag.percentile(0.01) >= .microseconds(2900) && lag.percentile(0.99) <= .microseconds(3100))
    }

    @Test func theAnswerTimeAScheduledTargetGivesEndsTheLatency() async throws {
        // The target completes inline as it is handed each request, before its instant, but says
        // it took each up 3 ms late and had the answer 2 ms later: every latency is 5 ms.
        let target = LateSchedulingTarget(lateness: .milliseconds(3), answered: .milliseconds(2))
        let report = try await driver(.constant(rate: 200, duration: .milliseconds(500))).run(against: target)
        #expect(report.completed == 100)
        #expect(report.latency.count == 100)
        #expect(report.latency.percentile(0.01) >= .microseconds(4900))
        #expect(report.latency.max <= .microseconds(5100))
    }

    @Test func aBlockedSenderIsMeasuredFromIntendedTimeAndMarkedInvalid() async throws {
        // `send` blocks the sender for 300 ms: arrivals due meanwhile go out late, all at once.
        // Measured from their actual send they would look instant; from their intended instant
        // the first of them waited ~300 ms, and the run is invalid because of the lag.
        let target = BlockingTarget(blockAt: 200, block: .milliseconds(300))
        let report = try await driver(.constant(rate: 1000, duration: .milliseconds(1200))).run(against: target)
        #expect(report.sent == 1200)
        #expect(report.latency.max >= .milliseconds(290))
        #expect(report.scheduleLag.max >= .milliseconds(290))
        #expect(report.latency.percentile(0.99) >= .milliseconds(200))
        #expect(!report.isValid)
        #expect(report.validity.reason?.contains("schedule lag P99") == true)
    }

    @Test func arrivalsPastTheDeadlineAreCountedUnsent() async throws {
        // The sender is blocked past the schedule's end plus the allowance, so it stops there.
        let target = BlockingTarget(blockAt: 10, block: .milliseconds(900))
        let report = try await driver(
            .constant(rate: 100, duration: .milliseconds(500)),
            lateSendAllowance: .milliseconds(200)
        )
        .run(against: target)
        #expect(report.offered == 50)
        #expect(report.sent == 11)
        #expect(report.unsent == 39)
        #expect(!report.isValid)
        #expect(report.validity.reason?.contains("Only 11 of 50 arrivals") == true)
    }

    @Test func requestsNeverCompletedAreReportedAfterTheDrainTimeout() async throws {
        let target = DroppingTarget { $0 % 4 == 0 }
        let report = try await driver(
            .constant(rate: 200, duration: .milliseconds(100)),
            drainTimeout: .milliseconds(100)
        )
        .run(against: target)
        #expect(report.sent == 20)
        #expect(report.completed == 15)
        #expect(report.timedOutInFlight == 5)
        #expect(report.succeeded == 15)
        #expect(report.successRate == 0.75)
    }

    @Test func progressRisesToOne() async throws {
        let fractions = TestLock<[Double]>([])
        _ = try await driver(.constant(rate: 200, duration: .milliseconds(600)))
            .run(against: NoOpTarget()) { fraction in fractions.withLock { $0.append(fraction) } }
        let seen = fractions.withLock { $0 }
        #expect(seen.count >= 3)
        #expect(seen.last == 1)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(seen.allSatisfy { (0...1).contains($0) })
    }

    @Test func cancellingStopsSendingAndCountsTheRestUnsent() async throws {
        let target = RecordingTarget()
        let task = Task {
            try await driver(.constant(rate: 100, duration: .seconds(20))).run(against: target)
        }
        // Cancel on an event (the first requests went out), not after a delay a loaded machine stretches.
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while target.requests.withLock({ $0.count }) < 5, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        let report = try await task.value
        #expect(report.offered == 2000)
        #expect(report.sent >= 5 && report.sent < 2000)
        #expect(report.unsent == 2000 - report.sent)
        #expect(!report.isValid)
    }

    @Test func blockingRunOnTheCallingThreadMatchesTheAsyncOne() throws {
        let report = try driver(.constant(rate: 1000, duration: .milliseconds(50))).runBlocking(against: NoOpTarget())
        #expect(report.sent == 50)
        #expect(report.succeeded == 50)
    }

    @Test func invalidConfigurationIsRejectedBeforeSending() async {
        let target = RecordingTarget()
        await #expect(throws: WorkloadsError.self) {
            _ = try await driver(.constant(rate: -5, duration: .seconds(1))).run(against: target)
        }
        #expect(target.requests.withLock { $0.isEmpty })
    }
}

@Suite struct ScheduleLimitsTests {
    private func lag(_ values: [Duration]) -> HistogramSnapshot {
        let histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        return histogram.snapshot()
    }

    @Test func lagBelowTheLimitIsValid() {
        let validity = ScheduleLimits.default.validity(
            offered: 1000,
            sent: 1000,
            lag: lag(Array(repeating: .microseconds(500), count: 1000))
        )
        #expect(validity == .valid)
        #expect(validity.reason == nil)
    }

    @Test func lagP99AboveTheLimitIsInvalid() {
        let values =
            Array(repeating: Duration.microseconds(200), count: 980) + Array(repeating: .milliseconds(20), count: 20)
        let validity = ScheduleLimits.default.validity(offered: 1000, sent: 1000, lag: lag(values))
        #expect(!validity.isValid)
        #expect(validity.reason?.contains("lag P99 was 20") == true)
        #expect(validity.reason?.contains("10.0 ms limit") == true)
    }

    @Test func sendingTooFewArrivalsIsInvalid() {
        let validity = ScheduleLimits.default.validity(
            offered: 1000,
            sent: 980,
            lag: lag(Array(repeating: .microseconds(10), count: 980))
        )
        #expect(validity.reason?.contains("Only 980 of 1000 arrivals (98.0%)") == true)
        let both = ScheduleLimits.default.validity(offered: 100, sent: 50, lag: lag([.seconds(1)]))
        guard case .invalid(let reasons) = both else {
            Issue.record("expected invalid")
            return
        }
        #expect(reasons.count == 2)
    }

    @Test func customLimitsApply() {
        let strict = ScheduleLimits(maxLagP99: .microseconds(100), minSentFraction: 1)
        #expect(!strict.validity(offered: 10, sent: 10, lag: lag([.microseconds(300)])).isValid)
        #expect(!strict.validity(offered: 10, sent: 9, lag: lag([.microseconds(30)])).isValid)
        #expect(strict.validity(offered: 10, sent: 10, lag: lag([.microseconds(30)])).isValid)
    }
}
