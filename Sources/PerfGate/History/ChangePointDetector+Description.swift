/// The means, relative change and interval of each change point.
extension ChangePointDetector {
    /// Turns splits (indices into the finite values) into change points of the input series.
    func describe(
        _ splits: [(index: Int, pValue: Double)],
        of values: [Double],
        positions: [Int]
    ) -> [ChangePoint] {
        let bounds = [0] + splits.map(\.index) + [values.count]
        return splits.enumerated().map { offset, split in
            let before = values[bounds[offset]..<split.index]
            let after = values[split.index..<bounds[offset + 2]]
            let meanBefore = Self.mean(of: before)
            let meanAfter = Self.mean(of: after)
            let nearBefore = Array(before.suffix(Self.intervalWindow))
            let nearAfter = Array(after.prefix(Self.intervalWindow))
            let shift = HodgesLehmann.shiftInterval(nearAfter, nearBefore, confidence: 0.95)
            let change = meanAfter - meanBefore
            return ChangePoint(
                index: positions[split.index],
                pValue: split.pValue,
                meanBefore: meanBefore,
                meanAfter: meanAfter,
                relativeChange: Self.relative(change, to: meanBefore),
                interval: Self.relativeInterval(
                    lower: shift?.lower ?? -.infinity,
                    upper: shift?.upper ?? .infinity,
                    to: meanBefore
                )
            )
        }
    }

    /// The mean of finite values, summed in order.
    static func mean(of values: ArraySlice<Double>) -> Double {
        values.reduce(0, +) / Double(max(values.count, 1))
    }

    /// `change / |base|`, with ±∞ for a change from 0 and 0 for no change.
    static func relative(_ change: Double, to base: Double) -> Double {
        if change == 0 { return 0 }
        if base == 0 { return change > 0 ? .infinity : -.infinity }
        return change / abs(base)
    }

    /// `[lower, upper] / |base|`, never NaN and never crossed.
    static func relativeInterval(lower: Double, upper: Double, to base: Double) -> ClosedRange<Double> {
        let low = relative(lower, to: base)
        let high = relative(upper, to: base)
        guard !low.isNaN, !high.isNaN else { return -Double.infinity...Double.infinity }
        return min(low, high)...max(low, high)
    }
}
