import Foundation

/// A linear map from data values to drawing coordinates, with "nice" tick values.
struct ChartScale: Sendable, Equatable {
    /// The smallest value shown.
    var lower: Double
    /// The largest value shown.
    var upper: Double
    /// Where `lower` is drawn.
    var start: Double
    /// Where `upper` is drawn.
    var end: Double

    /// Creates a scale; an empty or invalid domain is widened to one unit around its value.
    init(lower: Double, upper: Double, start: Double, end: Double) {
        var low = lower.isFinite ? lower : 0
        var high = upper.isFinite ? upper : 1
        if high <= low {
            let middle = low
            low = middle - max(abs(middle) * 0.5, 0.5)
            high = middle + max(abs(middle) * 0.5, 0.5)
        }
        self.lower = low
        self.upper = high
        self.start = start
        self.end = end
    }

    /// The drawing coordinate of a value, clamped to the scale's ends.
    func callAsFunction(_ value: Double) -> Double {
        let clamped = min(max(value.isFinite ? value : lower, lower), upper)
        return start + (clamped - lower) / (upper - lower) * (end - start)
    }

    /// A step of 1, 2, 2.5 or 5 times a power of ten giving about `count` intervals over `span`.
    static func niceStep(span: Double, count: Int) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double =
            switch fraction {
            case ..<1.5: 1
            case 1.5..<2.25: 2
            case 2.25..<3.5: 2.5
            case 3.5..<7.5: 5
            default: 10
            }
        return nice * magnitude
    }

    /// Tick values: the multiples of a nice step inside the domain.
    ///
    /// - Complexity: O(count).
    func ticks(count: Int = 5) -> [Double] {
        let step = Self.niceStep(span: upper - lower, count: count)
        var value = ceil(lower / step - 1e-9) * step
        var ticks: [Double] = []
        while value <= upper + step * 1e-9, ticks.count < 50 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    /// A domain from 0 (or below, for negative data) to a nice value above the largest value.
    static func roundedUp(_ values: [Double], count: Int = 5) -> (lower: Double, upper: Double) {
        let finite = values.filter(\.isFinite)
        let high = max(finite.max() ?? 1, 0)
        let low = min(finite.min() ?? 0, 0)
        let step = niceStep(span: (high - low) * 1.05, count: count)
        return (low < 0 ? floor(low / step) * step : 0, max(step, ceil(high * 1.05 / step) * step))
    }
}
