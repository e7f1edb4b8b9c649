public import PerfMonitor

/// A benchmark suite: scenarios (preset × workload × settings) and how to measure them.
///
/// Suites are JSON files under `Benchmarks/` (see ``SuiteLoader`` for the format).
public struct Suite: Sendable, Equatable {
    /// The suite's name ("default", "quick", …); baselines are `baselines/<name>.json`.
    public var name: String
    /// One line on what the suite is for.
    public var description: String
    /// Discarded rounds run before measuring each scenario.
    public var warmupRounds: Int
    /// Measured rounds per scenario.
    public var rounds: Int
    /// The length of one round, in seconds, unless a scenario says otherwise.
    public var roundDurationSeconds: Double
    /// The seed of the first round; round `i` of scenario `s` uses a seed derived from both.
    public var seed: UInt64
    /// The most extra rounds `check` runs for scenarios whose verdict is inconclusive.
    public var maxExtraRounds: Int
    /// The targets results are judged against.
    public var targets: PerformanceTargets
    /// Practical thresholds that replace the metric defaults, keyed by metric identifier.
    public var thresholds: [String: Double]
    /// `--quick` settings: fewer and shorter rounds.
    public var quick: QuickSettings?
    /// The scenarios, in order.
    public var scenarios: [SuiteScenario]

    /// Settings that replace the suite's under `--quick`.
    public struct QuickSettings: Sendable, Equatable {
        /// Measured rounds.
        public var rounds: Int
        /// Round length in seconds.
        public var roundDurationSeconds: Double
        /// Warm-up rounds.
        public var warmupRounds: Int
    }

    /// This suite with its `--quick` settings applied (itself when it has none).
    public var quickened: Suite {
        guard let quick else { return self }
        var copy = self
        copy.rounds = quick.rounds
        copy.warmupRounds = quick.warmupRounds
        copy.roundDurationSeconds = quick.roundDurationSeconds
        copy.scenarios = scenarios.map { scenario in
            var scenario = scenario
            scenario.durationSeconds = scenario.durationSeconds.map { min($0, quick.roundDurationSeconds) }
            return scenario
        }
        return copy
    }
}

/// One scenario of a suite.
public struct SuiteScenario: Sendable, Equatable {
    /// What the scenario measures.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A workload driven through the service under a preset.
        case workload
        /// The scenario's workload with a no-op monitor and with the real one, in alternating short
        /// segments of every round: the monitor's overhead in CPU time per request.
        case monitorOverhead = "monitor-overhead"
    }

    /// The scenario's name; "preset/workload" unless the file gives one.
    public var name: String
    /// Workload or monitor overhead.
    public var kind: Kind
    /// The service preset.
    public var preset: String
    /// The named workload.
    public var workload: String
    /// The offered rate, replacing the workload's.
    public var rate: Double?
    /// The round length in seconds, replacing the suite's.
    public var durationSeconds: Double?
    /// Whether the absolute targets (throughput, P95, success, memory) apply to this scenario.
    public var judgedAgainstTargets: Bool
    /// Extra CPU per message, in percent, injected into the service (for validating the gate).
    public var slowdownPercent: Double
}

/// The rule for a suite's name. A suite's name names its files (`Benchmarks/<name>.json`,
/// `baselines/<name>.json`, `.perfgate/<name>.json`), so it must be a plain file name and never a
/// path: a result whose suite is `../Benchmarks/quick` must not overwrite a committed file.
package enum SuiteName {
    /// The longest name accepted, in UTF-8 bytes.
    package static let maximumLength = 100

    /// Why `name` cannot be a suite's name, as a phrase ("it contains '/'"), or nil when it can.
    ///
    /// Refused: the empty name, names longer than ``maximumLength`` bytes, `/` and `\`, `..`, a
    /// leading `.` (hidden and temporary files) or `-` (read as an option), and control characters
    /// (NUL included).
    package static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > maximumLength { return "it is longer than \(maximumLength) bytes" }
        if name.contains("/") || name.contains("\\") { return "it contains a '/' or '\\'" }
        if name.contains("..") { return "it contains '..'" }
        if name.hasPrefix(".") { return "it starts with '.'" }
        if name.hasPrefix("-") { return "it starts with '-'" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it contains a control character"
        }
        return nil
    }
}
