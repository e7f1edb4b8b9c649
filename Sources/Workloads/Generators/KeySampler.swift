#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws keys from a ``KeyDistribution`` in O(1) per key, with no table.
///
/// Zipf keys use rejection-inversion sampling (W. Hörmann and G. Derflinger, "Rejection-inversion
/// to generate variates from monotone discrete distributions", 1996): it inverts the integral of
/// a continuous envelope of `1/x^s` and accepts the result with a cheap test, needing about 1.1
/// draws per key on average and no memory proportional to the key space.
public struct KeySampler: Sendable, Hashable {
    /// The distribution this sampler draws from.
    public let distribution: KeyDistribution

    private let exponent: Double
    private let hIntegralOfFirst: Double
    private let hIntegralOfLast: Double
    private let acceptanceShortcut: Double

    /// Prepares to sample a distribution.
    ///
    /// An invalid distribution is sampled as its nearest valid one (a key space of at least 1, an
    /// exponent of at least 1e-9); call ``KeyDistribution/validate(field:)`` first to reject it.
    ///
    /// - Parameter distribution: The distribution to sample.
    public init(_ distribution: KeyDistribution) {
        self.distribution = distribution
        switch distribution {
        case .uniform:
            exponent = 0
            hIntegralOfFirst = 0
            hIntegralOfLast = 0
            acceptanceShortcut = 0
        case .zipf(let keySpace, let requestedExponent):
            let exponent = requestedExponent.isFinite ? Swift.max(requestedExponent, 1e-9) : 1
            let count = Double(Swift.max(keySpace, 1))
            self.exponent = exponent
            hIntegralOfFirst = Self.hIntegral(1.5, exponent: exponent) - 1
            hIntegralOfLast = Self.hIntegral(count + 0.5, exponent: exponent)
            acceptanceShortcut =
                2
                - Self.hIntegralInverse(
                    Self.hIntegral(2.5, exponent: exponent) - Self.h(2, exponent: exponent),
                    exponent: exponent
                )
        }
    }

    /// Draws one key.
    ///
    /// - Parameter generator: The source of randomness; a ``SeededGenerator`` for reproducible runs.
    /// - Returns: A key in `0 ..< keySpace`.
    /// - Complexity: O(1) expected.
    public func nextKey(using generator: inout some RandomNumberGenerator) -> UInt64 {
        switch distribution {
        case .uniform(let keySpace):
            return generator.next(below: keySpace)
        case .zipf(let keySpace, _):
            let count = Swift.max(keySpace, 1)
            while true {
                let u = hIntegralOfLast + generator.nextUnitInterval() * (hIntegralOfFirst - hIntegralOfLast)
                let x = Self.hIntegralInverse(u, exponent: exponent)
                var rank = x + 0.5 < 1 ? 1 : UInt64(Swift.min(x + 0.5, Double(count)))
                if rank > count { rank = count }
                let rankValue = Double(rank)
                if rankValue - x <= acceptanceShortcut
                    || u >= Self.hIntegral(rankValue + 0.5, exponent: exponent) - Self.h(rankValue, exponent: exponent)
                {
                    return rank - 1
                }
            }
        }
    }

    /// `1 / x^s`, the unnormalized Zipf weight.
    private static func h(_ x: Double, exponent: Double) -> Double {
        exp(-exponent * log(x))
    }

    /// The integral of `h` from 1 to `x`, shifted: `(x^(1-s) - 1) / (1 - s)`, or `log x` when s = 1.
    private static func hIntegral(_ x: Double, exponent: Double) -> Double {
        let logX = log(x)
        return expm1OverX((1 - exponent) * logX) * logX
    }

    /// The inverse of ``hIntegral(_:exponent:)``.
    private static func hIntegralInverse(_ x: Double, exponent: Double) -> Double {
        var t = x * (1 - exponent)
        if t < -1 { t = -1 }  // only reached through rounding; keeps log1p finite
        return exp(log1pOverX(t) * x)
    }

    /// `log(1 + x) / x`, accurate near 0.
    private static func log1pOverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }

    /// `(exp(x) - 1) / x`, accurate near 0.
    private static func expm1OverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x))
    }
}
