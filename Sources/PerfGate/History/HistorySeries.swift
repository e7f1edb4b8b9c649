/// One metric of one scenario over the records of a store, in file (append) order.
package struct HistorySeries: Sendable, Hashable {
    /// One record's measurement.
    package struct Point: Sendable, Hashable {
        /// The record's index in ``HistoryLog/entries``.
        package var entry: Int
        /// The measurement.
        package var measurement: HistoryMeasurement
        /// Whether the scenario's run held its schedule.
        package var isValid: Bool

        /// Creates a point.
        package init(entry: Int, measurement: HistoryMeasurement, isValid: Bool) {
            self.entry = entry
            self.measurement = measurement
            self.isValid = isValid
        }
    }

    /// The scenario.
    package var scenario: String
    /// The metric identifier.
    package var metric: String
    /// The points, oldest first.
    package var points: [Point]

    /// Creates a series.
    package init(scenario: String, metric: String, points: [Point] = []) {
        self.scenario = scenario
        self.metric = metric
        self.points = points
    }

    /// The unit, from the newest point.
    package var unit: String { points.last?.measurement.unit ?? "" }

    /// Which way is better, from the newest point (the metric's own direction when there is none).
    package var better: MetricPolarity {
        points.last?.measurement.better ?? MetricID(identifier: metric)?.polarity ?? .lower
    }

    /// Whether the metric gates, as the newest record says.
    package var isGated: Bool { points.last?.measurement.isGated ?? false }

    /// The points of valid runs, the ones change-point detection uses.
    package var validPoints: [Point] { points.filter(\.isValid) }
}
