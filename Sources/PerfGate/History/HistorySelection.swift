/// Which series a reading of the store keeps: one scenario, one metric, or both; nil keeps all.
///
/// The store is read line by line and only the selected measurements are kept, so reading one
/// series of a large store takes memory for that series only.
package struct HistorySelection: Sendable, Hashable {
    /// The scenario to keep, or nil for every scenario.
    package var scenario: String?
    /// The metric identifier to keep, or nil for every metric.
    package var metric: String?

    /// Every series.
    package static let everything = HistorySelection()

    /// Creates a selection.
    package init(scenario: String? = nil, metric: String? = nil) {
        self.scenario = scenario
        self.metric = metric
    }

    /// Whether the selection keeps a scenario.
    package func includes(scenario name: String) -> Bool { scenario.map { $0 == name } ?? true }

    /// Whether the selection keeps a metric.
    package func includes(metric name: String) -> Bool { metric.map { $0 == name } ?? true }
}
