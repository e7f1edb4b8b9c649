public import PerfMonitor

/// A result file (schema version 1): one run of a suite, with per-round values of every metric.
///
/// A baseline is a result promoted into `baselines/`. Files are written pretty-printed with
/// sorted keys and hold summary statistics, per-round values and sparse histograms, never raw
/// per-request samples.
public struct RunResult: Sendable, Equatable, Codable {
    /// The schema version this build reads and writes.
    public static let currentSchemaVersion = 1

    /// The schema version of the file.
    public var schemaVersion: Int
    /// The suite that was run.
    public var suite: String
    /// The tool that wrote the file.
    public var tool: ToolInfo
    /// When the run started, ISO 8601 in UTC.
    public var startedAt: String
    /// The machine and build the run measured.
    public var environment: EnvironmentFingerprint
    /// The targets in force.
    public var targets: PerformanceTargets
    /// One entry per scenario, in suite order.
    public var scenarios: [ScenarioResult]

    /// Creates a result.
    public init(
        suite: String,
        tool: ToolInfo,
        startedAt: String,
        environment: EnvironmentFingerprint,
        targets: PerformanceTargets,
        scenarios: [ScenarioResult]
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.suite = suite
        self.tool = tool
        self.startedAt = startedAt
        self.environment = environment
        self.targets = targets
        self.scenarios = scenarios
    }

    /// The scenario with a name, if present.
    public func scenario(named name: String) -> ScenarioResult? {
        scenarios.first { $0.name == name }
    }
}

/// The tool that wrote a result.
public struct ToolInfo: Sendable, Equatable, Codable {
    /// "perfgate".
    public var name: String
    /// Its version.
    public var version: String

    /// Creates tool information.
    public init(name: String = "perfgate", version: String) {
        self.name = name
        self.version = version
    }
}

/// The machine and build a run measured; a comparison across different ones is warned about.
public struct EnvironmentFingerprint: Sendable, Equatable, Codable {
    /// The host name.
    public var hostname: String
    /// The operating system and kernel.
    public var os: String
    /// The CPU model name.
    public var cpuModel: String
    /// Logical cores online.
    public var logicalCores: Int
    /// Physical memory, in bytes.
    public var memoryBytes: UInt64
    /// The Swift compiler version.
    public var swiftVersion: String
    /// "release" or "debug".
    public var buildConfiguration: String
    /// The git commit of the working tree, or "unknown".
    public var gitCommit: String
    /// Whether the working tree had uncommitted changes (a baseline recorded from one cannot be
    /// rebuilt exactly); nil where not recorded.
    public var gitDirty: Bool?
    /// `/etc/machine-id`: which machine (installation) measured the run; nil where unreadable
    /// or not recorded. Host names are no identity: machines of one kind often share one.
    public var machineID: String?
    /// `/proc/sys/kernel/random/boot_id`: which boot of that machine; nil where unreadable or
    /// not recorded.
    public var bootID: String?
    /// Iterations per second of a fixed CPU canary measured beside the rounds (median); used to
    /// normalize throughput and latency between machines or noisy periods.
    public var calibrationScore: Double

    /// Creates a fingerprint.
    public init(
        hostname: String,
        os: String,
        cpuModel: String,
        logicalCores: Int,
        memoryBytes: UInt64,
        swiftVersion: String,
        buildConfiguration: String,
        gitCommit: String,
        calibrationScore: Double,
        gitDirty: Bool? = nil,
        machineID: String? = nil,
        bootID: String? = nil
    ) {
        self.gitDirty = gitDirty
        self.machineID = machineID
        self.bootID = bootID
        self.hostname = hostname
        self.os = os
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.memoryBytes = memoryBytes
        self.swiftVersion = swiftVersion
        self.buildConfiguration = buildConfiguration
        self.gitCommit = gitCommit
        self.calibrationScore = calibrationScore
    }
}

/// One scenario of a run: its settings, its validity and its metrics' per-round values.
public struct ScenarioResult: Sendable, Equatable, Codable {
    /// "preset/workload", unique in a suite.
    public var name: String
    /// The service preset.
    public var preset: String
    /// The workload's settings, seeds included.
    public var workload: WorkloadDescription
    /// Whether every round held its schedule and the environment was sound.
    public var valid: Bool
    /// Why rounds were invalid, one sentence each; empty when valid.
    public var invalidReasons: [String]
    /// Whether each measured round held its schedule, in round order, where the run recorded it
    /// (a paired run does; older files do not). A paired comparison reads it to tell which arm
    /// made the load driver fall behind.
    public var roundValidity: [Bool]?
    /// Per-metric values, keyed by metric identifier.
    public var metrics: [String: MetricSeries]
    /// The latency histogram of all rounds merged, sparse.
    public var latencyHistogram: StoredHistogram?
    /// RPS and P95 over time from the monitor's history in the last round, for charts.
    public var history: [StoredHistoryPoint]?
    /// The targets the suite file declared for the scenario, so that `compare` judges them from
    /// the result alone; nil (absent from the file) when it declared none.
    public var targets: [MetricTarget]?

    /// Creates a scenario result.
    public init(
        name: String,
        preset: String,
        workload: WorkloadDescription,
        valid: Bool = true,
        invalidReasons: [String] = [],
        metrics: [String: MetricSeries],
        latencyHistogram: StoredHistogram? = nil,
        history: [StoredHistoryPoint]? = nil,
        roundValidity: [Bool]? = nil,
        targets: [MetricTarget]? = nil
    ) {
        self.roundValidity = roundValidity
        self.targets = targets
        self.name = name
        self.preset = preset
        self.workload = workload
        self.valid = valid
        self.invalidReasons = invalidReasons
        self.metrics = metrics
        self.latencyHistogram = latencyHistogram
        self.history = history
    }

    /// The series of a metric, if present.
    public func series(_ metric: MetricID) -> MetricSeries? { metrics[metric.rawValue] }

    /// The series of a metric identifier, labels included (`latency_p95_ms{operation=report}`).
    public func series(identifier: String) -> MetricSeries? { metrics[identifier] }
}

/// A workload's settings as recorded in a result.
public struct WorkloadDescription: Sendable, Equatable, Codable {
    /// The named workload ("steady", "spike", …).
    public var name: String
    /// "open" or "closed" loop.
    public var loop: String
    /// The offered rate in requests per second (open loop), if any.
    public var rate: Double?
    /// The length of one round, in seconds.
    public var durationSeconds: Double
    /// Connections (closed loop), if any.
    public var connections: Int?
    /// The seed of the first measured round; round `i` uses `seed + i`.
    public var seed: UInt64

    /// Creates a description.
    public init(name: String, loop: String, rate: Double?, durationSeconds: Double, connections: Int?, seed: UInt64) {
        self.name = name
        self.loop = loop
        self.rate = rate
        self.durationSeconds = durationSeconds
        self.connections = connections
        self.seed = seed
    }
}

/// Per-round values of one metric.
public struct MetricSeries: Sendable, Equatable, Codable {
    /// The unit of the values.
    public var unit: String
    /// Which way is better.
    public var better: MetricPolarity
    /// One value per measured round, in round order.
    public var values: [Double]
    /// The median of the values.
    public var median: Double

    /// Creates a series from per-round values; the median is computed.
    public init(metric: MetricID, values: [Double]) {
        self.init(unit: metric.unit, better: metric.polarity, values: values)
    }

    /// Creates a series.
    public init(unit: String, better: MetricPolarity, values: [Double]) {
        self.unit = unit
        self.better = better
        self.values = values
        self.median = Self.median(of: values)
    }

    /// The median of values, 0 when empty.
    public static func median(of values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}

/// A latency histogram as stored in a result: the non-empty buckets only, merged to
/// ``bucketsPerOctave`` per power of two so files stay small (values within about 4.4%; count,
/// sum, minimum and maximum exact). Stored histograms feed the charts, never the verdict.
public struct StoredHistogram: Sendable, Equatable, Codable {
    /// Buckets per power of two in stored histograms.
    public static let bucketsPerOctave = 8

    /// `[value in nanoseconds, count]` pairs of the non-empty buckets.
    public var buckets: [[UInt64]]
    /// The number of values.
    public var count: UInt64
    /// Sum of the values, in nanoseconds.
    public var sumNanoseconds: UInt64
    /// Smallest value, in nanoseconds.
    public var minNanoseconds: UInt64
    /// Largest value, in nanoseconds.
    public var maxNanoseconds: UInt64

    /// Stores a snapshot, coarsened to ``bucketsPerOctave``.
    public init(_ snapshot: HistogramSnapshot) {
        buckets = snapshot.coarsened(bucketsPerOctave: Self.bucketsPerOctave).sparseBuckets.map {
            [$0.lowerBoundNanoseconds, $0.count]
        }
        count = snapshot.count
        sumNanoseconds = snapshot.sumNanoseconds
        minNanoseconds = snapshot.isEmpty ? 0 : snapshot.minNanoseconds
        maxNanoseconds = snapshot.maxNanoseconds
    }

    /// The snapshot back, for percentiles and merging.
    public var snapshot: HistogramSnapshot {
        HistogramSnapshot(
            sparseBuckets: buckets.compactMap { pair in
                pair.count == 2 ? SparseBucket(lowerBoundNanoseconds: pair[0], count: pair[1]) : nil
            },
            sumNanoseconds: sumNanoseconds,
            minNanoseconds: minNanoseconds,
            maxNanoseconds: maxNanoseconds
        )
    }
}

/// One point of the monitor's history, as stored for charts.
public struct StoredHistoryPoint: Sendable, Equatable, Codable {
    /// Seconds since the round started.
    public var t: Double
    /// Requests per second in the interval.
    public var rps: Double
    /// P95 latency in the interval, in milliseconds.
    public var p95Ms: Double

    /// Creates a point.
    public init(t: Double, rps: Double, p95Ms: Double) {
        self.t = t
        self.rps = rps
        self.p95Ms = p95Ms
    }
}
