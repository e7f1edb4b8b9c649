/// The direction a series is moving in.
public enum TrendDirection: String, Sendable, Codable, Equatable {
    case rising
    case falling
    case flat
}

/// A least-squares line through a series, with its goodness of fit.
public struct Trend: Sendable, Equatable {
    /// Change per sample.
    public var slope: Double
    /// The coefficient of determination, in `0...1`.
    public var rSquared: Double
    /// The mean of the series.
    public var mean: Double
    /// The classification of the line.
    public var direction: TrendDirection

    /// The neutral trend of a series too short to judge.
    public static let flat = Trend(slope: 0, rSquared: 0, mean: 0, direction: .flat)
}

/// Fits a least-squares line to the most recent values of a series and calls it rising, falling
/// or flat.
///
/// A series is flat unless the fitted line explains enough of the variation (`R² ≥ minimumRSquared`)
/// *and* the change across the window is at least `minimumRelativeChange` of the mean; so noise
/// around a level, however large, is flat, and a steady drift is not.
public struct TrendAnalyzer: Sendable {
    /// The smallest R² for a trend to count.
    public var minimumRSquared: Double
    /// The smallest change across the window, relative to the mean, for a trend to count.
    public var minimumRelativeChange: Double

    /// Creates an analyzer.
    public init(minimumRSquared: Double = 0.5, minimumRelativeChange: Double = 0.05) {
        self.minimumRSquared = minimumRSquared
        self.minimumRelativeChange = minimumRelativeChange
    }

    /// The trend of `values`, taken as equally spaced samples; non-finite values are skipped.
    ///
    /// - Complexity: O(n).
    public func trend<Values: Collection<Double>>(of values: Values) -> Trend {
        let samples = values.filter(\.isFinite)
        let n = Double(samples.count)
        guard samples.count >= 3 else { return .flat }
        let meanX = (n - 1) / 2
        let meanY = samples.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (index, y) in samples.enumerated() {
            let dx = Double(index) - meanX
            let dy = y - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        let rSquared = syy > 0 && sxx > 0 ? min(1, (sxy * sxy) / (sxx * syy)) : 0
        let change = abs(slope * (n - 1))
        let scale = max(abs(meanY), .ulpOfOne)
        let direction: TrendDirection
        if rSquared >= minimumRSquared && change / scale >= minimumRelativeChange {
            direction = slope > 0 ? .rising : .falling
        } else {
            direction = .flat
        }
        return Trend(slope: slope, rSquared: rSquared, mean: meanY, direction: direction)
    }
}
