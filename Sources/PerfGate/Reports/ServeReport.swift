import PerfHTTP
package import PerfMonitor
import Workloads

/// What `perfgate serve` prints when it stops: the run's summary as aligned text, or as one JSON
/// object.
///
/// The text names the preset, the workload and its seed, how long the run took and why it stopped;
/// then the requests over the rounds, the failures by kind, the monitor's figures, and the summary
/// held against the configured targets with the overall score. The JSON is the monitor's `/summary`
/// document, the one the endpoint serves, plus a `run` member: `preset`, `workload`, `seed`,
/// `stopReason`, `elapsedSeconds`, `rounds`, `invalidRounds`, the request counts,
/// `failuresByKind`, `historyPoints`, `anomalies` and `httpRequestsAnswered`; keys sorted.
/// Numbers in the text are written with `NumberFormat.summary`.
package struct ServeReport: Sendable {
    /// What the service ran: the preset's name and the workload.
    package var configuration: LiveServiceConfiguration
    /// The monitor whose `/summary` document the JSON holds.
    package var monitor: StreamPerformanceMonitor

    /// Creates a serve report.
    ///
    /// - Parameters:
    ///   - configuration: What the service ran.
    ///   - monitor: The monitor the service reported to.
    package init(configuration: LiveServiceConfiguration, monitor: StreamPerformanceMonitor) {
        self.configuration = configuration
        self.monitor = monitor
    }

    /// The final summary as aligned text.
    ///
    /// - Parameter outcome: How the run went.
    /// - Returns: The text, ending with a newline.
    package func text(_ outcome: LiveServiceOutcome) -> String {
        let format = LoadSummary.number
        let summary = outcome.summary
        let load = outcome.load
        let reason = outcome.stopReason == .duration ? "the duration passed" : "stop requested"
        var lines = [
            "perfgate serve: \(configuration.presetName) / \(configuration.workload.name) "
                + "(seed \(configuration.workload.seed)), ran \(format(outcome.elapsed.seconds)) s, "
                + "stopped: \(reason)",
            "requests: offered \(load.offered), sent \(load.sent), completed \(load.completed), "
                + "succeeded \(load.succeeded) over \(load.rounds) round\(load.rounds == 1 ? "" : "s")",
        ]
        if let failures = LoadSummary.failures(load.failuresByKind) { lines.append(failures) }
        let rows: [(String, String)] = [
            ("throughput", "\(format(summary.throughputRPS)) req/s (peak \(format(summary.peakThroughputRPS)))"),
            ("latency P50", "\(format(summary.latencyP50Ms)) ms"),
            ("latency P95", "\(format(summary.latencyP95Ms)) ms"),
            ("latency P99", "\(format(summary.latencyP99Ms)) ms"),
            ("latency max", "\(format(summary.maxLatencyMs)) ms"),
            ("success rate", "\(format(summary.successRate * 100)) %"),
            ("cache hit ratio", format(summary.cacheEfficiency)),
            ("backpressure events", "\(summary.backpressureEvents)"),
            ("memory", "\(format(summary.memoryMB)) MB"),
            ("history points", "\(outcome.historyPointCount)"),
            ("anomalies", "\(outcome.anomalies.count)"),
            ("target breaches", "\(outcome.targetBreaches.filter { $0.state == .breached }.count)"),
            ("HTTP requests", "\(outcome.answeredHTTPRequests)"),
        ]
        for (label, value) in rows { lines.append(LoadSummary.row(label, value)) }
        if let deliveries = outcome.alertDeliveries {
            lines.append(
                LoadSummary.row(
                    "alert deliveries",
                    AlertDeliveryOutcome.allCases.map { "\($0.rawValue) \(deliveries[$0] ?? 0)" }.joined(
                        separator: ", "
                    )
                )
            )
        }
        if let heldBack = outcome.alertsHeldBack {
            lines.append(LoadSummary.row("alerts held back", "\(heldBack) (repeats of a kind just posted)"))
        }
        lines.append(LoadSummary.targets(outcome.comparison))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The final summary as one JSON object: the `/summary` document plus how the run went.
    ///
    /// - Parameter outcome: How the run went.
    /// - Returns: The object on one line, ending with a newline.
    package func json(_ outcome: LiveServiceOutcome) -> String {
        guard case .object(var document) = MonitorEndpoints.summaryDocument(for: monitor) else {
            return JSONValue.null.rendered() + "\n"
        }
        let load = outcome.load
        document["run"] = .object([
            "preset": .string(configuration.presetName),
            "workload": .string(configuration.workload.name),
            "seed": .unsigned(configuration.workload.seed),
            "stopReason": .string(outcome.stopReason.rawValue),
            "elapsedSeconds": .number(outcome.elapsed.seconds),
            "rounds": .integer(Int64(load.rounds)),
            "invalidRounds": .integer(Int64(load.invalidRounds)),
            "offered": .integer(Int64(load.offered)),
            "sent": .integer(Int64(load.sent)),
            "completed": .integer(Int64(load.completed)),
            "succeeded": .integer(Int64(load.succeeded)),
            "failuresByKind": .object(load.failuresByKind.mapValues { .integer(Int64($0)) }),
            "historyPoints": .integer(Int64(outcome.historyPointCount)),
            "anomalies": .integer(Int64(outcome.anomalies.count)),
            "httpRequestsAnswered": .integer(Int64(outcome.answeredHTTPRequests)),
            "targetBreaches": .integer(Int64(outcome.targetBreaches.filter { $0.state == .breached }.count)),
            "alertDeliveries": outcome.alertDeliveries.map { deliveries in
                .object(
                    Dictionary(
                        uniqueKeysWithValues: AlertDeliveryOutcome.allCases.map {
                            ($0.rawValue, .integer(Int64(deliveries[$0] ?? 0)))
                        }
                    )
                )
            } ?? .null,
            "alertsHeldBack": outcome.alertsHeldBack.map { .integer(Int64($0)) } ?? .null,
        ])
        document["comparison"] = MonitorEndpoints.comparisonDocument(outcome.comparison)
        return JSONValue.object(document).rendered() + "\n"
    }
}
