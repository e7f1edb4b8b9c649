import Testing

@testable import Workloads

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct KeyAndPayloadGeneratorTests {
    /// The generalized harmonic number H(n, s) = Σ 1/k^s.
    private func harmonic(_ n: Int, _ s: Double) -> Double {
        (1...n).reduce(0) { $0 + 1 / pow(Double($1), s) }
    }

    @Test(arguments: [(UInt64(1000), 1.0), (10_000, 0.99), (100, 1.5), (50, 0.5)])
    func zipfRankOneFrequencyMatchesTheory(keySpace: UInt64, exponent: Double) {
        let sampler = KeySampler(.zipf(keySpace: keySpace, exponent: exponent))
        var generator = SeededGenerator(seed: 11)
        let draws = 200_000
        var counts = [Int](repeating: 0, count: Int(keySpace))
        for _ in 0..<draws {
            let key = sampler.nextKey(using: &generator)
            #expect(key < keySpace)
            counts[Int(key)] += 1
        }
        let norm = harmonic(Int(keySpace), exponent)
        let rankOne = Double(counts[0]) / Double(draws)
        let rankTwo = Double(counts[1]) / Double(draws)
        #expect(abs(rankOne - 1 / norm) < 0.006, "rank 1: \(rankOne) vs \(1 / norm)")
        #expect(abs(rankTwo - 1 / pow(2, exponent) / norm) < 0.006, "rank 2: \(rankTwo)")
    }

    @Test func uniformKeysCoverTheKeySpaceEvenly() {
        let sampler = KeySampler(.uniform(keySpace: 4))
        var generator = SeededGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<40_000 { counts[Int(sampler.nextKey(using: &generator))] += 1 }
        for count in counts { #expect(abs(count - 10_000) < 500) }
    }

    @Test func logNormalMedianIsWithinThreePercent() {
        let distribution = PayloadSizeDistribution.logNormal(median: 1000, sigma: 0.7, max: 1_000_000)
        var generator = SeededGenerator(seed: 17)
        let sizes = (0..<100_001).map { _ in distribution.nextSize(using: &generator) }.sorted()
        let median = Double(sizes[sizes.count / 2])
        #expect(abs(median - 1000) / 1000 < 0.03, "median \(median)")
        // With σ 0.7 about 16% of sizes lie above median·e^0.7 ≈ 2014.
        let aboveOneSigma = Double(sizes.filter { $0 > 2014 }.count) / Double(sizes.count)
        #expect(abs(aboveOneSigma - 0.1587) < 0.01)
    }

    @Test func logNormalSizesAreClampedToMax() {
        let distribution = PayloadSizeDistribution.logNormal(median: 1000, sigma: 2, max: 1500)
        var generator = SeededGenerator(seed: 1)
        let sizes = (0..<10_000).map { _ in distribution.nextSize(using: &generator) }
        #expect(sizes.allSatisfy { (1...1500).contains($0) })
        #expect(sizes.contains(1500))
    }

    @Test func uniformAndFixedSizesStayInBounds() {
        var generator = SeededGenerator(seed: 1)
        let uniform = PayloadSizeDistribution.uniform(min: 10, max: 13)
        let sizes = Set((0..<1000).map { _ in uniform.nextSize(using: &generator) })
        #expect(sizes == [10, 11, 12, 13])
        #expect(PayloadSizeDistribution.fixed(bytes: 64).nextSize(using: &generator) == 64)
    }

    @Test func requestGeneratorIsDeterministicPerSeedAndStream() {
        func draw(seed: UInt64, stream: UInt64) -> [UInt64] {
            var generator = RequestGenerator(
                seed: seed,
                stream: stream,
                payloadSizes: WorkloadSpec.defaultPayloadSizes,
                keys: WorkloadSpec.defaultKeys
            )
            return (0..<500).flatMap { _ in
                let (key, size) = generator.next()
                return [key, UInt64(size)]
            }
        }
        #expect(draw(seed: 5, stream: 0) == draw(seed: 5, stream: 0))
        #expect(draw(seed: 5, stream: 0) != draw(seed: 6, stream: 0))
        #expect(draw(seed: 5, stream: 1) != draw(seed: 5, stream: 2))
    }

    @Test func invalidDistributionsAreRejectedWithTheField() {
        #expect(throws: WorkloadsError.self) { try PayloadSizeDistribution.uniform(min: 5, max: 1).validate() }
        #expect(throws: WorkloadsError.self) { try PayloadSizeDistribution.fixed(bytes: -1).validate() }
        #expect(throws: WorkloadsError.self) {
            try PayloadSizeDistribution.logNormal(median: 100, sigma: .nan, max: 200).validate()
        }
        #expect(throws: WorkloadsError.self) { try KeyDistribution.uniform(keySpace: 0).validate() }
        do {
            try KeyDistribution.zipf(keySpace: 10, exponent: 0).validate(field: "workload.keys")
            Issue.record("an exponent of 0 was accepted")
        } catch {
            #expect(error.code == .invalidKeys)
            #expect(error.message.contains("workload.keys.exponent is 0.0"))
        }
        #expect(throws: Never.self) { try WorkloadSpec.defaultKeys.validate() }
        #expect(throws: Never.self) { try WorkloadSpec.defaultPayloadSizes.validate() }
    }
}
