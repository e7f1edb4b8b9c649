import Testing

@testable import PerfGate

/// R's `wilcox.test` help example (two independent samples).
private let permeabilityX = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
private let permeabilityY = [1.15, 0.88, 0.90, 0.74, 1.21]

/// R's `wilcox.test` help example (paired: depression scale before and after).
private let depressionBefore = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
private let depressionAfter = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

private func sortedDifferences(_ x: [Double], _ y: [Double]) -> [Double] {
    x.flatMap { a in y.map { b in a - b } }.sorted()
}

@Test func shiftIsTheMedianOfPairwiseDifferences() throws {
    // Differences 1, 0, 2, 1, 3, 2 sorted: 0 1 1 2 2 3, median 1.5.
    #expect(HodgesLehmann.shift([1, 2, 3], [0, 1]) == 1.5)
    // Odd count: 3 − 1, 3 − 2, 3 − 4 → median 1.
    #expect(HodgesLehmann.shift([3], [1, 2, 4]) == 1)
    #expect(HodgesLehmann.shift([5], [2]) == 3)
}

@Test func fiveByFiveIntervalUsesTheThirdAndTwentyThirdDifference() throws {
    let x = [1.5, 3.7, 6.2, 8.8, 12.1]
    let y = [1.0, 2.0, 3.0, 4.0, 5.0]
    let differences = sortedDifferences(x, y)
    let estimate = try #require(HodgesLehmann.shiftInterval(x, y, confidence: 0.95))
    #expect(estimate.count == 25)
    #expect(estimate.lowerOrder == 3)
    #expect(estimate.upperOrder == 23)
    #expect(estimate.lower == differences[2])
    #expect(estimate.upper == differences[22])
    #expect(estimate.estimate == differences[12])
    #expect(estimate.method == .exact)
    // 1 − 2·P(U ≤ 2) = 1 − 2·4/252.
    #expect(abs(estimate.achievedConfidence - (1 - 8.0 / 252)) < 1e-12)
}

@Test func intervalMatchesRReferenceExample() throws {
    // R: wilcox.test(x, y, conf.int = TRUE) → difference in location 0.305, CI [-0.15, 0.76].
    let estimate = try #require(HodgesLehmann.shiftInterval(permeabilityX, permeabilityY))
    #expect(abs(estimate.estimate - 0.305) < 1e-12)
    #expect(abs((estimate.lower ?? .nan) - -0.15) < 1e-12)
    #expect(abs((estimate.upper ?? .nan) - 0.76) < 1e-12)
    #expect(estimate.lowerOrder == 9)
    #expect(estimate.upperOrder == 42)
}

@Test func oneSidedIntervalsBoundOneSideAtTheFullErrorRate() throws {
    let x = [1.5, 3.7, 6.2, 8.8, 12.1]
    let y = [1.0, 2.0, 3.0, 4.0, 5.0]
    let differences = sortedDifferences(x, y)
    let greater = try #require(HodgesLehmann.shiftInterval(x, y, confidence: 0.95, alternative: .greater))
    // One-sided 5% critical value for n = m = 5 is 4: bound D(5).
    #expect(greater.lower == differences[4])
    #expect(greater.lowerOrder == 5)
    #expect(greater.upper == nil)
    let less = try #require(HodgesLehmann.shiftInterval(x, y, confidence: 0.95, alternative: .less))
    #expect(less.lower == nil)
    #expect(less.upper == differences[20])
    #expect(less.upperOrder == 21)
}

@Test func samplesTooSmallForTheConfidenceGiveUnboundedIntervals() throws {
    // n = m = 3: P(U = 0) = 1/20 > 2.5%, so no two-sided 95% bound exists.
    let estimate = try #require(HodgesLehmann.shiftInterval([4, 5, 6], [1, 2, 3]))
    #expect(estimate.estimate == 3)
    #expect(estimate.lower == nil)
    #expect(estimate.upper == nil)
    #expect(!estimate.excludesZeroFromAbove)
    let single = try #require(HodgesLehmann.shiftInterval([2], [1]))
    #expect(single.estimate == 1)
    #expect(single.lower == nil && single.upper == nil)
    // At 90% the same 3 + 3 rounds do give [D(1), D(9)].
    let wider = try #require(HodgesLehmann.shiftInterval([4, 5, 6], [1, 2, 3], confidence: 0.9))
    #expect(wider.lower == 1)
    #expect(wider.upper == 5)
}

@Test func badInputGivesNilNeverACrash() {
    #expect(HodgesLehmann.shift([], [1]) == nil)
    #expect(HodgesLehmann.shift([1], []) == nil)
    #expect(HodgesLehmann.shift([1, .nan], [1]) == nil)
    #expect(HodgesLehmann.shift([1], [.infinity]) == nil)
    #expect(HodgesLehmann.shift([.greatestFiniteMagnitude], [-.greatestFiniteMagnitude]) == nil)
    #expect(HodgesLehmann.shiftInterval([1, 2], [3, 4], confidence: 1) == nil)
    #expect(HodgesLehmann.shiftInterval([1, 2], [3, 4], confidence: 0) == nil)
    #expect(HodgesLehmann.shiftInterval([1, 2], [3, 4], confidence: .nan) == nil)
    #expect(HodgesLehmann.location([]) == nil)
    #expect(HodgesLehmann.location([.nan]) == nil)
    #expect(HodgesLehmann.pairedShift([1, 2], [1]) == nil)
    #expect(HodgesLehmann.pairedShiftInterval([1, 2], [1, 2, 3]) == nil)
}

@Test func largeSamplesUseTheNormalApproximation() throws {
    var random = TestRandom(seed: 7)
    let x = random.normals(60, mean: 1)
    let y = random.normals(60)
    let estimate = try #require(HodgesLehmann.shiftInterval(x, y))
    #expect(estimate.method == .normalApproximation)
    let lower = try #require(estimate.lower)
    let upper = try #require(estimate.upper)
    #expect(lower < estimate.estimate && estimate.estimate < upper)
    // Normal approximation: k − 1 = ⌊1800 − ½ − 1.96·√(3600·121/12)⌋ = 1426.
    #expect(estimate.lowerOrder == 1427)
    #expect(estimate.upperOrder == 3600 + 1 - 1427)
}

@Test func walshAverageLocationMatchesHandComputation() throws {
    // Walsh averages of 1, 2, 6: 1, 1.5, 2, 3.5, 4, 6 → pseudo-median 2.75.
    #expect(HodgesLehmann.location([1, 2, 6]) == 2.75)
    #expect(HodgesLehmann.location([4]) == 4)
}

@Test func pairedIntervalMatchesSignedRankOrderStatistics() throws {
    // n = 9: two-sided 5% signed-rank critical value 5, so [W(6), W(40)] of 45 Walsh averages.
    let estimate = try #require(HodgesLehmann.pairedShiftInterval(depressionBefore, depressionAfter))
    #expect(estimate.count == 45)
    #expect(estimate.lowerOrder == 6)
    #expect(estimate.upperOrder == 40)
    #expect(abs(estimate.estimate - 0.46) < 1e-12)
    #expect(abs((estimate.lower ?? .nan) - 0.01) < 1e-12)
    #expect(abs((estimate.upper ?? .nan) - 0.786) < 1e-12)
    #expect(HodgesLehmann.pairedShift(depressionBefore, depressionAfter) == estimate.estimate)
}

@Test func twoSampleIntervalCoversTheTrueShiftAtItsNominalRate() throws {
    // 2000 simulated pairs of normal samples, n = m = 10, true shift 1; exact coverage 95.7%.
    var random = TestRandom(seed: 20_240_601)
    var covered = 0
    let trials = 2000
    for _ in 0..<trials {
        let x = random.normals(10, mean: 1)
        let y = random.normals(10)
        let estimate = try #require(HodgesLehmann.shiftInterval(x, y))
        if let lower = estimate.lower, let upper = estimate.upper, lower <= 1, 1 <= upper { covered += 1 }
    }
    let coverage = Double(covered) / Double(trials)
    #expect(coverage >= 0.93 && coverage <= 0.97, "coverage \(coverage)")
}

@Test func pairedIntervalCoversTheTrueShiftAtItsNominalRate() throws {
    // 2000 simulated paired samples of 10 with a shared per-pair level; exact coverage 95.1%.
    var random = TestRandom(seed: 99)
    var covered = 0
    let trials = 2000
    for _ in 0..<trials {
        let levels = random.normals(10, standardDeviation: 5)
        let before = levels.map { $0 + random.normal() }
        let after = levels.map { $0 + 0.5 + random.normal() }
        let estimate = try #require(HodgesLehmann.pairedShiftInterval(after, before))
        if let lower = estimate.lower, let upper = estimate.upper, lower <= 0.5, 0.5 <= upper { covered += 1 }
    }
    let coverage = Double(covered) / Double(trials)
    #expect(coverage >= 0.93 && coverage <= 0.97, "coverage \(coverage)")
}
