import Foundation
import PerfMonitor
import Testing
import Workloads

@testable import PerfGate

typealias Segment = ServiceRoundExecutor.SegmentCost

typealias SegmentPair = (disabled: Segment, enabled: Segment)

private func pair(_ disabled: (Double, Int), _ enabled: (Double, Int)) -> SegmentPair {
    (
        Segment(cpuSeconds: disabled.0, completedRequests: disabled.1),
        Segment(cpuSeconds: enabled.0, completedRequests: enabled.1)
    )
}

@Test(arguments: [
    // 1 µs per request without the monitor, 1.02 µs with it: 2% overhead.
    ([pair((1.0, 1_000_000), (1.02, 1_000_000))], 2.0),
    // Fewer requests for the same CPU time cost more per request.
    ([pair((1.0, 1000), (1.0, 800))], 25.0),
    // Noise can make the monitor look cheaper; the value is kept, not clamped to 0.
    ([pair((1.0, 1000), (0.99, 1000))], -1.0),
    // The median pair, not the pooled sums: one pair split by a slow spell (+50%) does not move it.
    ([pair((0.1, 100), (0.11, 100)), pair((0.1, 100), (0.15, 100)), pair((0.1, 100), (0.11, 100))], 10.0),
    // An even count takes the geometric mean of the middle two ratios: 1.21 and 1.0 give 1.1.
    (
        [
            pair((0.1, 100), (0.121, 100)), pair((0.1, 100), (0.1, 100)), pair((0.1, 100), (0.5, 100)),
            pair((0.1, 100), (0.05, 100)),
        ],
        10.0
    ),
    // A pair without a finite ratio is skipped; the others still give the figure.
    ([pair((0.1, 0), (0.1, 100)), pair((0.1, 100), (0.102, 100))], 2.0),
])
func overheadIsTheMedianPairsRelativeIncreaseInCPUTimePerRequest(pairs: [SegmentPair], expected: Double) throws {
    let overhead = try #require(ServiceRoundExecutor.monitorOverheadPercent(pairs: pairs))
    #expect(abs(overhead - expected) < 1e-9, "\(overhead)")
}

@Test(arguments: [
    [pair((0.5, 0), (0.5, 100))],
    [pair((0.5, 100), (0.5, 0))],
    [pair((0, 0), (0, 0))],
    [pair((0, 100), (0.5, 100))],
    [pair((.nan, 100), (0.5, 100))],
    [pair((0.5, 100), (.infinity, 100))],
    [],
])
func overheadWithoutAFiniteRatioIsNilNotNaN(pairs: [SegmentPair]) {
    #expect(ServiceRoundExecutor.monitorOverheadPercent(pairs: pairs) == nil)
}

@Test func overheadSegmentsRunInThueMorseOrderWithOneOfEachInEveryPair() {
    let even = (0..<ServiceRoundExecutor.overheadSegments).map { ServiceRoundExecutor.segmentRunsMonitor($0, seed: 2) }
    let odd = (0..<ServiceRoundExecutor.overheadSegments).map { ServiceRoundExecutor.segmentRunsMonitor($0, seed: 7) }
    // A = disabled, B = enabled: ABBA BAAB BAAB ABBA BAAB ABBA ABBA BAAB for even seeds, the
    // mirror for odd ones.
    #expect(even.map { $0 ? "B" : "A" }.joined() == "ABBABAABBAABABBABAABABBAABBABAAB")
    #expect(odd == even.map { !$0 })
    for index in stride(from: 0, to: even.count, by: 2) { #expect(even[index] != even[index + 1]) }
    #expect(even.filter { $0 }.count == even.count / 2)
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

@Test func aMonitorOverheadScenarioRefusesTheCapacitySearch() throws {
    let suite = try SuiteLoader.decode(
        Data(#"{"scenarios": [{"kind": "monitor-overhead", "preset": "balanced", "workload": "capacity"}]}"#.utf8),
        source: "overhead.json",
        defaultName: "overhead"
    )
    #expect(throws: PerfGateError.self) { try ServiceRoundExecutor.validate(suite) }
    do {
        try ServiceRoundExecutor.validate(suite)
    } catch {
        #expect(error.code == .suiteWorkload)
        #expect(error.message.contains("balanced/monitor-overhead") && error.message.contains("steady"))
    }
    let steady = try SuiteLoader.decode(
        Data(#"{"scenarios": [{"kind": "monitor-overhead", "preset": "balanced", "rate": 3000}]}"#.utf8),
        source: "overhead.json",
        defaultName: "overhead"
    )
    try ServiceRoundExecutor.validate(steady)
}

@Test func inAMonitorOverheadScenarioOnlyTheMonitorsCostGates() throws {
    let suite = try SuiteLoader.decode(
        Data(
            #"{"scenarios": [{"preset": "balanced", "workload": "steady"}, {"kind": "monitor-overhead", "preset": "balanced", "rate": 3000}]}"#
                .utf8
        ),
        source: "gating.json",
        defaultName: "gating"
    )
    let options = Gate.options(for: suite)
    for metric in [MetricID.throughputRPS, .latencyP50Ms, .latencyP95Ms, .latencyP99Ms] {
        #expect(options.isGated(metric.rawValue, in: "balanced/steady"))
        #expect(!options.isGated(metric.rawValue, in: "balanced/monitor-overhead"))
    }
    #expect(options.isGated(MetricID.recordNsPerOp.rawValue, in: "balanced/monitor-overhead"))
}

/// An open-loop segment of 187 arrivals whose lag is 0.1 ms, except `stalled` of them at 14 ms.
private func segmentReport(stalled: Int, sent: Int = 187) -> DriverReport {
    let lag = LatencyHistogram()
    for index in 0..<sent { lag.record(index < stalled ? .milliseconds(14) : .microseconds(100)) }
    return DriverReport(
        offered: 187,
        sent: sent,
        completed: sent,
        succeeded: sent,
        latency: HistogramSnapshot(),
        scheduleLag: lag.snapshot(),
        elapsed: .milliseconds(62)
    )
}

@Test func anOverheadRoundJudgesItsOpenLoopScheduleOverAllItsSegmentsAtOnce() {
    let limits = ScheduleLimits.default
    // Two arrivals held up 14 ms are the P99 of their own segment, not of the round's 32 × 187.
    let oneStall = (0..<32).map { (enabled: $0 % 2 == 1, report: segmentReport(stalled: $0 == 24 ? 2 : 0)) }
    #expect(oneStall[24].report.scheduleLag.percentile(0.99) > limits.maxLagP99)
    #expect(ServiceRoundExecutor.segmentReasons(oneStall, limits: limits).isEmpty)
    // Three late arrivals in every segment are 1.6% of the round: its P99 misses the limit.
    let everySegment = (0..<32).map { (enabled: $0 % 2 == 1, report: segmentReport(stalled: 3)) }
    let lagReasons = ServiceRoundExecutor.segmentReasons(everySegment, limits: limits)
    #expect(lagReasons.count == 1 && lagReasons[0].contains("schedule lag P99"))
    // Sends are counted over the round too: 180 of 187 in every segment is 96%.
    let short = (0..<32).map { (enabled: $0 % 2 == 1, report: segmentReport(stalled: 0, sent: 180)) }
    let sentReasons = ServiceRoundExecutor.segmentReasons(short, limits: limits)
    #expect(sentReasons.count == 1 && sentReasons[0].contains("were sent"))
}
