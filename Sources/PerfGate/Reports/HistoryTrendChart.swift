import Foundation

/// The trend of one history series: the run medians in record order with their intervals shaded,
/// the mean of each segment between change points, and each change point marked by a dashed
/// vertical line (red for a regression, green for an improvement) labelled with its commit.
///
/// Long series are drawn from at most ``maximumColumns`` columns, each holding the lowest and
/// highest median of its records (and the widest interval), so 10,000 records make a chart of
/// the same size as 800 and no spike disappears. Tooltips on the change points give the commits,
/// the change with its interval and the p-value; the chart needs no JavaScript.
struct HistoryTrendChart: Sendable {
    /// The series and its change points.
    var changes: HistorySeriesChanges

    /// The most columns a series is drawn from.
    static let maximumColumns = 800

    private static let width = 760.0
    private static let height = 250.0
    private static let left = 56.0
    private static let right = 16.0
    private static let top = 40.0
    private static let bottom = 36.0

    /// The lowest and highest median, and the widest interval, of the records in one column.
    private struct Column {
        var x: Double
        var low: Double
        var high: Double
        var lower: Double
        var upper: Double
    }

    private var columns: [Column] {
        let points = changes.series.points
        let perColumn = max(1, Int((Double(points.count) / Double(Self.maximumColumns)).rounded(.up)))
        return stride(from: 0, to: points.count, by: perColumn).map { start in
            let slice = points[start..<min(start + perColumn, points.count)].map(\.measurement)
            return Column(
                x: Double(start) + Double(slice.count - 1) / 2,
                low: slice.map(\.median).min() ?? 0,
                high: slice.map(\.median).max() ?? 0,
                lower: slice.map(\.lower).min() ?? 0,
                upper: slice.map(\.upper).max() ?? 0
            )
        }
    }

    /// The chart, or nil when the series has no point.
    var svg: String? {
        let points = changes.series.points
        guard !points.isEmpty else { return nil }
        let unit = changes.series.unit
        let columns = columns
        let x = ChartScale(
            lower: 0,
            upper: Double(max(points.count - 1, 1)),
            start: Self.left,
            end: Self.width - Self.right
        )
        let values = columns.flatMap { [$0.lower, $0.upper, $0.low, $0.high] }.filter(\.isFinite)
        let span = (values.max() ?? 1) - (values.min() ?? 0)
        let padding = max(span * 0.08, abs(values.max() ?? 1) * 0.01, 1e-9)
        let y = ChartScale(
            lower: (values.min() ?? 0) - padding,
            upper: (values.max() ?? 1) + padding,
            start: Self.height - Self.bottom,
            end: Self.top
        )
        let title = "\(changes.series.scenario) · \(changes.series.metric)"
        var canvas = SVGCanvas(width: Self.width, height: Self.height, label: "Trend of " + title)
        canvas.text(title, x: Self.left, y: 18, class: "chart-title")
        for tick in y.ticks(count: 4) {
            canvas.line(Self.left, y(tick), Self.width - Self.right, y(tick), class: "grid")
            canvas.text(
                ReportValueFormatter.number(tick),
                x: Self.left - 6,
                y: y(tick) + 4,
                anchor: .end,
                class: "tick"
            )
        }
        canvas.text(unit, x: Self.left - 6, y: Self.top - 8, anchor: .end, class: "tick")
        for tick in x.ticks(count: 6) where tick == tick.rounded() {
            let index = Int(tick)
            guard index >= 0, index < points.count else { continue }
            canvas.text(
                "#\(index + 1)",
                x: x(tick),
                y: Self.height - Self.bottom + 16,
                anchor: .middle,
                class: "tick",
                title: changes.entry(of: points[index]).commitLabel
            )
        }
        canvas.text(
            "runs, oldest first (\(points.count))",
            x: (Self.left + Self.width - Self.right) / 2,
            y: Self.height - 4,
            anchor: .middle,
            class: "axis-title"
        )
        canvas.polygon(
            columns.map { (x($0.x), y($0.upper)) } + columns.reversed().map { (x($0.x), y($0.lower)) },
            class: "band"
        )
        // Each column contributes its lowest and highest median, so spikes stay visible.
        var trace: [(x: Double, y: Double)] = []
        for column in columns {
            trace.append((x(column.x), y(column.low)))
            if column.high != column.low { trace.append((x(column.x), y(column.high))) }
        }
        if trace.count == 1 {
            canvas.circle(x: trace[0].x, y: trace[0].y, radius: 3, class: "marker current")
        } else {
            canvas.polyline(trace, class: "line current", title: "median per run")
        }
        segmentMeans(&canvas, x: x, y: y)
        for change in changes.changes {
            let point = change.changePoint
            let position = x(Double(point.index) - 0.5)
            let tone = change.isRegression ? "bad" : "good"
            let tooltip =
                "\(change.isRegression ? "Regression" : "Improvement")\(change.isNew ? " (new)" : "") "
                + "\(ReportValueFormatter.change(point.relativeChange)) \(HistoryChangeReporter.interval(change)), "
                + "p \(HistoryChangeReporter.pValue(point.pValue)); commits \(change.commitRange), "
                + "first run \(change.entry.time)"
            canvas.line(
                position,
                Self.top,
                position,
                Self.height - Self.bottom,
                class: "changepoint \(tone)",
                title: tooltip
            )
            // Near the right edge the label goes left of its line, so it is not cut off.
            let isNearRightEdge = position > Self.width - 110
            canvas.text(
                String(change.entry.commit.prefix(7)) + " " + ReportValueFormatter.change(point.relativeChange),
                x: isNearRightEdge ? position - 3 : position + 3,
                y: Self.top - 4,
                anchor: isNearRightEdge ? .end : .start,
                class: "changepoint-label \(tone)",
                title: tooltip
            )
        }
        return canvas.svg
    }

    /// Draws the mean of each segment between change points as a horizontal line.
    private func segmentMeans(_ canvas: inout SVGCanvas, x: ChartScale, y: ChartScale) {
        let points = changes.series.points
        let bounds = [0] + changes.changes.map(\.changePoint.index) + [points.count]
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            let medians = points[start..<end].map(\.measurement.median)
            let mean = medians.reduce(0, +) / Double(medians.count)
            canvas.line(
                x(Double(start)),
                y(mean),
                x(Double(end - 1)),
                y(mean),
                class: "segment",
                title: "segment mean \(ReportValueFormatter.value(mean, unit: changes.series.unit)) "
                    + "over runs \(start + 1)–\(end)"
            )
        }
    }
}
