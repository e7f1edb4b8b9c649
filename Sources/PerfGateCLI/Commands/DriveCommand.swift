import Foundation
import PerfGate
import PerfMonitor
import PerfSupport
import StreamService
import Workloads

/// `perfgate drive`: one workload through the service under one preset; prints the monitor's
/// summary (text, or JSON with `metrics` keyed by the metric identifiers, `valid` and `seed`).
enum DriveCommand {
    static func run(_ parsed: ParsedArguments) async throws -> Int32 {
        let workloadName = try parsed.string("--workload") ?? "steady"
        let format = try CommandInputs.textOrJSONFormat(parsed, command: "drive")
        let (presetName, configuration) = try CommandInputs.preset(parsed)
        let workload: WorkloadSpec
        do {
            let seed = try parsed.int("--seed").map { UInt64($0) }
            workload = try WorkloadSpec.named(workloadName).overriding(
                rate: try parsed.int("--rate").map(Double.init),
                duration: try parsed.double("--duration").map(CommandInputs.duration(seconds:)),
                seed: seed
            )
        } catch let error as WorkloadsError {
            throw PerfGateCLIError.usage(error.message)
        }
        if case .capacitySearch(_, let probe) = workload.load, probe < minimumCapacityProbe {
            throw PerfGateCLIError.usage(
                "A capacity probe of \(probe) is too short to measure a P95 at the rates it tries; use --duration "
                    + "\(minimumCapacityProbe.seconds) or more (the default is \(WorkloadSpec.capacity.duration.seconds))."
            )
        }
        let faults = FaultInjection(
            slowdownPercent: try parsed.double("--slowdown") ?? 0,
            stall: try stall(parsed),
            errorRate: try parsed.double("--error-rate") ?? 0
        )
        let reporter = ProgressReporter(terminal: parsed.terminal, sink: parsed.standardError)
        let label = "\(presetName)/\(workload.name)"
        let outcome = try await ServiceDrive.run(configuration: configuration, workload: workload, faults: faults) {
            fraction in reporter.update(fraction, label)
        }
        reporter.finish()
        switch format {
        case .json:
            parsed.standardOutput.writeLine(json(outcome, preset: presetName))
        default:
            parsed.standardOutput.write(text(outcome, preset: presetName))
        }
        return outcome.report.isValid ? ExitCode.success.rawValue : ExitCode.invalidRun.rawValue
    }

    /// The shortest capacity probe `drive` accepts: shorter ones end with a few dozen requests,
    /// and a P95 of those says nothing.
    static let minimumCapacityProbe = Duration.seconds(1)

    static func stall(_ parsed: ParsedArguments) throws -> FaultInjection.Stall? {
        let at = try parsed.double("--stall-at")
        let length = try parsed.double("--stall-for")
        switch (at, length) {
        case (nil, nil):
            return nil
        case (let at?, let length?):
            return FaultInjection.Stall(
                start: CommandInputs.duration(seconds: at),
                length: CommandInputs.duration(seconds: length)
            )
        default:
            throw PerfGateCLIError.usage("'--stall-at' and '--stall-for' go together; give both, or neither.")
        }
    }

    /// The outcome as one JSON object with sorted keys.
    static func json(_ outcome: DriveOutcome, preset: String) -> String {
        var metrics: [String: JSONValue] = [:]
        for (metric, value) in outcome.metrics { metrics[metric.rawValue] = .number(value) }
        var object: [String: JSONValue] = [
            "preset": .string(preset),
            "workload": .string(outcome.workload.name),
            "seed": .unsigned(outcome.workload.seed),
            "valid": .bool(outcome.report.isValid),
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
        return JSONValue.object(object).rendered()
    }

    static func invalidReasons(_ outcome: DriveOutcome) -> [String] {
        if case .invalid(let reasons) = outcome.report.validity { return reasons }
        return []
    }

    /// The outcome as an aligned table.
    static func text(_ outcome: DriveOutcome, preset: String) -> String {
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
        if !report.failuresByKind.isEmpty {
            lines.append(
                "failures: "
                    + report.failuresByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                        separator: ", "
                    )
            )
        }
        let rows: [(String, MetricID)] = [
            ("throughput", .throughputRPS), ("latency P50", .latencyP50Ms), ("latency P95", .latencyP95Ms),
            ("latency P99", .latencyP99Ms), ("latency max", .latencyMaxMs), ("success rate", .successRate),
            ("cache hit ratio", .cacheHitRatio), ("backpressure events", .backpressureEvents), ("peak RSS", .peakRSSMB),
            ("CPU", .cpuPercent), ("schedule lag P99", .scheduleLagP99Ms),
        ]
        for (label, metric) in rows {
            guard let value = outcome.metrics[metric] else { continue }
            lines.append(label.padding(toLength: 22, withPad: " ", startingAt: 0) + format(value) + " " + metric.unit)
        }
        let metrics = outcome.metrics
        let comparison = TargetComparison(
            throughputRPS: metrics[.throughputRPS] ?? 0,
            latencyP95Ms: metrics[.latencyP95Ms] ?? 0,
            successRate: metrics[.successRate] ?? 0,
            memoryMB: metrics[.peakRSSMB] ?? 0,
            targets: .default
        )
        var missed: [String] = []
        if !comparison.meetsThroughput { missed.append("throughput") }
        if !comparison.meetsLatency { missed.append("P95") }
        if !comparison.meetsSuccessRate { missed.append("success") }
        if !comparison.meetsMemory { missed.append("memory") }
        lines.append(
            "targets (2000 req/s, P95 25 ms, 99% success, 100 MB): score \(format(comparison.overallScore)), "
                + (missed.isEmpty ? "all met" : "missed: " + missed.joined(separator: ", "))
        )
        lines.append(
            report.isValid ? "run: valid" : "run: INVALID — " + invalidReasons(outcome).joined(separator: "; ")
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// Integers below 10¹², else one decimal from 100 up and three below: `2000`, `1234.5`, `12.346`.
    static let numberFormat = NumberFormat(
        integersBelow: 1e12,
        decimals: .tiered([NumberFormat.Tier(from: 100, decimals: 1)], otherwise: 3)
    )

    /// A number as `drive` and `serve` print it (``numberFormat``).
    static func format(_ value: Double) -> String {
        numberFormat.format(value)
    }
}
