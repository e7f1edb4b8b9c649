import Testing

@testable import PerfGate

@Test func holmAdjustsATextbookFamily() {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max-monotone 0.06.
    let pValues = [0.01, 0.04, 0.03, 0.005]
    let adjusted = HolmBonferroni.adjustedPValues(pValues)
    let expected = [0.03, 0.06, 0.06, 0.02]
    for (value, reference) in zip(adjusted, expected) { #expect(abs(value - reference) < 1e-15) }
    #expect(HolmBonferroni.rejections(pValues, alpha: 0.05) == [true, false, false, true])
    let levels: [Double] = [0.05 / 3, 0.05, 0.05 / 2, 0.05 / 4]
    #expect(HolmBonferroni.stepLevels(pValues, alpha: 0.05) == levels)
}

@Test func holmStopsAtTheFirstNonRejection() {
    // 0.01·5 = 0.05 rejected; 0.02·4 = 0.08 stops; 0.021·3 = 0.063 would pass alone at 0.07
    // but is not rejected at 0.05, and neither is anything after.
    let pValues = [0.01, 0.02, 0.021, 0.03, 0.04]
    #expect(HolmBonferroni.rejections(pValues, alpha: 0.05) == [true, false, false, false, false])
    let adjusted = HolmBonferroni.adjustedPValues(pValues)
    #expect(abs(adjusted[2] - 0.08) < 1e-15)
    #expect(abs(adjusted[4] - 0.08) < 1e-15)
}

@Test func holmIsMoreLenientThanBonferroniButNeverThanUncorrected() {
    let pValues = [0.012, 0.013, 0.3]
    // Bonferroni would need ≤ 0.0167 for all; Holm tests the second at 0.025.
    #expect(HolmBonferroni.rejections(pValues) == [true, true, false])
    #expect(HolmBonferroni.rejections([0.06]) == [false])
}

@Test func holmTreatsInvalidPValuesAsOneAndEmptyFamiliesAsEmpty() {
    #expect(HolmBonferroni.adjustedPValues([]).isEmpty)
    let expected: [Double] = [1, 0.004, 1, 1]
    #expect(HolmBonferroni.adjustedPValues([.nan, 0.001, -1, 2]) == expected)
    #expect(HolmBonferroni.rejections([.nan, 0.001]) == [false, true])
}
