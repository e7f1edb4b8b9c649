import Foundation

/// A small seeded generator (SplitMix64) so every simulated sample is reproducible.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0..<1`.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A standard normal value (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// `count` standard normal values scaled and shifted.
    mutating func normals(_ count: Int, mean: Double = 0, standardDeviation: Double = 1) -> [Double] {
        (0..<count).map { _ in mean + standardDeviation * normal() }
    }

    /// `count` values `center · exp(noise · Z)`: multiplicative noise, as round-to-round
    /// measurements of throughput or latency show.
    mutating func logNormals(_ count: Int, center: Double, noise: Double) -> [Double] {
        (0..<count).map { _ in center * exp(noise * normal()) }
    }
}
