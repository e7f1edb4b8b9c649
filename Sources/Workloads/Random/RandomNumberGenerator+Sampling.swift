#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Sampling helpers written here rather than taken from the standard library, whose algorithms
// (`Int.random(in:using:)`, `Double.random(in:using:)`) may change between releases: a workload's
// sequence must depend only on its seed.
extension RandomNumberGenerator {
    /// A uniform value in `0 ..< 1` with 53 random bits.
    @inlinable
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0 ..< bound`, without modulo bias (Lemire's multiply-shift method).
    ///
    /// - Parameter bound: The exclusive upper bound; 0 returns 0.
    /// - Complexity: O(1) expected; fewer than two draws on average whatever the bound.
    @inlinable
    public mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A standard normal value (mean 0, standard deviation 1), by the Box–Muller transform.
    ///
    /// Uses two draws per value and keeps no spare, so the generator stays a plain value.
    public mutating func nextStandardNormal() -> Double {
        let radius = (-2 * log(1 - nextUnitInterval())).squareRoot()  // 1 - u is in (0, 1]
        let angle = 2 * Double.pi * nextUnitInterval()
        return radius * cos(angle)
    }
}
