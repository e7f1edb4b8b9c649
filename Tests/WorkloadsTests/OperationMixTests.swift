import PerfMonitor
import Testing

@testable import Workloads

/// Completes inline, remembers every request, and fails those of one operation.
final class OperationTarget: LoadTarget {
    let requests = TestLock<[LoadRequest]>([])
    let failing: String?

    init(failing: String? = nil) {
        self.failing = failing
    }

    func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        requests.withLock { $0.append(request) }
        completion(request.operation != nil && request.operation == failing ? .failure(kind: "refused") : .success)
    }

    /// How many requests of each operation arrived (`"-"` for none).
    var countsByOperation: [String: Int] {
        requests.withLock { requests in requests.reduce(into: [:]) { $0[$1.operation ?? "-", default: 0] += 1 } }
    }
}

@Suite struct OperationMixTests {
    static let dashboardAndReport = OperationMix(["dashboard": 3, "report": 1])

    @Test func theSameSeedDrawsTheSameOperations() {
        func draws(seed: UInt64) -> [String] {
            var generator = SeededGenerator(seed: seed)
            return (0..<500).map { _ in Self.dashboardAndReport.nextOperation(using: &generator) }
        }
        #expect(draws(seed: 11) == draws(seed: 11))
        #expect(draws(seed: 11) != draws(seed: 12))
        #expect(Set(draws(seed: 11)) == ["dashboard", "report"])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func drawsFollowTheWeightsWithinBinomialNoise(seed: UInt64) {
        // Each draw is "dashboard" with p = 3/4; over n draws the count is binomial(n, p). Four
        // standard deviations hold for any sound generator, and the seed makes the test repeatable.
        let draws = 40_000
        let share = Self.dashboardAndReport.expectedShare(ofOperationAt: 0)
        #expect(share == 0.75)
        var generator = SeededGenerator(seed: seed)
        var dashboards = 0
        for _ in 0..<draws where Self.dashboardAndReport.nextIndex(using: &generator) == 0 { dashboards += 1 }
        let mean = Double(draws) * share
        let standardDeviation = (Double(draws) * share * (1 - share)).squareRoot()
        #expect(abs(Double(dashboards) - mean) <= 4 * standardDeviation)
    }

    @Test func everyOperationIsDrawnInProportionToItsWeight() {
        let mix = OperationMix(["a": 1, "b": 2, "c": 5, "d": 8])
        var generator = SeededGenerator(seed: 5)
        var counts = [0, 0, 0, 0]
        let draws = 64_000
        for _ in 0..<draws { counts[mix.nextIndex(using: &generator)] += 1 }
        for index in counts.indices {
            let share = mix.expectedShare(ofOperationAt: index)
            let standardDeviation = (Double(draws) * share * (1 - share)).squareRoot()
            #expect(abs(Double(counts[index]) - Double(draws) * share) <= 4 * standardDeviation)
        }
        #expect(mix.totalWeight == 16)
        #expect(mix.description == "a 1, b 2, c 5, d 8")
    }

    @Test func aSingleOperationIsAlwaysDrawn() throws {
        let mix = OperationMix(["only": 7])
        try mix.validate()
        var generator = SeededGenerator(seed: 1)
        #expect((0..<100).allSatisfy { _ in mix.nextOperation(using: &generator) == "only" })
    }

    static let invalidMixes: [(OperationMix, String)] = [
        (OperationMix(entries: []), "operations is empty"),
        (OperationMix(["report": 0]), "operations[0] 'report' has weight 0"),
        (OperationMix(["report": 1, "dashboard": -2]), "operations[1] 'dashboard' has weight -2"),
        (OperationMix(["report": OperationMix.maximumWeight + 1]), "has weight \(OperationMix.maximumWeight + 1)"),
        (OperationMix(["report": 1, "report": 2]), "operations[1] name 'report' repeats operations[0]"),
        (OperationMix(["has space": 1]), "operations[0] name 'has space' must be"),
        (OperationMix(["": 1]), "operations[0] name '' must be"),
        (
            OperationMix(entries: (0...MonitorOperation.maximumCount).map { .init(name: "op\($0)", weight: 1) }),
            "has \(MonitorOperation.maximumCount + 1) operations; at most \(MonitorOperation.maximumCount)"
        ),
    ]

    @Test(arguments: invalidMixes)
    func invalidMixesAreTypedOneLineErrors(mix: OperationMix, naming fragment: String) {
        #expect {
            try mix.validate()
        } throws: { error in
            guard let error = error as? WorkloadsError else { return false }
            return error.code == .invalidOperations && error.message.contains(fragment)
                && !error.message.contains("\n") && error.message.hasSuffix(".")
        }
    }

    @Test func driversAndWorkloadsRejectAnInvalidMix() {
        let bad = OperationMix(["report": 0])
        let open = OpenLoopConfiguration(schedule: .constant(rate: 10, duration: .seconds(1)), operations: bad)
        #expect(throws: WorkloadsError.self) { try open.validate() }
        #expect((try? open.validate()) == nil)
        let closed = ClosedLoopConfiguration(operations: bad)
        do {
            try closed.validate()
            Issue.record("an invalid mix was accepted")
        } catch {
            #expect(error.code == .invalidOperations)
        }
        var workload = WorkloadSpec.steady
        workload.operations = bad
        do {
            try workload.validate()
            Issue.record("an invalid mix was accepted")
        } catch {
            #expect(error.code == .invalidOperations)
            #expect(error.message.hasPrefix("Workload 'steady': "))
        }
        workload.operations = Self.dashboardAndReport
        #expect((try? workload.validate()) != nil)
        #expect(workload.openLoopConfiguration(schedule: .constant(rate: 1, duration: .seconds(1))).operations != nil)
        #expect(workload.closedLoopConfiguration().operations == Self.dashboardAndReport)
    }

    @Test func requestsCarryNoOperationWithoutAMix() throws {
        let target = OperationTarget()
        let report = try OpenLoopDriver(
            configuration: OpenLoopConfiguration(schedule: .constant(rate: 1_000, duration: .milliseconds(50)))
        ).runBlocking(against: target)
        #expect(report.operations == [])
        #expect(target.countsByOperation == ["-": report.sent])
    }
}

/// Driver runs use real time, briefly; they run one at a time.
@Suite(.serialized) struct OperationDriverTests {
    static func openLoop(seed: UInt64, operations: OperationMix?) -> OpenLoopDriver {
        OpenLoopDriver(
            configuration: OpenLoopConfiguration(
                schedule: .constant(rate: 2_000, duration: .milliseconds(200)),
                seed: seed,
                payloadSizes: WorkloadSpec.defaultPayloadSizes,
                keys: WorkloadSpec.defaultKeys,
                operations: operations
            )
        )
    }

    @Test func theOpenLoopDriverCountsRequestsAndFailuresPerOperation() throws {
        let target = OperationTarget(failing: "report")
        let report = try Self.openLoop(seed: 4, operations: OperationMixTests.dashboardAndReport)
            .runBlocking(against: target)
        let seen = target.countsByOperation
        #expect(report.sent == 400)
        #expect(report.operations.map(\.name) == ["dashboard", "report"])
        #expect(report.operations.map(\.sent) == [seen["dashboard"] ?? -1, seen["report"] ?? -1])
        #expect(report.operations.map(\.completed) == report.operations.map(\.sent))
        #expect(report.operations.map(\.sent).reduce(0, +) == report.sent)
        #expect(report.operations.map(\.failed) == [0, seen["report"] ?? -1])
        #expect(report.failed == seen["report"])
        #expect(report.failuresByKind == ["refused": seen["report"] ?? -1])
        // Both operations occur, dashboards more often (3:1, binomial over 400 draws).
        let share = Double(report.operations[0].sent) / 400
        let standardDeviation = (0.75 * 0.25 / 400).squareRoot()
        #expect(abs(share - 0.75) <= 4 * standardDeviation)
    }

    @Test func theSameSeedSendsTheSameOperations() throws {
        func operations(seed: UInt64) throws -> [String?] {
            let target = OperationTarget()
            _ = try Self.openLoop(seed: seed, operations: OperationMixTests.dashboardAndReport)
                .runBlocking(against: target)
            return target.requests.withLock { $0.sorted { $0.sequence < $1.sequence }.map(\.operation) }
        }
        let first = try operations(seed: 8)
        #expect(first.count == 400)
        #expect(try operations(seed: 8) == first)
        #expect(try operations(seed: 9) != first)
    }

    @Test func aMixLeavesKeysAndPayloadSizesAsTheyWere() throws {
        func keysAndSizes(_ operations: OperationMix?) throws -> [[Int]] {
            let target = OperationTarget()
            _ = try Self.openLoop(seed: 6, operations: operations).runBlocking(against: target)
            return target.requests.withLock { $0.map { [Int($0.key), $0.payloadSize] } }
        }
        #expect(try keysAndSizes(OperationMixTests.dashboardAndReport) == (try keysAndSizes(nil)))
    }

    @Test func theClosedLoopDriverCountsRequestsAndFailuresPerOperation() async throws {
        let target = OperationTarget(failing: "report")
        let driver = ClosedLoopDriver(
            configuration: ClosedLoopConfiguration(
                connections: 3,
                messagesPerSession: 10,
                thinkTime: .zero,
                duration: .milliseconds(100),
                seed: 2,
                operations: OperationMix(["dashboard": 3, "report": 1, "search": 2])
            )
        )
        let report = try await driver.run(against: target)
        let seen = target.countsByOperation
        #expect(report.sent > 0)
        #expect(report.operations.map(\.name) == ["dashboard", "report", "search"])
        #expect(report.operations.map(\.sent) == ["dashboard", "report", "search"].map { seen[$0, default: 0] })
        #expect(report.operations.map(\.sent).reduce(0, +) == report.sent)
        #expect(report.operations.map(\.completed).reduce(0, +) == report.completed)
        #expect(report.operations.map(\.failed) == [0, seen["report", default: 0], 0])
        #expect(report.failed == seen["report", default: 0])
    }
}
