import Testing

@testable import Workloads

@Suite struct SeededGeneratorTests {
    @Test func splitMixMatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func xoshiroSequenceForSeed42IsPinned() {
        // Computed by an independent reference implementation; changing it breaks every
        // recorded seed, so it must never change.
        var generator = SeededGenerator(seed: 42)
        let expected: [UInt64] = [
            0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1,
            0xFDE6_DC7F_E2EC_5E64,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    @Test func sameSeedGivesTheSameSequence() {
        var first = SeededGenerator(seed: 2024)
        var second = SeededGenerator(seed: 2024)
        let a = (0..<1000).map { _ in first.next() }
        let b = (0..<1000).map { _ in second.next() }
        #expect(a == b)
    }

    @Test(arguments: [(UInt64(1), UInt64(0), UInt64(2), UInt64(0)), (7, 0, 7, 1), (7, 1, 7, 2), (0, 0, 1, 0)])
    func differentSeedsOrStreamsGiveDifferentSequences(seedA: UInt64, streamA: UInt64, seedB: UInt64, streamB: UInt64) {
        var first = SeededGenerator(seed: seedA, stream: streamA)
        var second = SeededGenerator(seed: seedB, stream: streamB)
        let a = (0..<64).map { _ in first.next() }
        let b = (0..<64).map { _ in second.next() }
        #expect(a != b)
        #expect(Set(a).isDisjoint(with: b))
    }

    @Test func boundedDrawsStayInRangeAndSpreadEvenly() {
        var generator = SeededGenerator(seed: 5)
        var buckets = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let value = generator.next(below: 10)
            #expect(value < 10)
            buckets[Int(value)] += 1
        }
        for count in buckets { #expect(abs(count - 10_000) < 600) }
        #expect(generator.next(below: 0) == 0)
        #expect(generator.next(below: 1) == 0)
    }

    @Test func unitIntervalStaysInHalfOpenRange() {
        var generator = SeededGenerator(seed: 9)
        var sum = 0.0
        for _ in 0..<10_000 {
            let value = generator.nextUnitInterval()
            #expect(value >= 0 && value < 1)
            sum += value
        }
        #expect(abs(sum / 10_000 - 0.5) < 0.02)
    }
}
