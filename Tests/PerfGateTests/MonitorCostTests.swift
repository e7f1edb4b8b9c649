import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

typealias Segment = ServiceRoundExecutor.SegmentCost

@Test(arguments: [
    // 1 µs per request without the monitor, 1.02 µs with it: 2% overhead.
    (
        [Segment(cpuSeconds: 1.0, completedRequests: 1_000_000)],
        [Segment(cpuSeconds: 1.02, completedRequests: 1_000_000)],
        2.0
    ),
    // Fewer requests for the same CPU time cost more per request.
    ([Segment(cpuSeconds: 1.0, completedRequests: 1000)], [Segment(cpuSeconds: 1.0, completedRequests: 800)], 25.0),
    // Noise can make the monitor look cheaper; the value is kept, not clamped to 0.
    ([Segment(cpuSeconds: 1.0, completedRequests: 1000)], [Segment(cpuSeconds: 0.99, completedRequests: 1000)], -1.0),
    // Each side pools its two segments (ABBA): (0.6 + 0.5) / (600 + 500) vs (0.3 + 0.9) / (300 + 900).
    (
        [Segment(cpuSeconds: 0.6, completedRequests: 600), Segment(cpuSeconds: 0.5, completedRequests: 500)],
        [Segment(cpuSeconds: 0.3, completedRequests: 300), Segment(cpuSeconds: 0.9, completedRequests: 900)],
        0.0
    ),
    (
        [Segment(cpuSeconds: 0.5, completedRequests: 1000), Segment(cpuSeconds: 0.5, completedRequests: 1000)],
        [Segment(cpuSeconds: 0.55, completedRequests: 1000), Segment(cpuSeconds: 0.55, completedRequests: 1000)],
        10.0
    ),
])
func overheadIsTheRelativeIncreaseInCPUTimePerRequest(
    disabled: [Segment],
    enabled: [Segment],
    expected: Double
) throws {
    let overhead = try #require(ServiceRoundExecutor.monitorOverheadPercent(disabled: disabled, enabled: enabled))
    #expect(abs(overhead - expected) < 1e-9, "\(overhead)")
}

@Test(arguments: [
    ([Segment(cpuSeconds: 0.5, completedRequests: 0)], [Segment(cpuSeconds: 0.5, completedRequests: 100)]),
    ([Segment(cpuSeconds: 0.5, completedRequests: 100)], [Segment(cpuSeconds: 0.5, completedRequests: 0)]),
    ([Segment(cpuSeconds: 0, completedRequests: 0)], [Segment(cpuSeconds: 0, completedRequests: 0)]),
    ([Segment(cpuSeconds: 0, completedRequests: 100)], [Segment(cpuSeconds: 0.5, completedRequests: 100)]),
    ([Segment(cpuSeconds: .nan, completedRequests: 100)], [Segment(cpuSeconds: 0.5, completedRequests: 100)]),
    ([], [Segment(cpuSeconds: 0.5, completedRequests: 100)]),
])
func overheadWithoutAFiniteRatioIsNilNotNaN(disabled: [Segment], enabled: [Segment]) {
    #expect(ServiceRoundExecutor.monitorOverheadPercent(disabled: disabled, enabled: enabled) == nil)
}

@Test func recordCostKeepsTheFastestTimedLoopAndSkipsTheWarmUp() {
    var cost = RecordCost()
    #expect(cost.fastestNanoseconds == .infinity)
    cost.sample(loops: 0)
    #expect(cost.fastestNanoseconds == .infinity)
    cost.sample(loops: 2)
    let first = cost.fastestNanoseconds
    #expect(first.isFinite && first > 0)
    cost.sample(loops: 1)
    #expect(cost.fastestNanoseconds <= first)
}

@Test func recordCostIsGatedByDefaultAtATwentyFivePercentThreshold() {
    #expect(MetricID.recordNsPerOp.isGatedByDefault)
    #expect(MetricID.recordNsPerOp.defaultPracticalThreshold == 0.25)
    #expect(MetricID.recordNsPerOp.polarity == .lower)
    #expect(!MetricID.monitorOverheadPercent.isGatedByDefault)
    #expect(ComparisonOptions().isGated("record_ns_per_op"))
}

@Test func recordCostTargetJudgesRecordNanosecondsAgainstItsCeiling() {
    #expect(TargetKind.recordCost.metric == .recordNsPerOp)
    #expect(TargetKind.recordCost.direction == .atMost)
    #expect(TargetKind.recordCost.isOptional)
    #expect(TargetKind.recordCost.bound(in: .default) == 25)
    #expect(PerformanceTargets.default.maxRecordNsPerOp == 25)
}

@Test func overheadScenariosAreJudgedAgainstBothMonitorTargets() throws {
    let suite = try SuiteLoader.decode(
        Data(
            #"{"scenarios": [{"preset": "balanced", "workload": "steady"}, {"kind": "monitor-overhead", "preset": "balanced"}]}"#
                .utf8
        ),
        source: "s.json",
        defaultName: "mine"
    )
    let options = Gate.options(for: suite)
    #expect(options.targetKinds(for: "balanced/monitor-overhead") == [.monitorOverhead, .recordCost])
    #expect(!options.targetKinds(for: "balanced/steady").contains(.recordCost))
}

@Test func targetsWrittenBeforeTheMonitorTargetsDecodeWithTheirDefaults() throws {
    let old = #"{"maxLatencyP95Ms": 20, "maxMemoryMB": 90, "minSuccessRate": 0.995, "minThroughputRPS": 1500}"#
    let targets = try JSONDecoder().decode(PerformanceTargets.self, from: Data(old.utf8))
    #expect(
        targets
            == PerformanceTargets(
                minThroughputRPS: 1500,
                maxLatencyP95Ms: 20,
                minSuccessRate: 0.995,
                maxMemoryMB: 90,
                maxMonitorOverheadPercent: 2,
                maxRecordNsPerOp: 25
            )
    )
    let withOverhead =
        #"{"maxLatencyP95Ms": 25, "maxMemoryMB": 100, "maxMonitorOverheadPercent": 3, "minSuccessRate": 0.99, "minThroughputRPS": 2000}"#
    let decoded = try JSONDecoder().decode(PerformanceTargets.self, from: Data(withOverhead.utf8))
    #expect(decoded.maxMonitorOverheadPercent == 3 && decoded.maxRecordNsPerOp == 25)
}

@Test func targetsRoundTripWithTheRecordCostKey() throws {
    var targets = PerformanceTargets.default
    targets.maxRecordNsPerOp = 12
    let data = try JSONEncoder().encode(targets)
    #expect(String(decoding: data, as: UTF8.self).contains("\"maxRecordNsPerOp\":12"))
    #expect(try JSONDecoder().decode(PerformanceTargets.self, from: data) == targets)
}

@Test func targetsMissingARequiredKeyDoNotDecode() {
    let partial = #"{"maxLatencyP95Ms": 20, "maxMemoryMB": 90, "minSuccessRate": 0.995}"#
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode(PerformanceTargets.self, from: Data(partial.utf8))
    }
}

@Test func committedBaselinesWithoutTheRecordCostKeyStillLoad() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let result = try ResultStore.load(contentsOf: root + "/baselines/quick.json")
    #expect(result.targets.maxRecordNsPerOp == 25)
}
