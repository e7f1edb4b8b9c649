import Foundation
public import PerfHTTP
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
    /// The most seconds a paired run (`ab`, `check`) may take before it stops adding extra pairs,
    /// or nil for no limit: an extra pair runs only when, at the slowest pace pairs of its
    /// scenarios have run so far (a whole pair's before any), it ends within the budget. The
    /// first rounds always run; the builds are not counted.
    public var timeBudgetSeconds: Double? = nil
    /// How to start the user's HTTP service that the `http` scenarios drive (the suite's `start`,
    /// `ready`, `readyTimeout` and `stopGracePeriod`), or nil when they drive one already running.
    public var service: ServiceCommand? = nil

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
        /// A workload driven over HTTP against the user's own service (``SuiteScenario/http``).
        case http
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
    /// The preset an `http` scenario records in its result: it drove a user's service, not one of
    /// the built-in service's presets.
    public static let httpPreset = "http"

    /// Where and what an `http` scenario sends; nil for the other kinds.
    public var http: HTTPScenarioSettings?
    /// Targets the suite file declares for this scenario on any metric, such as
    /// `latency_p99_ms{operation=report} <= 40`; one on a suite-wide target's metric replaces it.
    public var targets: [MetricTarget]
    /// Extra CPU per message, in percent, injected into the service (for validating the gate).
    public var slowdownPercent: Double

    /// Creates a scenario.
    public init(
        name: String,
        kind: Kind,
        preset: String,
        workload: String,
        rate: Double? = nil,
        durationSeconds: Double? = nil,
        judgedAgainstTargets: Bool,
        slowdownPercent: Double = 0,
        targets: [MetricTarget] = [],
        http: HTTPScenarioSettings? = nil
    ) {
        self.http = http
        self.name = name
        self.kind = kind
        self.preset = preset
        self.workload = workload
        self.rate = rate
        self.durationSeconds = durationSeconds
        self.judgedAgainstTargets = judgedAgainstTargets
        self.slowdownPercent = slowdownPercent
        self.targets = targets
    }
}

/// Where an `http` scenario sends its requests, and what it sends.
public struct HTTPScenarioSettings: Sendable, Equatable {
    /// The service's origin, `http://host:port`; `{port}` stands for the port of the service the
    /// suite's `start` command runs.
    public var url: String
    /// The requests, each with its share of the load; one unnamed operation when the suite gives
    /// a URL with a path and no operations.
    public var operations: [HTTPOperation]
    /// The most connections the client opens (requests beyond them wait for one).
    public var connections: Int
    /// The most requests in flight; an arrival beyond them is dropped (failure kind `dropped`).
    public var maxInFlight: Int
    /// The longest a request may take, from its send to its last byte, in seconds.
    public var timeoutSeconds: Double
    /// The process group of the service the suite's `start` command runs, while it runs: the
    /// runner sets it, so that rounds sample the service's memory and CPU.
    package var serviceProcessGroup: Int32?

    /// Creates settings.
    public init(
        url: String,
        operations: [HTTPOperation],
        connections: Int = 16,
        maxInFlight: Int = 1024,
        timeoutSeconds: Double = 10
    ) {
        self.url = url
        self.operations = operations
        self.connections = connections
        self.maxInFlight = maxInFlight
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether the operations carry names, so results hold per-operation metrics.
    public var hasNamedOperations: Bool { operations.contains { $0.name != nil } }

    /// The URL with `{port}` filled in.
    public func url(port: Int) -> String { url.replacingOccurrences(of: "{port}", with: String(port)) }
}

/// One kind of request of an `http` scenario: a template and its weight in the mix.
public struct HTTPOperation: Sendable, Equatable {
    /// The operation's name in results and reports (`latency_p95_ms{operation=NAME}`), or nil for
    /// the single request of a scenario that names none.
    public var name: String?
    /// The request, with `{key}`, `{seq}` and `{payload}` filled per request.
    public var template: HTTPRequestTemplate
    /// Its share of requests: weight over the sum of weights.
    public var weight: Int

    /// Creates an operation.
    public init(name: String?, template: HTTPRequestTemplate, weight: Int = 1) {
        self.name = name
        self.template = template
        self.weight = weight
    }
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
