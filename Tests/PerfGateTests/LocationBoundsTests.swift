import Testing

@testable import PerfGate

@Test func fiveRoundsBoundTheMedianByTheirExtremes() throws {
    let bounds = try #require(LocationBounds(of: [22, 19, 24, 21, 20]))
    #expect(bounds.estimate == 21)
    #expect(bounds.lower == 19)
    #expect(bounds.upper == 24)
    #expect(bounds.lowerOrder == 1)
    #expect(bounds.upperOrder == 5)
    #expect(abs((bounds.lowerConfidence ?? 0) - (1 - 1.0 / 32)) < 1e-12)
    #expect(abs((bounds.upperConfidence ?? 0) - (1 - 1.0 / 32)) < 1e-12)
}

@Test func tenRoundsUseTheSecondSmallestAndSecondLargest() throws {
    // P(B ≤ 1) = 11/1024 ≤ 5% < P(B ≤ 2) = 56/1024 for B ~ Binomial(10, ½).
    let values = (1...10).map(Double.init).reversed().map { $0 }
    let bounds = try #require(LocationBounds(of: values))
    #expect(bounds.lower == 2)
    #expect(bounds.upper == 9)
    #expect(bounds.estimate == 5.5)
    #expect(abs((bounds.lowerConfidence ?? 0) - (1 - 11.0 / 1024)) < 1e-12)
}

@Test func tooFewRoundsGiveNoBoundAtTheRequestedConfidence() throws {
    let bounds = try #require(LocationBounds(of: [1, 2, 3, 4]))
    #expect(bounds.lower == nil)
    #expect(bounds.upper == nil)
    let lenient = try #require(LocationBounds(of: [1, 2, 3, 4], confidence: 0.9))
    #expect(lenient.lower == 1)
    #expect(lenient.upper == 4)
}

@Test func upperQuantileBoundsAreAsymmetric() throws {
    // q = 0.9, n = 30, B ~ Binomial(30, 0.9): lower X(k) with P(B ≤ k − 1) ≤ 5% → k = 24;
    // upper X(j) with P(B ≥ j) ≤ 5%: P(B ≥ 30) = 0.042 → j = 30.
    let values = (1...30).map(Double.init)
    let bounds = try #require(LocationBounds(of: values, quantile: 0.9))
    #expect(bounds.lowerOrder == 24)
    #expect(bounds.upperOrder == 30)
}

@Test func lowerBoundCoversTheTrueMedianAtLeastAtItsConfidence() throws {
    var random = TestRandom(seed: 3)
    var lowerCovered = 0
    var upperCovered = 0
    let trials = 2000
    for _ in 0..<trials {
        let bounds = try #require(LocationBounds(of: random.normals(12, mean: 10)))
        if let lower = bounds.lower, lower <= 10 { lowerCovered += 1 }
        if let upper = bounds.upper, upper >= 10 { upperCovered += 1 }
    }
    // n = 12: k = 3, confidence 1 − 79/4096 = 98.1%.
    #expect(Double(lowerCovered) / Double(trials) >= 0.965)
    #expect(Double(upperCovered) / Double(trials) >= 0.965)
}

@Test func badInputGivesNoBounds() {
    #expect(LocationBounds(of: []) == nil)
    #expect(LocationBounds(of: [1, .nan]) == nil)
    #expect(LocationBounds(of: [1, 2], quantile: 0) == nil)
    #expect(LocationBounds(of: [1, 2], confidence: 1) == nil)
    let single = LocationBounds(of: [3])
    #expect(single?.estimate == 3)
    #expect(single?.lower == nil)
}
