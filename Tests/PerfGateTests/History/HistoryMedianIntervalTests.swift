import Testing

@testable import PerfGate

/// The order-statistic interval of a run's median that history records carry.
@Suite struct HistoryMedianIntervalTests {
    @Test(arguments: [
        // Rounds, coverage: too few for 95 % gives the whole range, with the coverage it has.
        (1, 0.0), (2, 0.5), (4, 0.875), (5, 0.9375), (6, 0.96875),
    ])
    func fewRoundsGiveTheWholeRangeWithItsCoverage(count: Int, coverage: Double) throws {
        let values = (1...count).map(Double.init).reversed()
        let interval = try #require(MedianInterval(of: Array(values)))
        #expect(interval.lower == 1)
        #expect(interval.upper == Double(count))
        #expect(interval.confidence == coverage)
        #expect(interval.count == count)
    }

    @Test func twentyRoundsUseTheSixthValuesFromEachEnd() throws {
        // P(B ≤ 5) = 0.0207 for B ~ Binomial(20, ½), and P(B ≤ 6) = 0.0577 > 0.025.
        let interval = try #require(MedianInterval(of: (1...20).map(Double.init)))
        #expect(interval.lower == 6)
        #expect(interval.upper == 15)
        #expect(abs(interval.confidence - 0.958611) < 1e-6)
        #expect(interval.median == 10.5)
    }

    @Test func thousandsOfRoundsDoNotUnderflow() throws {
        let interval = try #require(MedianInterval(of: (1...3000).map(Double.init)))
        #expect(interval.lower > 1400 && interval.lower < 1500)
        #expect(interval.upper == 3001 - interval.lower)
        #expect(interval.confidence >= 0.95 && interval.confidence < 0.96)
    }

    @Test func nonFiniteValuesAreLeftOut() throws {
        #expect(MedianInterval(of: [.nan, .infinity]) == nil)
        #expect(MedianInterval(of: [])?.count == nil)
        let interval = try #require(MedianInterval(of: [3, .nan, 1, 2]))
        #expect(interval.count == 3 && interval.median == 2)
    }
}
