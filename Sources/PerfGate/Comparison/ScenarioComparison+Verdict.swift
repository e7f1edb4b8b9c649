import Foundation

extension ScenarioComparison {
    /// The row of a prepared metric: estimate, interval at `1 − level`, verdict and note.
    ///
    /// - Complexity: O(n·m log(n·m)) plus the distribution if not cached.
    func makeRow(
        _ metric: PreparedMetric,
        level: Double,
        adjustedPValue: Double,
        cache: inout RankDistributionCache
    ) -> MetricComparison {
        var notes = metric.notes
        var row = MetricComparison(
            scenario: current.name,
            metric: metric.name,
            unit: metric.unit,
            better: metric.better,
            isGated: metric.isGated,
            baselineMedian: metric.baselineValues.isEmpty ? nil : MetricSeries.median(of: metric.baselineValues),
            currentMedian: metric.currentValues.isEmpty ? nil : MetricSeries.median(of: metric.currentValues),
            relativeChange: nil,
            intervalLow: nil,
            intervalHigh: nil,
            confidence: nil,
            pValue: nil,
            adjustedPValue: nil,
            verdict: .inconclusive,
            practicalThreshold: metric.threshold,
            baselineRounds: metric.baselineValues.count,
            currentRounds: metric.currentValues.count,
            note: nil
        )
        let isPaired = options.pairing == .paired
        let estimated: ShiftEstimate? =
            !metric.isTestable
            ? nil
            : isPaired
                ? HodgesLehmann.locationInterval(metric.pairedDifferences, confidence: 1 - level)
                : HodgesLehmann.shiftInterval(
                    metric.x,
                    metric.y,
                    confidence: 1 - level,
                    alternative: .twoSided,
                    distribution: { cache.mannWhitney(n: $0, m: $1) }
                )
        guard metric.isTestable, let test = metric.test, let interval = estimated else {
            let pointEstimate =
                isPaired ? HodgesLehmann.location(metric.pairedDifferences) : HodgesLehmann.shift(metric.x, metric.y)
            if let shift = pointEstimate {
                row.relativeChange = exp(metric.orientation * shift) - 1
            }
            if metric.isTestable { notes.append("the values are out of range for a comparison") }
            row.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
            return row
        }
        let s = metric.orientation
        let estimate = s * interval.estimate
        let low = s > 0 ? interval.lower : interval.upper.map { -$0 }
        let high = s > 0 ? interval.upper : interval.lower.map { -$0 }
        let band = log1p(metric.threshold)
        let isSignificant = adjustedPValue <= options.effectiveAlpha
        row.relativeChange = exp(estimate) - 1
        row.intervalLow = low.map { exp($0) - 1 }
        row.intervalHigh = high.map { exp($0) - 1 }
        row.confidence = 1 - level
        row.pValue = test.pValue
        row.adjustedPValue = adjustedPValue
        if let low, let high {
            row.detectableChange = exp(max(band, (high - low) / 2)) - 1
        }

        if !isPaired && !baseline.valid {
            row.verdict = .inconclusive
        } else if isSignificant, let low, low > 0, estimate > band {
            row.verdict = .regressed
        } else if isSignificant, let high, high < 0, estimate < -band {
            row.verdict = .improved
        } else if let low, let high, low >= -band, high <= band {
            row.verdict = .unchanged
        } else {
            row.verdict = .inconclusive
            let threshold = String(format: "%.1f%%", metric.threshold * 100)
            let p = String(format: "%.3g", adjustedPValue)
            notes.append(
                isSignificant
                    ? "significant (Holm-adjusted p = \(p)) but not clearly beyond or within ±\(threshold)"
                    : "not significant after Holm correction (adjusted p = \(p)) and the interval reaches beyond ±\(threshold)"
            )
        }
        row.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return row
    }
}
