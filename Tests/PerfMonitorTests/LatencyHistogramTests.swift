import Foundation
import Testing

@testable import PerfMonitor

@Suite struct LatencyHistogramTests {
    enum Distribution: String, CaseIterable, CustomTestStringConvertible {
        case logNormal
        case bimodal
        case heavyTail
        case uniformWide

        var testDescription: String { rawValue }

        /// A sample in nanoseconds.
        func sample(_ random: inout TestRandom) -> Int64 {
            switch self {
            case .logNormal:
                return Int64(exp(log(2_000_000.0) + 0.8 * random.normal()))
            case .bimodal:
                let center = random.unit() < 0.7 ? 500_000.0 : 40_000_000.0
                return Int64(max(1_000, center * (1 + 0.1 * random.normal())))
            case .heavyTail:
                // Pareto with shape 1.2 from 100 µs: a long tail into seconds.
                return Int64(min(90e9, 100_000.0 / pow(max(random.unit(), 1e-12), 1 / 1.2)))
            case .uniformWide:
                return Int64(1_000 + random.unit() * 99e9)
            }
        }
    }

    @Test(arguments: Distribution.allCases)
    func percentilesAreWithinOnePercentOfAnExactSort(distribution: Distribution) {
        var random = TestRandom(seed: 42)
        let histogram = LatencyHistogram()
        var values: [Int64] = []
        for _ in 0..<100_000 {
            let value = distribution.sample(&random)
            values.append(value)
            histogram.record(nanoseconds: value)
        }
        values.sort()
        let snapshot = histogram.snapshot()
        #expect(snapshot.count == UInt64(values.count))
        for p in [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999] {
            let exact = Double(values[Int((p * Double(values.count)).rounded(.up)) - 1])
            let reported = Double(snapshot.percentileNanoseconds(p))
            #expect(abs(reported - exact) / exact <= 0.01, "p\(p): exact \(exact) ns, reported \(reported) ns")
        }
        #expect(snapshot.minNanoseconds == UInt64(values[0]))
        #expect(snapshot.maxNanoseconds == UInt64(values[values.count - 1]))
        let exactMean = Double(values.reduce(0, +)) / Double(values.count)
        #expect(abs(snapshot.meanMilliseconds * 1e6 - exactMean) / exactMean < 1e-9)
    }

    @Test func durationAndNanosecondEntryPointsAgree() {
        let byDuration = LatencyHistogram()
        let byNanoseconds = LatencyHistogram()
        for value: Int64 in [1_500, 999_999, 25_000_000, 18_000_000_000, 19_000_000_000, 99_000_000_000] {
            byDuration.record(.nanoseconds(value))
            byNanoseconds.record(nanoseconds: value)
        }
        #expect(byDuration.snapshot() == byNanoseconds.snapshot())
    }

    @Test func outOfRangeValuesAreClampedAndNegativeOnesRejected() {
        let histogram = LatencyHistogram()
        histogram.record(.zero)
        histogram.record(.nanoseconds(10))
        histogram.record(.seconds(500))
        histogram.record(.seconds(-1))
        histogram.record(.milliseconds(-3))
        let snapshot = histogram.snapshot()
        #expect(snapshot.count == 3)
        #expect(snapshot.clampedLowCount == 2)
        #expect(snapshot.clampedHighCount == 1)
        #expect(snapshot.rejectedCount == 2)
        #expect(snapshot.min == .microseconds(1))
        #expect(snapshot.max == .seconds(100))
    }

    @Test func emptySnapshotReportsZeros() {
        let snapshot = LatencyHistogram().snapshot()
        #expect(snapshot.isEmpty)
        #expect(snapshot.percentile(0.99) == .zero)
        #expect(snapshot.mean == .zero)
        #expect(snapshot.min == .zero && snapshot.max == .zero)
        #expect(snapshot.percentileMilliseconds(.nan) == 0)
    }

    @Test func mergingEqualsRecordingEverythingInOne() {
        var random = TestRandom(seed: 7)
        let left = LatencyHistogram()
        let right = LatencyHistogram()
        let both = LatencyHistogram()
        for index in 0..<20_000 {
            let value = Int64(1_000 + random.unit() * 1e8)
            (index.isMultiple(of: 3) ? left : right).record(nanoseconds: value)
            both.record(nanoseconds: value)
        }
        let merged = left.snapshot().merging(right.snapshot())
        #expect(merged == both.snapshot())
        #expect(merged.percentile(0.95) == both.snapshot().percentile(0.95))
    }

    @Test func subtractingAnEarlierSnapshotLeavesTheLaterRecordings() {
        let histogram = LatencyHistogram()
        for _ in 0..<1_000 { histogram.record(.milliseconds(1)) }
        let earlier = histogram.snapshot()
        for _ in 0..<500 { histogram.record(.milliseconds(50)) }
        let later = histogram.snapshot().subtracting(earlier)
        #expect(later.count == 500)
        #expect(abs(later.percentileMilliseconds(0.5) - 50) / 50 < 0.01)
        #expect(abs(later.meanMilliseconds - 50) < 0.001)
    }

    @Test func sparseBucketsRoundTrip() {
        var random = TestRandom(seed: 3)
        let histogram = LatencyHistogram()
        for _ in 0..<5_000 { histogram.record(nanoseconds: Int64(10_000 + random.unit() * 1e9)) }
        let snapshot = histogram.snapshot()
        let rebuilt = HistogramSnapshot(
            sparseBuckets: snapshot.sparseBuckets,
            sumNanoseconds: snapshot.sumNanoseconds,
            minNanoseconds: snapshot.minNanoseconds,
            maxNanoseconds: snapshot.maxNanoseconds
        )
        #expect(rebuilt == snapshot)
        #expect(snapshot.sparseBuckets.count < HistogramLayout.bucketCount)
    }

    @Test func concurrentRecordingLosesNoUpdates() async {
        let histogram = LatencyHistogram()
        let tasks = 8
        let perTask = 50_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<perTask {
                        histogram.record(nanoseconds: Int64(1_000 + (task * perTask + index) % 5_000_000))
                    }
                }
            }
        }
        let snapshot = histogram.snapshot()
        #expect(snapshot.count == UInt64(tasks * perTask))
        var expectedSum: UInt64 = 0
        for task in 0..<tasks {
            for index in 0..<perTask { expectedSum += UInt64(1_000 + (task * perTask + index) % 5_000_000) }
        }
        #expect(snapshot.sumNanoseconds == expectedSum)
    }

    @Test func countAtMostCountsWholeBucketsBelowTheBound() {
        let histogram = LatencyHistogram()
        histogram.record(.milliseconds(1))
        histogram.record(.milliseconds(10))
        histogram.record(.milliseconds(30))
        let snapshot = histogram.snapshot()
        #expect(snapshot.count(atMostNanoseconds: 25_000_000) == 2)
        #expect(snapshot.count(atMostNanoseconds: 5_000_000) == 1)
        #expect(snapshot.count(atMostNanoseconds: 100_000_000) == 3)
    }
}

@Suite struct CoarsenedSnapshotTests {
    @Test func coarseningKeepsTotalsExactAndValuesWithinFivePercent() {
        var random = TestRandom(seed: 21)
        let histogram = LatencyHistogram()
        var values: [Int64] = []
        for _ in 0..<50_000 {
            let value = Int64(exp(log(3_000_000.0) + random.normal()))
            values.append(value)
            histogram.record(nanoseconds: value)
        }
        values.sort()
        let fine = histogram.snapshot()
        let coarse = fine.coarsened(bucketsPerOctave: 8)
        #expect(coarse.count == fine.count)
        #expect(coarse.sumNanoseconds == fine.sumNanoseconds)
        #expect(coarse.minNanoseconds == fine.minNanoseconds && coarse.maxNanoseconds == fine.maxNanoseconds)
        #expect(coarse.sparseBuckets.count * 4 < fine.sparseBuckets.count)
        for p in [0.5, 0.9, 0.99] {
            let exact = Double(values[Int((p * Double(values.count)).rounded(.up)) - 1])
            #expect(abs(Double(coarse.percentileNanoseconds(p)) - exact) / exact < 0.05, "p\(p)")
        }
        #expect(coarse.coarsened(bucketsPerOctave: 8) == coarse)
    }

    @Test func anUnevenGroupingIsRefused() {
        let histogram = LatencyHistogram()
        histogram.record(.milliseconds(3))
        let snapshot = histogram.snapshot()
        #expect(snapshot.coarsened(bucketsPerOctave: 7) == snapshot)
    }
}
