public import PerfMonitor
import PerfSupport

/// The JSON an ``AlertWebhook`` posts for one event: `{"text": "…", "event": {…}}`.
///
/// `text` is a one-line summary that Slack (and Mattermost, Rocket.Chat, …) show as the message;
/// `event` holds the same event structured, keys sorted:
/// - an anomaly: `type` "anomaly", `kind` (such as `high_latency`), `metric` (such as
///   `latency_p95_ms`), `severity`, `value`, `expected`, `score`, `at` (ISO 8601), `source`, and
///   `repeats`: how many anomalies of its kind were held back since the last one posted;
/// - a target breach: `type` "target_breach", `state` ("breached" or "resolved"), `metric`,
///   `value`, `threshold`, `intervals`, `at`, `source`.
public enum AlertMessage {
    /// The metric an anomaly kind is about, as named in the event and its unit.
    static func metric(of kind: AnomalyKind) -> (name: String, unit: String) {
        switch kind {
        case .highLatency: ("latency_p95_ms", " ms")
        case .lowThroughput: ("requests_per_second", " req/s")
        case .highErrorRate: ("error_rate", "")
        case .highMemory: ("memory_bytes", " bytes")
        case .highCPU: ("cpu_percent", " %")
        }
    }

    /// The unit of a target-breach metric.
    static func unit(of metric: TargetBreachEvent.Metric) -> String {
        switch metric {
        case .latencyP95Ms: " ms"
        case .errorRate: ""
        case .requestsPerSecond: " req/s"
        case .memoryMB: " MB"
        }
    }

    /// The body for an event, or nil for one that is not an alert (a periodic report).
    ///
    /// - Parameters:
    ///   - event: The monitor's event.
    ///   - source: Who it is about.
    ///   - repeats: For an anomaly, how many of its kind were held back since the last posted.
    public static func body(for event: MonitorEvent, source: String, repeats: Int = 0) -> String? {
        let number = NumberFormat.summary
        switch event {
        case .report:
            return nil
        case .anomaly(let anomaly):
            let (metric, unit) = metric(of: anomaly.kind)
            let at = MonitorEndpoints.timestamp(anomaly.at.secondsSinceEpoch)
            let text =
                "\(source): \(anomaly.severity.rawValue) anomaly \(anomaly.kind.rawValue): \(metric) "
                + "\(number.format(anomaly.value))\(unit), expected \(number.format(anomaly.expected))\(unit) "
                + "(score \(number.format(anomaly.score))) at \(at)"
                + (repeats > 0 ? "; \(repeats) more of this kind held back since the last post" : "")
            return JSONValue.object([
                "text": .string(text),
                "event": .object([
                    "type": .string("anomaly"),
                    "kind": .string(anomaly.kind.rawValue),
                    "metric": .string(metric),
                    "severity": .string(anomaly.severity.rawValue),
                    "value": .number(anomaly.value),
                    "expected": .number(anomaly.expected),
                    "score": .number(anomaly.score),
                    "at": .string(at),
                    "source": .string(source),
                    "repeats": .integer(Int64(repeats)),
                ]),
            ]).rendered()
        case .targetBreach(let breach):
            let unit = unit(of: breach.metric)
            let at = MonitorEndpoints.timestamp(breach.at.secondsSinceEpoch)
            let relation: String
            switch (breach.state, breach.metric) {
            case (.breached, .requestsPerSecond): relation = "below"
            case (.breached, _): relation = "above"
            case (.resolved, .requestsPerSecond): relation = "at or above"
            case (.resolved, _): relation = "within"
            }
            let text =
                "\(source): target \(breach.state.rawValue): \(breach.metric.rawValue) "
                + "\(number.format(breach.value))\(unit) \(relation) \(number.format(breach.threshold))\(unit) "
                + "for \(breach.intervals) intervals, at \(at)"
            return JSONValue.object([
                "text": .string(text),
                "event": .object([
                    "type": .string("target_breach"),
                    "state": .string(breach.state.rawValue),
                    "metric": .string(breach.metric.rawValue),
                    "value": .number(breach.value),
                    "threshold": .number(breach.threshold),
                    "intervals": .integer(Int64(breach.intervals)),
                    "at": .string(at),
                    "source": .string(source),
                ]),
            ]).rendered()
        }
    }
}
