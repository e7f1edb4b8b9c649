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

    /// Creates a drive report.
    ///
    /// - Parameters:
    ///   - preset: The preset's name, as given on the command line.
    ///   - targets: The targets the text holds the metrics against; DESIGN.md's by default.
    package init(preset: String, targets: PerformanceTargets = .default) {
        self.preset = preset
        self.targets = targets
    }

    /// The outcome as aligned text.
    ///
    /// - Parameter outcome: What the drive measured.
    /// - Returns: The text, ending with a newline.
    package func text(_ outcome: DriveOutcome) -> String {
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
            ("CPU", .cpuPercent), ("schedule lag P99", .scheduleLagP99Ms),
        ]
        for (label, metric) in rows {
            guard let value = outcome.metrics[metric] else { continue }
            lines.append(LoadSummary.row(label, format(value) + " " + metric.unit))
        }
        let metrics = outcome.metrics
        let comparison = TargetComparison(
            throughputRPS: metrics[.throughputRPS] ?? 0,
            latencyP95Ms: metrics[.latencyP95Ms] ?? 0,
            successRate: metrics[.successRate] ?? 0,
            memoryMB: metrics[.peakRSSMB] ?? 0,
            targets: targets
        )
        lines.append(LoadSummary.targets(comparison))
        lines.append(
            report.isValid ? "run: valid" : "run: INVALID — " + Self.invalidReasons(outcome).joined(separator: "; ")
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// The outcome as one JSON object with sorted keys.
    ///
    /// - Parameter outcome: What the drive measured.
    /// - Returns: The object on one line, ending with a newline.
    package func json(_ outcome: DriveOutcome) -> String {
        var metrics: [String: JSONValue] = [:]
        for (metric, value) in outcome.metrics { metrics[metric.rawValue] = .number(value) }
        var object: [String: JSONValue] = [
            "preset": .string(preset),
            "workload": .string(outcome.workload.name),
            "seed": .unsigned(outcome.workload.seed),
            "valid": .bool(outcome.report.isValid),
            "invalidReasons": .array(Self.invalidReasons(outcome).map(JSONValue.string)),
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

    /// Why the driver's run is invalid, or nothing when it is valid.
    static func invalidReasons(_ outcome: DriveOutcome) -> [String] {
        if case .invalid(let reasons) = outcome.report.validity { return reasons }
        return []
    }
}
