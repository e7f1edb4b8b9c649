package import PerfMonitor
import Workloads

/// What `perfgate drive` prints: one ``DriveOutcome`` as aligned text, or as one JSON object.
///
/// The text names the preset, the workload and its seed; then, for a capacity search, the capacity
/// found and every probe; the requests and the failures by kind; one line per measured metric with
/// its unit; the metrics held against ``targets`` with the overall score; and whether the run was
/// valid:
/// ```
/// perfgate drive: balanced / steady (seed 42)
/// requests: offered 100, sent 100, completed 100, succeeded 100
/// throughput            199.8 req/s
/// latency P50           1.234 ms
/// …
/// targets (2000 req/s, P95 25 ms, 99% success, 100 MB): score 1.275, missed: throughput
/// run: valid
/// ```
/// The JSON has `preset`, `workload`, `seed`, `valid`, `invalidReasons`, `metrics` keyed by the
/// metric identifiers of DESIGN.md, `requests` and, for a capacity search, `capacity` with every
/// probe, keys sorted. Numbers in the text are written with `NumberFormat.summary`.
package struct DriveReport: Sendable {
    /// The preset's name, as given on the command line.
    package var preset: String
    /// The targets the text holds the metrics against.
    package var targets: PerformanceTargets
    /// The most CPU time the host's hypervisor may take during the run (`cpu_steal_percent`), in
    /// percent of all of it, before the run is invalid: its latencies then measure the host as
    /// much as the service. Nil never marks a run for it.
    package var maxStealPercent: Double?

    /// Creates a drive report.
    ///
    /// - Parameters:
    ///   - preset: The preset's name, as given on the command line.
    ///   - targets: The targets the text holds the metrics against; DESIGN.md's by default.
    ///   - maxStealPercent: The most CPU time the hypervisor may take before the run is invalid;
    ///     nil (the default) never marks a run for it.
    package init(preset: String, targets: PerformanceTargets = .default, maxStealPercent: Double? = nil) {
        self.preset = preset
        self.targets = targets
        self.maxStealPercent = maxStealPercent
    }

    /// Whether the run is valid: the driver held its schedule, the service under test lived
    /// through it, and the hypervisor took no more than ``maxStealPercent``.
    package func isValid(_ outcome: DriveOutcome) -> Bool {
        invalidReasons(Self.figures(outcome)).isEmpty
    }

    /// Whether a drive of a user's HTTP service is valid, as for the built-in service.
    package func isValid(_ outcome: HTTPDrive.Outcome) -> Bool {
        invalidReasons(Self.figures(outcome)).isEmpty
    }

    /// What either kind of drive measured, as the report shows it.
    struct Figures {
        var workload: WorkloadSpec
        var report: DriverReport
        var metrics: [String: Double]
        var capacity: CapacitySearchResult?
        var invalidReasons: [String]
        /// Whether the built-in service's targets apply (not to a user's HTTP service).
        var judgesTargets: Bool
    }

    /// The outcome as aligned text.
    ///
    /// - Parameter outcome: What the drive measured.
    /// - Returns: The text, ending with a newline.
    package func text(_ outcome: DriveOutcome) -> String {
        text(Self.figures(outcome))
    }

    /// The outcome of a drive of a user's HTTP service as aligned text: the same lines, without
    /// the built-in service's targets, and one line per named operation.
    ///
    /// - Parameter outcome: What the drive measured.
    /// - Returns: The text, ending with a newline.
    package func text(_ outcome: HTTPDrive.Outcome) -> String {
        text(Self.figures(outcome))
    }

    /// The outcome as one JSON object with sorted keys.
    ///
    /// - Parameter outcome: What the drive measured.
    /// - Returns: The object on one line, ending with a newline.
    package func json(_ outcome: DriveOutcome) -> String {
        json(Self.figures(outcome))
    }

    /// The outcome of a drive of a user's HTTP service as one JSON object: the same keys, with
    /// `preset` holding the URL and `metrics` the per-operation ones too
    /// (`latency_p95_ms{operation=report}`).
    ///
    /// - Parameter outcome: What the drive measured.
    /// - Returns: The object on one line, ending with a newline.
    package func json(_ outcome: HTTPDrive.Outcome) -> String {
        json(Self.figures(outcome))
    }

    static func figures(_ outcome: DriveOutcome) -> Figures {
        Figures(
            workload: outcome.workload,
            report: outcome.report,
            metrics: Dictionary(uniqueKeysWithValues: outcome.metrics.map { ($0.key.rawValue, $0.value) }),
            capacity: outcome.capacity,
            invalidReasons: [],
            judgesTargets: true
        )
    }

    static func figures(_ outcome: HTTPDrive.Outcome) -> Figures {
        Figures(
            workload: outcome.workload,
            report: outcome.report,
            metrics: outcome.metrics,
            capacity: outcome.capacity,
            invalidReasons: outcome.invalidReasons,
            judgesTargets: false
        )
    }

    private func text(_ outcome: Figures) -> String {
        let format = LoadSummary.number
        var lines: [String] = []
        let report = outcome.report
        lines.append("perfgate drive: \(preset) / \(outcome.workload.name) (seed \(outcome.workload.seed))")
        if let capacity = outcome.capacity {
            let found = capacity.capacity.map { "\(Int($0)) req/s" } ?? "none (even the lowest rate failed)"
            lines.append(
                "capacity: \(found), first failing rate \(capacity.firstFailingRate.map { "\(Int($0)) req/s" } ?? "none")"
            )
            for probe in capacity.probes {
                let verdict = probe.passed ? "pass" : "fail: " + probe.failureReasons.joined(separator: "; ")
                lines.append(
                    "  probe \(Int(probe.rate)) req/s: P95 \(format(probe.report.latency.percentileMilliseconds(0.95))) ms, "
                        + "success \(format(probe.report.successRate * 100))% — \(verdict)"
                )
            }
        }
        lines.append(
            "requests: offered \(report.offered), sent \(report.sent), completed \(report.completed), "
                + "succeeded \(report.succeeded)"
        )
        if let failures = LoadSummary.failures(report.failuresByKind) { lines.append(failures) }
        let rows: [(String, MetricID)] = [
            ("throughput", .throughputRPS), ("latency P50", .latencyP50Ms), ("latency P95", .latencyP95Ms),
            ("latency P99", .latencyP99Ms), ("latency max", .latencyMaxMs), ("success rate", .successRate),
            ("cache hit ratio", .cacheHitRatio), ("backpressure events", .backpressureEvents), ("peak RSS", .peakRSSMB),
            ("CPU", .cpuPercent), ("CPU steal (host)", .cpuStealPercent),
            ("schedule lag P99", .scheduleLagP99Ms),
        ]
        for (label, metric) in rows {
            guard let value = outcome.metrics[metric.rawValue] else { continue }
            lines.append(LoadSummary.row(label, format(value) + " " + metric.unit))
        }
        for counts in report.operations {
            let id = { (metric: MetricID) in outcome.metrics[metric.identifier(operation: counts.name)] ?? 0 }
            lines.append(
                "operation \(counts.name): \(format(id(.throughputRPS))) req/s, P50 \(format(id(.latencyP50Ms))) ms, "
                    + "P95 \(format(id(.latencyP95Ms))) ms, P99 \(format(id(.latencyP99Ms))) ms, "
                    + "success \(format(id(.successRate) * 100))%"
            )
        }
        let metrics = outcome.metrics
        if outcome.judgesTargets {
            let comparison = TargetComparison(
                throughputRPS: metrics[MetricID.throughputRPS.rawValue] ?? 0,
                latencyP95Ms: metrics[MetricID.latencyP95Ms.rawValue] ?? 0,
                successRate: metrics[MetricID.successRate.rawValue] ?? 0,
                memoryMB: metrics[MetricID.peakRSSMB.rawValue] ?? 0,
                targets: targets
            )
            lines.append(LoadSummary.targets(comparison))
        }
        let reasons = invalidReasons(outcome)
        lines.append(reasons.isEmpty ? "run: valid" : "run: INVALID — " + reasons.joined(separator: "; "))
        return lines.joined(separator: "\n") + "\n"
    }

    private func json(_ outcome: Figures) -> String {
        var metrics: [String: JSONValue] = [:]
        for (metric, value) in outcome.metrics { metrics[metric] = .number(value) }
        var object: [String: JSONValue] = [
            "preset": .string(preset),
            "workload": .string(outcome.workload.name),
            "seed": .unsigned(outcome.workload.seed),
            "valid": .bool(invalidReasons(outcome).isEmpty),
            "invalidReasons": .array(invalidReasons(outcome).map(JSONValue.string)),
            "metrics": .object(metrics),
            "requests": .object([
                "offered": .integer(Int64(outcome.report.offered)),
                "sent": .integer(Int64(outcome.report.sent)),
                "completed": .integer(Int64(outcome.report.completed)),
                "succeeded": .integer(Int64(outcome.report.succeeded)),
                "failuresByKind": .object(outcome.report.failuresByKind.mapValues { .integer(Int64($0)) }),
            ]),
        ]
        if let capacity = outcome.capacity {
            object["capacity"] = .object([
                "capacityRPS": .number(capacity.capacity),
                "firstFailingRPS": .number(capacity.firstFailingRate),
                "probes": .array(
                    capacity.probes.map { probe in
                        .object([
                            "rate": .number(probe.rate),
                            "passed": .bool(probe.passed),
                            "latencyP95Ms": .number(probe.report.latency.percentileMilliseconds(0.95)),
                            "successRate": .number(probe.report.successRate),
                            "failureReasons": .array(probe.failureReasons.map(JSONValue.string)),
                        ])
                    }
                ),
            ])
        }
        return JSONValue.object(object).rendered() + "\n"
    }

    /// Why the run is invalid, or nothing when it is valid.
    func invalidReasons(_ outcome: Figures) -> [String] {
        var reasons: [String] = []
        if case .invalid(let driver) = outcome.report.validity { reasons = driver }
        reasons += outcome.invalidReasons
        if let limit = maxStealPercent, let steal = outcome.metrics[MetricID.cpuStealPercent.rawValue], steal > limit {
            reasons.append(
                "The host's hypervisor took \(LoadSummary.number(steal))% of the CPU time during the run, more "
                    + "than the \(LoadSummary.number(limit))% allowed (--max-steal): the latencies measure the host "
                    + "as much as the service; run it again when the machine is quieter."
            )
        }
        return reasons
    }
}
