import Foundation
import Testing

@testable import PerfGate

@Suite struct ReportValueFormatterTests {
    @Test(arguments: [
        (12.3456, "ms", "12.35 ms"),
        (0.4123, "ms", "0.412 ms"),
        (2001.4, "req/s", "2001 req/s"),
        (2000, "req/s", "2000 req/s"),
        (0.995, "ratio", "99.50%"),
        (1.5, "%", "1.50%"),
        (45.25, "MB", "45.25 MB"),
        (123.4, "MB", "123.4 MB"),
        (12, "count", "12"),
        (Double.nan, "ms", "n/a"),
    ])
    func formatsValuesWithTheirUnits(value: Double, unit: String, expected: String) {
        #expect(ReportValueFormatter.value(value, unit: unit) == expected)
    }

    @Test func writesWholeNumbersWithoutDecimalsAndKeepsTheSignOfNegativeZero() {
        #expect(ReportValueFormatter.number(2000) == "2000")
        #expect(ReportValueFormatter.number(1e15) == "1000000000000000")
        #expect(ReportValueFormatter.number(0) == "0")
        #expect(ReportValueFormatter.number(-0.0) == "-0")
        #expect(ReportValueFormatter.number(-0.0004) == "-0.000")
        #expect(ReportValueFormatter.number(.infinity) == "n/a")
    }

    @Test(arguments: [
        (0.123, "+12.3%"),
        (-0.04, "-4.0%"),
        (0.0025, "+0.25%"),
        (-0.00001, "+0.00%"),
        (12.5, "+1250%"),
    ])
    func formatsChangesAsSignedPercentages(fraction: Double, expected: String) {
        #expect(ReportValueFormatter.change(fraction) == expected)
    }

    static func row(better: MetricPolarity, change: Double, low: Double?, high: Double?) -> MetricComparison {
        MetricComparison(
            scenario: "s",
            metric: better == .lower ? "latency_p95_ms" : "throughput_rps",
            unit: better == .lower ? "ms" : "req/s",
            better: better,
            isGated: true,
            baselineMedian: 1,
            currentMedian: 1,
            relativeChange: change,
            intervalLow: low,
            intervalHigh: high,
            confidence: 0.95,
            pValue: 0.01,
            adjustedPValue: 0.01,
            verdict: .regressed,
            practicalThreshold: 0.25,
            baselineRounds: 5,
            currentRounds: 5,
            note: nil
        )
    }

    @Test func keepsTheOrientedChangeOfALowerIsBetterMetric() throws {
        let change = try #require(DisplayedChange(Self.row(better: .lower, change: 0.2, low: 0.1, high: 0.3)))
        #expect(change.text == "+20.0% [+10.0%, +30.0%]")
        #expect(abs(change.bandLow - (-0.2)) < 1e-12)
        #expect(change.bandHigh == 0.25)
    }

    @Test func showsAThroughputDropAsANegativeChange() throws {
        // Oriented +25% (the baseline did 25% more) is a 20% drop; the interval's ends swap.
        let change = try #require(DisplayedChange(Self.row(better: .higher, change: 0.25, low: 0.0, high: 1.0)))
        #expect(change.text == "-20.0% [-50.0%, +0.00%]")
    }

    @Test func marksAnUnboundedEndWithAQuestionMark() throws {
        let change = try #require(DisplayedChange(Self.row(better: .higher, change: 0.25, low: nil, high: 1.0)))
        #expect(change.intervalText == "[-50.0%, ?]")
        #expect(DisplayedChange(Self.row(better: .lower, change: .nan, low: nil, high: nil)) == nil)
    }
}
