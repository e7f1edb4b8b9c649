import Foundation

/// A small line chart of one or more series on linear axes, with a legend, gridlines and
/// tooltips on the points.
///
/// The latency percentile curves and the throughput and P95 histories are drawn with it. The
/// x axis may carry labelled ticks of its own (P50, P90, … on a "nines" scale), otherwise nice
/// numeric ticks; the y axis starts at 0.
struct LineChart: Sendable {
    /// One line.
    struct Series: Sendable {
        /// The name in the legend and the tooltips.
        var name: String
        /// The points, in x order.
        var points: [(x: Double, y: Double)]
        /// The CSS class of the line: "current" or "baseline".
        var className: String
        /// Whether each point gets a marker with a tooltip.
        var showsMarkers: Bool
        /// Tooltip label of each point's x value, when markers are shown.
        var pointLabels: [String]?
    }

    /// The chart's title, drawn at the top.
    var title: String
    /// The y axis unit, after the values in tooltips and at the axis.
    var unit: String
    /// The x axis caption.
    var xCaption: String
    /// The series, drawn in order (the last on top).
    var series: [Series]
    /// Labelled x ticks; nil for nice numeric ticks.
    var xTicks: [(value: Double, label: String)]?
    /// The x domain; nil for the data's extent.
    var xDomain: (lower: Double, upper: Double)?

    private static let width = 340.0
    private static let height = 240.0
    private static let left = 46.0
    private static let right = 14.0
    private static let top = 62.0
    private static let bottom = 40.0

    /// The chart, or nil when no series has a point.
    var svg: String? {
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        guard !points.isEmpty else { return nil }
        let xs = points.map(\.x)
        let domain = xDomain ?? (xs.min() ?? 0, xs.max() ?? 1)
        let x = ChartScale(lower: domain.lower, upper: domain.upper, start: Self.left, end: Self.width - Self.right)
        let yDomain = ChartScale.roundedUp(points.map(\.y))
        let y = ChartScale(lower: yDomain.lower, upper: yDomain.upper, start: Self.height - Self.bottom, end: Self.top)
        var canvas = SVGCanvas(width: Self.width, height: Self.height, label: title)
        canvas.text(title, x: Self.left, y: 18, class: "chart-title")

        for tick in y.ticks(count: 4) {
            canvas.line(Self.left, y(tick), Self.width - Self.right, y(tick), class: tick == 0 ? "axis" : "grid")
            canvas.text(
                ReportValueFormatter.number(tick),
                x: Self.left - 6,
                y: y(tick) + 4,
                anchor: .end,
                class: "tick"
            )
        }
        canvas.text(unit, x: Self.left - 6, y: Self.top - 10, anchor: .end, class: "tick")
        let ticks = xTicks ?? x.ticks(count: 5).map { ($0, ReportValueFormatter.number($0)) }
        for tick in ticks where tick.value >= x.lower && tick.value <= x.upper {
            canvas.line(x(tick.value), Self.top, x(tick.value), Self.height - Self.bottom, class: "grid")
            canvas.text(tick.label, x: x(tick.value), y: Self.height - Self.bottom + 16, anchor: .middle, class: "tick")
        }
        canvas.text(
            xCaption,
            x: (Self.left + Self.width - Self.right) / 2,
            y: Self.height - 6,
            anchor: .middle,
            class: "axis-title"
        )

        var legendX = Self.left
        for line in series where !line.points.isEmpty {
            canvas.line(legendX, 32, legendX + 18, 32, class: "line \(line.className)")
            canvas.text(line.name, x: legendX + 23, y: 36, class: "legend")
            legendX += 23 + Double(line.name.count) * 6.6 + 16
        }

        for line in series {
            let finite = line.points.filter { $0.x.isFinite && $0.y.isFinite }
            canvas.polyline(finite.map { (x($0.x), y($0.y)) }, class: "line \(line.className)", title: line.name)
            guard line.showsMarkers else { continue }
            for (index, point) in line.points.enumerated() where point.x.isFinite && point.y.isFinite {
                let label =
                    line.pointLabels.flatMap { index < $0.count ? $0[index] : nil }
                    ?? ReportValueFormatter.number(point.x)
                canvas.circle(
                    x: x(point.x),
                    y: y(point.y),
                    radius: 3.5,
                    class: "marker \(line.className)",
                    title: "\(line.name) \(label): \(ReportValueFormatter.number(point.y)) \(unit)"
                )
            }
        }
        return canvas.svg
    }
}
