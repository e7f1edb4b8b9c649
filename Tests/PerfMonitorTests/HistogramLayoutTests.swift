import Testing

@testable import PerfMonitor

@Suite struct HistogramLayoutTests {
    @Test func bucketsAreContiguousAndCoverTheTrackableRange() {
        #expect(HistogramLayout.lowerBound(ofBucket: 0) == HistogramLayout.trackableRange.lowerBound)
        for bucket in 0..<(HistogramLayout.bucketCount - 1) {
            #expect(HistogramLayout.upperBound(ofBucket: bucket) == HistogramLayout.lowerBound(ofBucket: bucket + 1))
        }
        let last = HistogramLayout.bucketCount - 1
        #expect(HistogramLayout.lowerBound(ofBucket: last) <= HistogramLayout.trackableRange.upperBound)
        #expect(HistogramLayout.upperBound(ofBucket: last) > HistogramLayout.trackableRange.upperBound)
    }

    @Test func everyValueMapsToTheBucketThatHoldsIt() {
        var value = HistogramLayout.trackableRange.lowerBound
        while value <= HistogramLayout.trackableRange.upperBound {
            let bucket = HistogramLayout.index(ofClamped: value)
            #expect(HistogramLayout.lowerBound(ofBucket: bucket) <= value)
            #expect(value < HistogramLayout.upperBound(ofBucket: bucket))
            value = value + value / 97 + 1
        }
    }

    @Test func quantizationErrorIsAtMostOnePercentAcrossTheRange() {
        var worst = 0.0
        var value = HistogramLayout.trackableRange.lowerBound
        while value <= HistogramLayout.trackableRange.upperBound {
            let reported = HistogramLayout.midpoint(ofBucket: HistogramLayout.index(ofClamped: value))
            worst = max(worst, abs(Double(reported) - Double(value)) / Double(value))
            value = value + value / 331 + 1
        }
        #expect(worst <= 0.01)
        #expect(worst > 0.001, "the probe should reach near a bucket edge")
    }

    @Test func memoryStaysWithinSixtyFourKibibytes() {
        #expect(LatencyHistogram().memoryFootprintBytes <= 64 * 1024)
    }
}
