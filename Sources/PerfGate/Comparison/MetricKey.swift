/// A metric of a scenario, for example one the runner should measure again.
public struct MetricKey: Sendable, Codable, Equatable, Hashable {
    /// The scenario name ("preset/workload").
    public var scenario: String
    /// The metric identifier.
    public var metric: String

    /// Creates a key.
    public init(scenario: String, metric: String) {
        self.scenario = scenario
        self.metric = metric
    }
}
