import Testing

@testable import PerfMonitor

@Suite struct MovingAverageTests {
    @Test func simpleAverageCoversOnlyTheLastValues() {
        var average = SimpleMovingAverage(length: 3)
        #expect(average.value == nil)
        for value in [1.0, 2, 3, 4, 5] { average.add(value) }
        #expect(average.value == 4)
        average.add(.nan)
        #expect(average.value == 4)
    }

    @Test func exponentialAverageFollowsItsRecurrence() {
        var average = ExponentialMovingAverage(alpha: 0.5)
        average.add(10)
        average.add(20)
        average.add(20)
        // 10 → 15 → 17.5
        #expect(average.mean == 17.5)
        #expect(average.variance > 0)
        var constant = ExponentialMovingAverage(alpha: 0.3)
        for _ in 0..<50 { constant.add(7) }
        #expect(constant.mean == 7)
        #expect(constant.variance == 0)
    }
}

@Suite struct TrendAnalyzerTests {
    @Test func steadyRiseIsRising() {
        let series = (0..<60).map { 100 + Double($0) * 2 }
        let trend = TrendAnalyzer().trend(of: series)
        #expect(trend.direction == .rising)
        #expect(abs(trend.slope - 2) < 1e-9)
        #expect(trend.rSquared > 0.99)
    }

    @Test func steadyFallIsFalling() {
        var random = TestRandom(seed: 1)
        let series = (0..<60).map { 2000 - Double($0) * 10 + random.normal() * 5 }
        #expect(TrendAnalyzer().trend(of: series).direction == .falling)
    }

    @Test func noisyLevelIsFlat() {
        var random = TestRandom(seed: 2)
        let series = (0..<60).map { _ in 2000 + random.normal() * 200 }
        let trend = TrendAnalyzer().trend(of: series)
        #expect(trend.direction == .flat)
        #expect(trend.rSquared < 0.5)
    }

    @Test func tinyDriftRelativeToLevelIsFlat() {
        let series = (0..<60).map { 10_000 + Double($0) * 0.01 }
        #expect(TrendAnalyzer().trend(of: series).direction == .flat)
    }

    @Test func tooShortSeriesIsFlat() {
        #expect(TrendAnalyzer().trend(of: [1.0, 5]) == .flat)
    }
}

@Suite struct AnomalyDetectorTests {
    static let start = MonitorInstant(monotonic: .zero, secondsSinceEpoch: 0)

    func run(_ detector: inout AnomalyDetector, _ values: [Double]) -> [AnomalyEvent] {
        values.enumerated().compactMap { index, value in
            detector.evaluate(value, at: Self.start.advanced(by: .seconds(index)))
        }
    }

    @Test(arguments: [AnomalyMethod.ewma, .mad])
    func latencySpikeIsFlagged(method: AnomalyMethod) {
        var random = TestRandom(seed: 11)
        var detector = AnomalyDetector(kind: .highLatency, absoluteFloor: 2, method: method)
        let baseline = (0..<40).map { _ in 10 + random.normal() * 0.5 }
        #expect(run(&detector, baseline).isEmpty)
        let events = run(&detector, [60])
        #expect(events.count == 1)
        #expect(events.first?.kind == .highLatency)
        #expect(events.first?.severity == .critical)
        #expect((events.first?.expected ?? 0) > 9 && (events.first?.expected ?? 0) < 11)
    }

    @Test(arguments: [AnomalyMethod.ewma, .mad])
    func aDeviationWithinItsAllowanceIsExplainedNotRaisedAndNotLearned(method: AnomalyMethod) {
        var random = TestRandom(seed: 11)
        var detector = AnomalyDetector(kind: .highLatency, absoluteFloor: 2, method: method)
        let baseline = (0..<40).map { _ in 10 + random.normal() * 0.5 }
        #expect(run(&detector, baseline).isEmpty)
        let instant = MonitorInstant(monotonic: .seconds(41), secondsSinceEpoch: 41)
        // 60 against about 10: anomalous by the floor, explained by an allowance of 55.
        #expect(detector.evaluate(60, at: instant, allowance: 55) == nil)
        #expect(detector.lastWasExplained)
        // Not learned: the same spike without an allowance is raised against the old normal.
        let raised = detector.evaluate(60, at: instant)
        #expect(raised?.kind == .highLatency)
        #expect((raised?.expected ?? 0) > 9 && (raised?.expected ?? 0) < 11)
        #expect(!detector.lastWasExplained)
        // An allowance smaller than the deviation explains nothing.
        #expect(detector.evaluate(60, at: instant, allowance: 10)?.kind == .highLatency)
        #expect(!detector.lastWasExplained)
    }

    @Test(arguments: [AnomalyMethod.ewma, .mad])
    func flatOrSlowlyNoisySeriesIsNotFlagged(method: AnomalyMethod) {
        var random = TestRandom(seed: 12)
        var flat = AnomalyDetector(kind: .highLatency, absoluteFloor: 2, method: method)
        #expect(run(&flat, Array(repeating: 10, count: 200)).isEmpty)
        var noisy = AnomalyDetector(kind: .highLatency, absoluteFloor: 2, method: method)
        let slowNoise = (0..<300).map { index in 10 + 0.5 * random.normal() + Double(index) * 0.002 }
        #expect(run(&noisy, slowNoise).isEmpty)
    }

    @Test func nothingIsFlaggedDuringWarmUp() {
        var detector = AnomalyDetector(kind: .highLatency, absoluteFloor: 0, warmUp: 10)
        #expect(run(&detector, [10, 10, 11, 10, 500, 10, 10, 10, 10, 10]).isEmpty)
    }

    @Test func absoluteFloorSuppressesTinyDeviationsOfAConstantSeries() {
        var detector = AnomalyDetector(kind: .highLatency, absoluteFloor: 2)
        #expect(run(&detector, Array(repeating: 10, count: 30) + [11.5]).isEmpty)
        var unfloored = AnomalyDetector(kind: .highLatency, absoluteFloor: 0)
        #expect(run(&unfloored, Array(repeating: 10, count: 30) + [11.5]).count == 1)
    }

    @Test func throughputDropIsFlaggedButARiseIsNot() {
        var random = TestRandom(seed: 13)
        var detector = AnomalyDetector(kind: .lowThroughput, absoluteFloor: 50)
        let baseline = (0..<30).map { _ in 2000 + random.normal() * 20 }
        #expect(run(&detector, baseline).isEmpty)
        #expect(run(&detector, [4000]).isEmpty)
        let events = run(&detector, [1000])
        #expect(events.map(\.kind) == [.lowThroughput])
    }

    @Test func moderateDeviationIsAWarning() {
        var random = TestRandom(seed: 14)
        var detector = AnomalyDetector(kind: .highLatency, threshold: 2, absoluteFloor: 0, alpha: 0.05)
        let baseline = (0..<200).map { _ in 10 + random.normal() }
        _ = run(&detector, baseline)
        let events = run(&detector, [12.8])
        #expect(events.first?.severity == .warning)
    }

    @Test func aLastingShiftBecomesTheNewNormal() {
        var detector = AnomalyDetector(kind: .highLatency, absoluteFloor: 1, warmUp: 5)
        _ = run(&detector, (0..<20).map { 10 + Double($0 % 2) * 0.2 })
        let shifted = run(&detector, Array(repeating: 30, count: 40))
        #expect(!shifted.isEmpty)
        #expect(shifted.count < 40)
        #expect(run(&detector, [30]).isEmpty)
    }
}
