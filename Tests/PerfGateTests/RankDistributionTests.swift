import Testing

@testable import PerfGate

/// Published two-sided 5% critical values of the Mann–Whitney U (reject when U ≤ c).
private let mannWhitneyTable: [(n: Int, m: Int, critical: Int)] = [
    (3, 3, -1), (4, 4, 0), (3, 5, 0), (2, 8, 0), (4, 6, 2), (5, 5, 2), (6, 6, 5), (7, 7, 8), (8, 8, 13),
    (5, 10, 8), (10, 5, 8), (9, 9, 17), (10, 10, 23), (12, 12, 37), (15, 15, 64), (20, 20, 127),
]

/// Published one-sided 5% critical values of the Mann–Whitney U.
private let mannWhitneyOneSidedTable: [(n: Int, m: Int, critical: Int)] = [
    (3, 5, 1), (4, 4, 1), (5, 5, 4), (6, 6, 7), (7, 7, 11), (8, 8, 15), (10, 10, 27), (20, 20, 138),
]

/// Published two-sided 5% critical values of the Wilcoxon signed-rank T.
private let signedRankTable: [(n: Int, critical: Int)] = [
    (5, -1), (6, 0), (7, 2), (8, 3), (9, 5), (10, 8), (12, 13), (15, 25), (20, 52), (25, 89), (30, 137),
]

@Test(arguments: mannWhitneyTable)
func mannWhitneyCriticalValuesMatchTables(n: Int, m: Int, critical: Int) throws {
    let distribution = try #require(RankDistribution.mannWhitney(n: n, m: m))
    #expect(distribution.method == .exact)
    #expect(distribution.criticalValue(tailProbability: 0.025) == critical)
}

@Test(arguments: mannWhitneyOneSidedTable)
func mannWhitneyOneSidedCriticalValuesMatchTables(n: Int, m: Int, critical: Int) throws {
    let distribution = try #require(RankDistribution.mannWhitney(n: n, m: m))
    #expect(distribution.criticalValue(tailProbability: 0.05) == critical)
}

@Test(arguments: signedRankTable)
func signedRankCriticalValuesMatchTables(n: Int, critical: Int) throws {
    let distribution = try #require(RankDistribution.signedRank(n: n))
    #expect(distribution.criticalValue(tailProbability: 0.025) == critical)
}

@Test func mannWhitneyDistributionIsAProperSymmetricDistribution() throws {
    let distribution = try #require(RankDistribution.mannWhitney(n: 4, m: 7))
    #expect(distribution.maximum == 28)
    let total = (0...28).map(distribution.probability).reduce(0, +)
    #expect(abs(total - 1) < 1e-12)
    for u in 0...28 {
        #expect(abs(distribution.probability(u) - distribution.probability(28 - u)) < 1e-12)
    }
    // Only one arrangement of C(11, 4) = 330 puts every x below every y.
    #expect(abs(distribution.cdf(0) - 1.0 / 330) < 1e-15)
    #expect(distribution.cdf(-1) == 0)
    #expect(distribution.cdf(28) == 1)
}

@Test func signedRankDistributionCountsSubsetsOfRanks() throws {
    let distribution = try #require(RankDistribution.signedRank(n: 4))
    // Subsets of {1, 2, 3, 4} by sum: 0:1 1:1 2:1 3:2 4:2 5:2 6:2 7:2 8:1 9:1 10:1.
    let expected = [1.0, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1].map { $0 / 16 }
    for (t, probability) in expected.enumerated() {
        #expect(abs(distribution.probability(t) - probability) < 1e-15)
    }
}

@Test func normalApproximationTakesOverBeyondTheExactLimit() throws {
    let exact = try #require(RankDistribution.mannWhitney(n: 50, m: 50))
    let approximate = try #require(RankDistribution.mannWhitney(n: 50, m: 50, exact: false))
    let beyond = try #require(RankDistribution.mannWhitney(n: 51, m: 10))
    #expect(exact.method == .exact)
    #expect(approximate.method == .normalApproximation)
    #expect(beyond.method == .normalApproximation)
    let exactCritical = exact.criticalValue(tailProbability: 0.025)
    let approximateCritical = approximate.criticalValue(tailProbability: 0.025)
    #expect(abs(exactCritical - approximateCritical) <= 2)
    #expect(exactCritical > 900 && exactCritical < 1100)
}

@Test func degenerateAndInvalidSizesNeverCrash() throws {
    #expect(RankDistribution.mannWhitney(n: -1, m: 3) == nil)
    #expect(RankDistribution.signedRank(n: -2) == nil)
    let empty = try #require(RankDistribution.mannWhitney(n: 0, m: 3))
    #expect(empty.maximum == 0)
    #expect(empty.cdf(0) == 1)
    #expect(empty.criticalValue(tailProbability: 0.025) == -1)
    let distribution = try #require(RankDistribution.mannWhitney(n: 5, m: 5))
    #expect(distribution.criticalValue(tailProbability: .nan) == -1)
    #expect(distribution.criticalValue(tailProbability: 0) == -1)
    #expect(distribution.criticalValue(tailProbability: 1) == 25)
}

@Test(arguments: [
    (0.975, 1.959_963_984_540_054), (0.5, 0.0), (0.025, -1.959_963_984_540_054), (1e-10, -6.361_340_902_404_056),
])
func standardNormalQuantileMatchesReferenceValues(p: Double, z: Double) throws {
    let quantile = try #require(StandardNormal.quantile(p))
    #expect(abs(quantile - z) < 1e-9)
    #expect(abs(StandardNormal.cdf(quantile) - p) < 1e-12)
}

@Test func standardNormalQuantileRejectsProbabilitiesOutsideTheOpenUnitInterval() {
    #expect(StandardNormal.quantile(0) == nil)
    #expect(StandardNormal.quantile(1) == nil)
    #expect(StandardNormal.quantile(.nan) == nil)
    #expect(StandardNormal.quantile(1e-300).map { $0 < -37 && $0 > -38 } == true)
    #expect(StandardNormal.quantile(1 - 1e-16).map(\.isFinite) == true)
    #expect(StandardNormal.cdf(.infinity) == 1)
    #expect(StandardNormal.survival(.infinity) == 0)
}
