import Foundation
import Testing

@testable import PerfGate

/// A series of `count` values around `levels` (each from its start index on) with Gaussian noise of
/// `cv` times the level.
private func steppedSeries(
    count: Int,
    levels: [(start: Int, mean: Double)],
    cv: Double,
    seed: UInt64
) -> [Double] {
    var random = TestRandom(seed: seed)
    return (0..<count).map { index in
        let mean = levels.last { $0.start <= index }?.mean ?? levels[0].mean
        return mean + cv * mean * random.normal()
    }
}

@Suite struct ChangePointDetectorTests {
    let detector = ChangePointDetector()

    @Test func findsACleanStepAtItsIndexWithItsSize() throws {
        let series = steppedSeries(count: 200, levels: [(0, 100), (120, 110)], cv: 0.02, seed: 1)
        let points = detector.changePoints(in: series)
        let point = try #require(points.first)
        #expect(points.count == 1)
        #expect(abs(point.index - 120) <= 1)
        #expect(abs(point.relativeChange - 0.10) < 0.02)
        #expect(abs(point.meanBefore - 100) < 1)
        #expect(abs(point.meanAfter - 110) < 1)
        #expect(point.interval.contains(0.10))
        #expect(point.interval.lowerBound > 0.05 && point.interval.upperBound < 0.15)
        #expect(point.pValue <= ChangePointConfiguration.default.significance)
    }

    @Test func reportsADropWithANegativeChangeAndInterval() throws {
        let series = steppedSeries(count: 300, levels: [(0, 50), (90, 45)], cv: 0.03, seed: 2)
        let point = try #require(detector.changePoints(in: series).first)
        #expect(abs(point.index - 90) <= 1)
        #expect(point.relativeChange < -0.07 && point.relativeChange > -0.13)
        #expect(point.interval.upperBound < 0)
        #expect(point.interval.contains(-0.10))
    }

    @Test(arguments: [UInt64(11), 12, 13, 14, 15])
    func findsNothingInAFlatNoisySeries(seed: UInt64) {
        let series = steppedSeries(count: 500, levels: [(0, 200)], cv: 0.05, seed: seed)
        #expect(detector.changePoints(in: series).isEmpty)
    }

    @Test func findsSeveralStepsInOrder() {
        let levels: [(start: Int, mean: Double)] = [(0, 100), (150, 110), (300, 93.5), (450, 101)]
        let series = steppedSeries(count: 600, levels: levels, cv: 0.02, seed: 3)
        let points = detector.changePoints(in: series)
        #expect(points.map(\.index) == points.map(\.index).sorted())
        #expect(points.count == 3)
        for (point, truth) in zip(points, [150, 300, 450]) {
            #expect(abs(point.index - truth) <= 1, "found \(point.index), expected \(truth)")
        }
        // Each change is measured against the adjacent segments, not the whole series.
        if points.count == 3 {
            #expect(abs(points[1].meanBefore - 110) < 1.5)
            #expect(abs(points[1].meanAfter - 93.5) < 1.5)
        }
    }

    @Test func anOutlierAloneIsNotAChangePoint() {
        var series = steppedSeries(count: 300, levels: [(0, 100)], cv: 0.02, seed: 4)
        series[100] *= 5
        series[220] *= 3
        series[221] *= 3
        #expect(detector.changePoints(in: series).isEmpty)
    }

    @Test func theSameSeedGivesTheSameAnswer() {
        // The same configuration in a new detector: nothing but the seed decides the shuffles.
        let series = steppedSeries(count: 400, levels: [(0, 100), (200, 104), (320, 108)], cv: 0.03, seed: 5)
        let first = detector.changePoints(in: series)
        let again = ChangePointDetector(configuration: .default).changePoints(in: series)
        #expect(first == again)
        #expect(!first.isEmpty)
    }

    @Test func theLocalTestThinsASlowDriftsStaircase() {
        // +4 % over 1,000 points at 2 % noise: no step, but far ends that differ, so a test over
        // whole segments alone cuts it into steps.
        var random = TestRandom(seed: 8)
        let series = (0..<1000).map { index in 100 * (1 + 0.04 * Double(index) / 999) * (1 + 0.02 * random.normal()) }
        let withoutLocalTest = ChangePointDetector(configuration: ChangePointConfiguration(localWindow: 0))
        let staircase = withoutLocalTest.changePoints(in: series)
        #expect(staircase.count >= 3)
        // Stage 1 put each split where the noise moved most, so one may survive; most do not.
        #expect(detector.changePoints(in: series).count < staircase.count)
    }

    @Test func aSeriesBelowTheMinimumLengthHasNoChangePoints() {
        let minimum = ChangePointDetector.minimumSeriesLength
        #expect(minimum == 2 * ChangePointConfiguration.default.minimumSegment)
        let short = (0..<(minimum - 1)).map { $0 < minimum / 2 ? 1.0 : 100.0 }
        #expect(detector.changePoints(in: short).isEmpty)
        let custom = ChangePointDetector(configuration: ChangePointConfiguration(minimumSegment: 30))
        #expect(custom.minimumSeriesLength == 60)
    }

    @Test func skipsNonFiniteValuesAndKeepsInputIndices() throws {
        var series = steppedSeries(count: 200, levels: [(0, 100), (120, 110)], cv: 0.02, seed: 1)
        series[5] = .nan
        series[60] = .infinity
        series[118] = -.infinity
        series[119] = .nan
        series[150] = .nan
        let point = try #require(detector.changePoints(in: series).first)
        #expect(abs(point.index - 120) <= 1)
        #expect(point.meanBefore.isFinite && point.meanAfter.isFinite)
        #expect(abs(point.relativeChange - 0.10) < 0.02)
        #expect(detector.changePoints(in: [Double](repeating: .nan, count: 100)).isEmpty)
    }

    @Test func findsAStepBetweenExactlyRepeatedValues() throws {
        // Counters repeat values exactly: ties everywhere, and no noise at all.
        let series = [Double](repeating: 5, count: 60) + [Double](repeating: 7, count: 40)
        let point = try #require(detector.changePoints(in: series).first)
        #expect(detector.changePoints(in: series).count == 1)
        #expect(point.index == 60)
        #expect(point.relativeChange == 0.4)
        #expect(detector.changePoints(in: [Double](repeating: 5, count: 100)).isEmpty)
    }

    @Test func tooFewPermutationsForTheSignificanceFindNothing() {
        // 10 permutations cannot give p ≤ 0.01: the smallest p-value is 1/11.
        let series = steppedSeries(count: 200, levels: [(0, 100), (100, 150)], cv: 0.01, seed: 6)
        let configuration = ChangePointConfiguration(significance: 0.01, permutations: 10)
        #expect(ChangePointDetector(configuration: configuration).changePoints(in: series).isEmpty)
        #expect(detector.changePoints(in: series).count == 1)
        for significance in [0, 1, -0.5, Double.nan] {
            let invalid = ChangePointDetector(configuration: ChangePointConfiguration(significance: significance))
            #expect(invalid.changePoints(in: series).isEmpty)
        }
    }

    @Test func theScanMatchesTheDirectStatistic() throws {
        var random = TestRandom(seed: 7)
        let values = (0..<40).map { index in (index < 25 ? 10.0 : 12.0) + random.normal() }
        let (ranks, sorted) = EDivisivePermutationTest.ranks(of: values[...])
        let (byRank, allPairs) = EDivisiveScan.distanceTotals(sorted: sorted)
        var scan = EDivisiveScan()
        let found = try #require(
            values.withUnsafeBufferPointer { values in
                ranks.withUnsafeBufferPointer { ranks in
                    byRank.withUnsafeBufferPointer { byRank in
                        scan.bestSplit(values: values, ranks: ranks, distances: (byRank, allPairs), minimumSegment: 3)
                    }
                }
            }
        )
        // Matteson and James's Q, pair by pair.
        func statistic(_ split: Int) -> Double {
            let x = values[..<split]
            let y = values[split...]
            let m = Double(x.count)
            let r = Double(y.count)
            var between = 0.0
            for a in x { for b in y { between += abs(a - b) } }
            var withinX = 0.0
            for i in x.indices { for k in x.indices where k > i { withinX += abs(x[i] - x[k]) } }
            var withinY = 0.0
            for j in y.indices { for l in y.indices where l > j { withinY += abs(y[j] - y[l]) } }
            let energy = 2 * between / (m * r) - 2 * withinX / (m * (m - 1)) - 2 * withinY / (r * (r - 1))
            return m * r / (m + r) * energy
        }
        let direct = (3...37).max { statistic($0) < statistic($1) } ?? 0
        #expect(found.index == direct)
        #expect(abs(found.statistic - statistic(direct)) < 1e-9 * max(1, abs(found.statistic)))
    }
}
