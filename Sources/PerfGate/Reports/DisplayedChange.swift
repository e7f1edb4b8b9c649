import Foundation

/// A metric's change as people read it: current against baseline, in the metric's own direction.
///
/// ``MetricComparison`` stores changes *oriented* so that positive always means worse (for a
/// throughput, `baseline / current − 1`). Reports show the plain change instead, `current /
/// baseline − 1` on the Hodges–Lehmann scale, so a throughput that went up reads as a positive
/// change and the verdict says whether that is good: for a lower-is-better metric the two are the
/// same; for a higher-is-better one an oriented change `o` becomes `1 / (1 + o) − 1` and the
/// interval's ends swap.
struct DisplayedChange: Sendable, Equatable {
    /// The estimated change, current against baseline (0.12 = 12% higher).
    var estimate: Double
    /// The lower end of its interval, nil when unbounded or not computed.
    var low: Double?
    /// The upper end of its interval, nil when unbounded or not computed.
    var high: Double?
    /// The lower edge of the band the comparator calls unchanged, `1 / (1 + τ) − 1`.
    var bandLow: Double
    /// The upper edge of that band, `τ`.
    var bandHigh: Double

    /// The change of a row, or nil when the row has no estimate.
    init?(_ comparison: MetricComparison) {
        guard let oriented = comparison.relativeChange, oriented.isFinite, oriented > -1 else { return nil }
        let threshold = comparison.practicalThreshold.isFinite ? max(0, comparison.practicalThreshold) : 0
        bandLow = 1 / (1 + threshold) - 1
        bandHigh = threshold
        func plain(_ value: Double?) -> Double? {
            guard let value, value.isFinite, value > -1 else { return nil }
            return comparison.better == .lower ? value : 1 / (1 + value) - 1
        }
        estimate = plain(oriented) ?? 0
        if comparison.better == .lower {
            low = plain(comparison.intervalLow)
            high = plain(comparison.intervalHigh)
        } else {
            low = plain(comparison.intervalHigh)
            high = plain(comparison.intervalLow)
        }
    }

    /// The estimate as a signed percentage: `+12.3%`.
    var estimateText: String { ReportValueFormatter.change(estimate) }

    /// The interval as signed percentages: `[+8.1%, +16.0%]`, with `?` for an unbounded end.
    var intervalText: String {
        let lowText = low.map { ReportValueFormatter.change($0) } ?? "?"
        let highText = high.map { ReportValueFormatter.change($0) } ?? "?"
        return "[" + lowText + ", " + highText + "]"
    }

    /// The estimate and the interval: `+12.3% [+8.1%, +16.0%]`.
    var text: String { estimateText + " " + intervalText }

    /// The change text of a row, or `n/a` when it has no estimate.
    static func text(for comparison: MetricComparison) -> String {
        DisplayedChange(comparison)?.text ?? ReportValueFormatter.missing
    }
}
