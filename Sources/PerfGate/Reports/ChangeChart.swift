import Foundation

/// A dot-and-whisker chart of one scenario's relative changes, one row per metric.
///
/// Each row shows the estimated change, current against baseline (the dot, coloured by the
/// verdict), its interval (the whisker) and the band the comparator calls unchanged (shaded,
/// from `1 / (1 + τ) − 1` to `τ`), on a common percentage axis centred on 0. Changes beyond the
/// axis (±200% at most) are clipped and marked with an arrow; the exact figures are printed at
/// the right of each row and in the tooltips.
struct ChangeChart: Sendable {
    /// The rows, in report order.
    var rows: [MetricComparison]

    private static let width = 1000.0
    private static let labelWidth = 200.0
    private static let valueWidth = 210.0
    private static let rowHeight = 26.0
    private static let top = 12.0
    private static let axisHeight = 40.0
    private static let limit = 2.0

    /// The chart, or nil when no row has an estimate.
    var svg: String? {
        let changes = rows.map(DisplayedChange.init)
        guard changes.contains(where: { $0 != nil }) else { return nil }
        var extent = 0.05
        for change in changes.compactMap(\.self) {
            let values = [change.estimate, change.low, change.high, change.bandLow, change.bandHigh]
            for value in values.compactMap(\.self) where value.isFinite { extent = max(extent, abs(value)) }
        }
        extent = min(extent * 1.1, Self.limit)
        let plotStart = Self.labelWidth
        let plotEnd = Self.width - Self.valueWidth
        let step = ChartScale.niceStep(span: 2 * extent, count: 6)
        extent = ceil(extent / step) * step
        let scale = ChartScale(lower: -extent, upper: extent, start: plotStart, end: plotEnd)
        let height = Self.top + Double(rows.count) * Self.rowHeight + Self.axisHeight
        let plotBottom = Self.top + Double(rows.count) * Self.rowHeight
        var canvas = SVGCanvas(
            width: Self.width,
            height: height,
            label: "Relative change of each metric, current against baseline, with its interval"
        )

        for tick in scale.ticks(count: 6) {
            let x = scale(tick)
            canvas.line(x, Self.top - 4, x, plotBottom, class: tick == 0 ? "zero" : "grid")
            canvas.text(
                Self.tickLabel(tick),
                x: x,
                y: plotBottom + 16,
                anchor: .middle,
                class: "tick"
            )
        }
        canvas.text(
            "← lower than baseline · higher than baseline →",
            x: (plotStart + plotEnd) / 2,
            y: plotBottom + 34,
            anchor: .middle,
            class: "axis-title"
        )

        for (index, (row, change)) in zip(rows, changes).enumerated() {
            let middle = Self.top + (Double(index) + 0.5) * Self.rowHeight
            if index % 2 == 0 {
                canvas.rect(
                    x: 0,
                    y: middle - Self.rowHeight / 2,
                    width: Self.width,
                    height: Self.rowHeight,
                    class: "stripe"
                )
            }
            let name = row.metric + (row.isGated ? " *" : "")
            canvas.text(
                name,
                x: plotStart - 10,
                y: middle + 4,
                anchor: .end,
                class: row.isGated ? "label gated" : "label"
            )
            guard let change else {
                canvas.text("no estimate", x: plotEnd + 10, y: middle + 4, class: "value muted")
                continue
            }
            canvas.rect(
                x: scale(change.bandLow),
                y: middle - 9,
                width: scale(change.bandHigh) - scale(change.bandLow),
                height: 18,
                class: "band",
                title: "unchanged band: \(ReportValueFormatter.change(change.bandLow)) to "
                    + "\(ReportValueFormatter.change(change.bandHigh)) "
                    + "(practical threshold \(ReportValueFormatter.percent(row.practicalThreshold)))"
            )
            let tone = Self.className(row.verdict)
            let low = change.low ?? -Self.limit * 10
            let high = change.high ?? Self.limit * 10
            canvas.line(scale(low), middle, scale(high), middle, class: "whisker \(tone)")
            let showsCaps = scale(high) - scale(low) >= 14
            for (end, value) in [(low, change.low), (high, change.high)]
            where showsCaps && value != nil && abs(end) <= extent {
                canvas.line(scale(end), middle - 5, scale(end), middle + 5, class: "whisker \(tone)")
            }
            if low < -extent { arrow(&canvas, x: scale(-extent), y: middle, pointsRight: false, tone: tone) }
            if high > extent { arrow(&canvas, x: scale(extent), y: middle, pointsRight: true, tone: tone) }
            canvas.circle(
                x: scale(change.estimate),
                y: middle,
                radius: 5,
                class: "dot \(tone)",
                title: "\(row.metric): \(change.text), \(row.verdict.rawValue)"
            )
            canvas.text(change.text, x: plotEnd + 10, y: middle + 4, class: "value \(tone)")
        }
        return canvas.svg
    }

    private func arrow(_ canvas: inout SVGCanvas, x: Double, y: Double, pointsRight: Bool, tone: String) {
        let direction = pointsRight ? 1.0 : -1.0
        canvas.polygon(
            [(x + 7 * direction, y), (x, y - 5), (x, y + 5)],
            class: "arrow \(tone)"
        )
    }

    /// A tick's percentage: `0%`, `+10%`, `-2.5%`.
    static func tickLabel(_ value: Double) -> String {
        let percent = (value * 1000).rounded() / 10
        if percent == 0 { return "0%" }
        let format = percent == percent.rounded() ? "%+.0f%%" : "%+.1f%%"
        return String(format: format, percent)
    }

    /// The CSS class of a verdict's colour.
    static func className(_ verdict: MetricVerdict) -> String {
        switch verdict {
        case .regressed: "bad"
        case .improved: "good"
        case .inconclusive: "caution"
        case .unchanged: "neutral"
        }
    }
}
