import Testing

@testable import PerfGate

private let permeabilityX = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
private let permeabilityY = [1.15, 0.88, 0.90, 0.74, 1.21]

@Test func mannWhitneyExactPValuesMatchReference() throws {
    // R: wilcox.test(x, y, alternative = "greater") → W = 35, p = 0.1272 (exact).
    let greater = try #require(MannWhitney.test(permeabilityX, permeabilityY, alternative: .greater))
    #expect(greater.statistic == 35)
    #expect(greater.method == .exact)
    #expect(abs(greater.pValue - 0.127_206_127_206_127_2) < 1e-12)
    let less = try #require(MannWhitney.test(permeabilityX, permeabilityY, alternative: .less))
    #expect(abs(less.pValue - 0.896_769_896_769_896_7) < 1e-12)
    let twoSided = try #require(MannWhitney.test(permeabilityX, permeabilityY))
    #expect(abs(twoSided.pValue - 0.254_412_254_412_254_4) < 1e-12)
}

@Test func mannWhitneyCompleteSeparationOfFiveAndFive() throws {
    let result = try #require(MannWhitney.test([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]))
    #expect(result.statistic == 25)
    #expect(abs(result.pValue - 2.0 / 252) < 1e-15)
}

@Test func mannWhitneyTiesUseMidRanksAndTheTieCorrectedNormalApproximation() throws {
    // Reference: scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True).
    let x: [Double] = [1, 2, 2, 3, 4, 4, 4, 5]
    let y: [Double] = [2, 3, 3, 5, 6, 6, 7]
    let expected: [(Alternative, Double)] = [
        (.greater, 0.936_198_605_409_266_4), (.less, 0.079_799_471_221_324_41), (.twoSided, 0.159_598_942_442_648_83),
    ]
    for (alternative, p) in expected {
        let result = try #require(MannWhitney.test(x, y, alternative: alternative))
        #expect(result.statistic == 15.5)
        #expect(result.method == .normalApproximation)
        #expect(result.hasTies)
        #expect(abs(result.pValue - p) < 1e-12)
    }
}

@Test func mannWhitneyAllTiedOrDegenerateSamples() throws {
    let tied = try #require(MannWhitney.test([1, 1, 1], [1, 1, 1]))
    #expect(tied.pValue == 1)
    let single = try #require(MannWhitney.test([2], [1]))
    #expect(single.pValue == 1)
    #expect(MannWhitney.test([], [1]) == nil)
    #expect(MannWhitney.test([1, .nan], [1]) == nil)
    #expect(MannWhitney.test([1], [-.infinity]) == nil)
}

@Test func signedRankExactPValueMatchesReference() throws {
    // R: wilcox.test(x, y, paired = TRUE, alternative = "greater") → V = 40, p = 0.01953.
    let before = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    let after = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    let greater = try #require(WilcoxonSignedRank.test(before, pairedWith: after, alternative: .greater))
    #expect(greater.statistic == 40)
    #expect(greater.method == .exact)
    #expect(abs(greater.pValue - 0.019_531_25) < 1e-15)
    let twoSided = try #require(WilcoxonSignedRank.test(before, pairedWith: after))
    #expect(abs(twoSided.pValue - 0.039_062_5) < 1e-15)
}

@Test func signedRankDropsZerosAndCorrectsForTies() throws {
    // Reference: scipy.stats.wilcoxon(zero_method="wilcox", correction=True, method="approx").
    let differences = [1.5, -0.5, 2, 2, 0, 3, -1, 4, 2.5, 0]
    let greater = try #require(WilcoxonSignedRank.test(differences, alternative: .greater))
    #expect(greater.statistic == 33)
    #expect(greater.method == .normalApproximation)
    #expect(abs(greater.pValue - 0.021_031_366_678_383_037) < 1e-12)
    let twoSided = try #require(WilcoxonSignedRank.test(differences))
    #expect(abs(twoSided.pValue - 0.042_062_733_356_766_07) < 1e-12)
}

@Test func signedRankDegenerateInput() throws {
    let zeros = try #require(WilcoxonSignedRank.test([0, 0, 0]))
    #expect(zeros.pValue == 1)
    #expect(WilcoxonSignedRank.test([]) == nil)
    #expect(WilcoxonSignedRank.test([1, .nan]) == nil)
    #expect(WilcoxonSignedRank.test([1, 2], pairedWith: [1]) == nil)
}

@Test func exactTestRejectsExactlyWhenTheMatchingIntervalExcludesZero() throws {
    // Consistency the comparator relies on: p ≤ α ⇔ the (1 − α) interval excludes 0.
    var random = TestRandom(seed: 5)
    for _ in 0..<300 {
        let x = random.normals(6, mean: 0.8)
        let y = random.normals(7)
        let p = try #require(MannWhitney.test(x, y)).pValue
        let interval = try #require(HodgesLehmann.shiftInterval(x, y, confidence: 0.95))
        let excludesZero = interval.excludesZeroFromAbove || interval.excludesZeroFromBelow
        #expect(excludesZero == (p <= 0.05), "p \(p), interval \(String(describing: interval))")
    }
}
