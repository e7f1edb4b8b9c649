/// Renders a monitor's figures in the Prometheus text exposition format 0.0.4.
///
/// Names use base units (seconds, bytes, ratios) and counters end in `_total`. Families are
/// sorted by name and labels by value, so the same figures always render to the same bytes.
/// The request-duration histogram's cumulative buckets are computed from the monitor's
/// log-linear histogram by counting whole buckets whose values are all at most the bound, so a
/// bucket's count may miss values within 1.6% below its bound; `_sum` and `_count` are exact.
public enum PrometheusExposition {
    /// The content type to serve the text with.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The upper bounds of the request-duration histogram's buckets, in seconds (`+Inf` is added).
    public static let latencyBucketBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// One metric family: its samples share a name stem, a help text and a type.
    struct Family {
        enum Kind: String {
            case counter
            case gauge
            case histogram
        }

        var name: String
        var help: String
        var kind: Kind
        var samples: [(suffix: String, labels: [(String, String)], value: Double)]
    }

    /// Renders families sorted by name.
    static func render(_ families: [Family]) -> String {
        var output = ""
        for family in families.sorted(by: { $0.name < $1.name }) {
            output += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            output += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                output += family.name + sample.suffix
                if !sample.labels.isEmpty {
                    output += "{"
                    output += sample.labels.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",")
                    output += "}"
                }
                output += " " + format(sample.value) + "\n"
            }
        }
        return output
    }

    /// A sample value as Prometheus reads it: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Escapes `\` and newline in help text.
    static func escapeHelp(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// Escapes `\`, `"` and newline in a label value.
    static func escapeLabelValue(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    /// The cumulative buckets, `_sum` and `_count` of a latency histogram, in seconds.
    static func histogramSamples(
        _ snapshot: HistogramSnapshot
    ) -> [(suffix: String, labels: [(String, String)], value: Double)] {
        var samples: [(suffix: String, labels: [(String, String)], value: Double)] = []
        for bound in latencyBucketBounds {
            let count = snapshot.count(atMostNanoseconds: UInt64((bound * 1e9).rounded()))
            samples.append(("_bucket", [("le", format(bound))], Double(count)))
        }
        samples.append(("_bucket", [("le", "+Inf")], Double(snapshot.count)))
        samples.append(("_sum", [], Double(snapshot.sumNanoseconds) / 1e9))
        samples.append(("_count", [], Double(snapshot.count)))
        return samples
    }
}

extension StreamPerformanceMonitor {
    /// The monitor's figures in the Prometheus text format 0.0.4, byte-stable for equal figures.
    ///
    /// - Complexity: O(buckets + error kinds).
    public func prometheusExposition() -> String {
        let prefix = configuration.metricNamespace + "_"
        let metrics = currentMetrics()
        let snapshot = latency.snapshot()
        let completed = sessions.completed
        typealias Family = PrometheusExposition.Family
        var families: [Family] = [
            Family(
                name: prefix + "active_connections",
                help: "Open stream sessions.",
                kind: .gauge,
                samples: [("", [], Double(metrics.activeConnections))]
            ),
            Family(
                name: prefix + "backpressure_events_total",
                help: "Times producers waited because the queue was nearly full.",
                kind: .counter,
                samples: [("", [], Double(metrics.backpressureEvents))]
            ),
            Family(
                name: prefix + "batches_total",
                help: "Batches processed.",
                kind: .counter,
                samples: [("", [], Double(metrics.batches))]
            ),
            Family(
                name: prefix + "batch_items_total",
                help: "Items processed in batches.",
                kind: .counter,
                samples: [("", [], Double(batchItems.value))]
            ),
            Family(
                name: prefix + "cache_hit_ratio",
                help: "Cache hits divided by cache lookups since start.",
                kind: .gauge,
                samples: [("", [], metrics.cacheHitRatio)]
            ),
            Family(
                name: prefix + "cache_lookups_total",
                help: "Cache lookups by result.",
                kind: .counter,
                samples: [
                    ("", [("result", "hit")], Double(cacheHits.value)),
                    ("", [("result", "miss")], Double(cacheMisses.value)),
                ]
            ),
            Family(
                name: prefix + "errors_total",
                help: "Errors by kind.",
                kind: .counter,
                samples: metrics.errorsByKind.sorted { $0.key < $1.key }.map {
                    ("", [("kind", $0.key)], Double($0.value))
                }
            ),
            Family(
                name: prefix + "queue_depth",
                help: "Items waiting in the work queue.",
                kind: .gauge,
                samples: [("", [], Double(metrics.queueDepth))]
            ),
            Family(
                name: prefix + "request_duration_seconds",
                help: "Request latency from intended start to completion.",
                kind: .histogram,
                samples: PrometheusExposition.histogramSamples(snapshot)
            ),
            Family(
                name: prefix + "requests_per_second",
                help: "Requests per second over the sliding window.",
                kind: .gauge,
                samples: [("", [], metrics.currentRPS)]
            ),
            Family(
                name: prefix + "requests_total",
                help: "Requests completed by outcome.",
                kind: .counter,
                samples: [
                    ("", [("outcome", "failure")], Double(metrics.failedRequests)),
                    (
                        "", [("outcome", "success")],
                        Double(snapshot.count &- min(snapshot.count, metrics.failedRequests))
                    ),
                ]
            ),
            Family(
                name: prefix + "sessions_completed_total",
                help: "Stream sessions completed.",
                kind: .counter,
                samples: [("", [], Double(completed.count))]
            ),
            Family(
                name: prefix + "uptime_seconds",
                help: "Time since the monitor started.",
                kind: .gauge,
                samples: [("", [], metrics.uptime.seconds)]
            ),
            Family(
                name: prefix + "worker_utilization_ratio",
                help: "Fraction of workers busy.",
                kind: .gauge,
                samples: [("", [], metrics.workerUtilization)]
            ),
        ]
        if let memory = metrics.memoryBytes {
            families.append(
                Family(
                    name: prefix + "memory_bytes",
                    help: "Memory in use: the figure the service reports, else the resident set size.",
                    kind: .gauge,
                    samples: [("", [], Double(memory))]
                )
            )
        }
        let resources = metrics.resources
        if let resident = resources.residentBytes {
            families.append(
                Family(
                    name: prefix + "process_resident_memory_bytes",
                    help: "Resident set size of the process.",
                    kind: .gauge,
                    samples: [("", [], Double(resident))]
                )
            )
        }
        if let files = resources.openFileCount {
            families.append(
                Family(
                    name: prefix + "process_open_fds",
                    help: "Open file descriptors of the process.",
                    kind: .gauge,
                    samples: [("", [], Double(files))]
                )
            )
        }
        if let threads = resources.threadCount {
            families.append(
                Family(
                    name: prefix + "process_threads",
                    help: "Threads in the process.",
                    kind: .gauge,
                    samples: [("", [], Double(threads))]
                )
            )
        }
        return PrometheusExposition.render(families)
    }
}
