import PerfSupport
import Synchronization

/// Renders a monitor's figures in the Prometheus text exposition format 0.0.4.
///
/// Names use base units (seconds, bytes, ratios) and counters end in `_total`. Families are
/// sorted by name and labels by value, so the same figures always render to the same bytes.
/// `anomalies_total{kind=…}` has one sample per ``AnomalyKind`` from the start, at 0 until the
/// first event of that kind, so `increase()` sees the first one.
/// The request-duration histogram's cumulative buckets are computed from the monitor's
/// log-linear histogram by counting whole buckets whose values are all at most the bound, so a
/// bucket's count may miss values within 1.6% below its bound; `_sum` and `_count` are exact.
///
/// When the monitor declares operations (``MonitoringConfiguration/operations``), the
/// `request_duration_seconds` histogram and the `requests_total` counter also carry one series
/// per operation, labelled `operation="name"`, in the same families. The series without an
/// `operation` label stay the totals of every request, so a query that sums over a family must
/// either keep to the total or select `{operation!=""}`, never both.
public enum PrometheusExposition {
    /// The content type to serve the text with.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The upper bounds of the request-duration histogram's buckets, in seconds (`+Inf` is added).
    public static let latencyBucketBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// For each of ``latencyBucketBounds``, how many leading buckets of ``HistogramLayout`` hold
    /// only values at most that bound: its cumulative count is theirs.
    static let leadingBucketsPerBound: [Int] = latencyBucketBounds.map { bound in
        let nanoseconds = UInt64((bound * 1e9).rounded())
        var buckets = 0
        while buckets < HistogramLayout.bucketCount, HistogramLayout.upperBound(ofBucket: buckets) - 1 <= nanoseconds {
            buckets += 1
        }
        return buckets
    }

    /// The bounds as they are written in the `le` label.
    static let latencyBucketLabels: [String] = latencyBucketBounds.map(format)

    /// The kinds of metric family.
    enum Kind: String {
        case counter
        case gauge
        case histogram
    }

    /// Appends families to one string, in the order they are written: the caller writes them
    /// sorted by name.
    struct Writer {
        private(set) var text = ""
        let prefix: String

        init(prefix: String) {
            self.prefix = prefix
            text.reserveCapacity(4096)
        }

        /// Writes a family's `# HELP` and `# TYPE` lines.
        mutating func family(_ name: String, _ kind: Kind, help: String) {
            text += "# HELP "
            text += prefix
            text += name
            text += " "
            text += escapeHelp(help)
            text += "\n# TYPE "
            text += prefix
            text += name
            text += " "
            text += kind.rawValue
            text += "\n"
        }

        /// Writes one sample line, with an `operation` label first when given, and at most one
        /// other label.
        mutating func sample(
            _ name: String,
            suffix: String = "",
            operation: String? = nil,
            label: (name: String, value: String)? = nil,
            _ value: Double
        ) {
            text += prefix
            text += name
            text += suffix
            if operation != nil || label != nil {
                text += "{"
                if let operation {
                    text += "operation=\""
                    text += escapeLabelValue(operation)
                    text += "\""
                    if label != nil { text += "," }
                }
                if let label {
                    text += label.name
                    text += "=\""
                    text += escapeLabelValue(label.value)
                    text += "\""
                }
                text += "}"
            }
            text += " "
            text += format(value)
            text += "\n"
        }

        /// Writes a family of one unlabelled sample.
        mutating func single(_ name: String, _ kind: Kind, help: String, _ value: Double) {
            family(name, kind, help: help)
            sample(name, value)
        }

        /// Writes a counter family with one sample per anomaly kind, in label order; `counts` is in
        /// ``AnomalyKind/allCases`` order.
        mutating func countsByAnomalyKind(_ name: String, help: String, _ counts: [UInt64]) {
            family(name, .counter, help: help)
            for (position, kind) in AnomalyKind.allCases.enumerated().sorted(by: {
                $0.element.rawValue < $1.element.rawValue
            }) {
                sample(name, label: ("kind", kind.rawValue), Double(counts[position]))
            }
        }

        /// Writes a histogram family of one unlabelled series.
        mutating func histogram(_ name: String, help: String, _ snapshot: HistogramSnapshot) {
            family(name, .histogram, help: help)
            histogramSeries(name, snapshot)
        }

        /// Writes a latency histogram's cumulative buckets, `_sum` and `_count`, in seconds, in
        /// one pass over its buckets; with an `operation` label when given.
        mutating func histogramSeries(_ name: String, operation: String? = nil, _ snapshot: HistogramSnapshot) {
            let counts = snapshot.bucketCounts
            var cumulative: UInt64 = 0
            var next = 0
            for (index, end) in leadingBucketsPerBound.enumerated() {
                while next < end, next < counts.count {
                    cumulative &+= counts[next]
                    next += 1
                }
                sample(
                    name,
                    suffix: "_bucket",
                    operation: operation,
                    label: ("le", latencyBucketLabels[index]),
                    Double(cumulative)
                )
            }
            sample(name, suffix: "_bucket", operation: operation, label: ("le", "+Inf"), Double(snapshot.count))
            sample(name, suffix: "_sum", operation: operation, Double(snapshot.sumNanoseconds) / 1e9)
            sample(name, suffix: "_count", operation: operation, Double(snapshot.count))
        }
    }

    /// A sample value as Prometheus reads it: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        return NumberFormat.plain.format(value)
    }

    /// Escapes `\` and newline in help text.
    static func escapeHelp(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") }) else { return text }
        return text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// Escapes `\`, `"` and newline in a label value.
    static func escapeLabelValue(_ text: String) -> String {
        guard
            text.utf8.contains(where: {
                $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
            })
        else { return text }
        return text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }
}

extension StreamPerformanceMonitor {
    /// The monitor's figures in the Prometheus text format 0.0.4, byte-stable for equal figures.
    ///
    /// One histogram snapshot and one pass over its buckets, and as much again per declared
    /// operation; the process figures (memory, open files, threads) are those of the last
    /// collection, or read now when the monitor has not collected yet. Nothing else is computed:
    /// no window percentiles, no trends.
    ///
    /// - Complexity: O(buckets × (1 + operations) + error kinds).
    public func prometheusExposition() -> String {
        let now = configuration.clock.now()
        // Each lane read once; the total is their merge.
        let operationFigures = operationsByName.map { operation in
            (
                name: operation.name,
                latency: latency.snapshot(lane: operation.index + 1),
                failures: failures.value(lane: operation.index + 1)
            )
        }
        var snapshot = latency.snapshot(lane: 0)
        for figures in operationFigures { snapshot.merge(figures.latency) }
        let failuresNow = totalFailures
        let (oldest, lastUsage, anomalyCounts, hostCPU, explainedByHost) = collector.withLock {
            ($0.window.first ?? $0.last, $0.lastUsage, $0.anomalyCounts, $0.lastHostCPU, $0.explainedByHostCounts)
        }
        let usage = lastUsage ?? freshResources()
        let windowSeconds = (now.monotonic - oldest.at.monotonic).seconds
        let windowCount = snapshot.count &- min(snapshot.count, oldest.latency.count)
        let hits = cacheHits.value
        let misses = cacheMisses.value
        let lookups = hits &+ misses
        let errors = errorsByKind.withLock { $0 }

        // Families in name order; the optional ones where their names fall.
        var writer = PrometheusExposition.Writer(prefix: configuration.metricNamespace + "_")
        writer.single("active_connections", .gauge, help: "Open stream sessions.", Double(sessions.activeCount))
        if configuration.countsAlertDeliveries {
            writer.family(
                "alert_deliveries_total",
                .counter,
                help: "Alert deliveries of the monitor's events by outcome: delivered, failed after the retries, "
                    + "or dropped because the delivery queue was full."
            )
            for (position, outcome) in AlertDeliveryOutcome.allCases.enumerated().sorted(by: {
                $0.element.rawValue < $1.element.rawValue
            }) {
                writer.sample(
                    "alert_deliveries_total",
                    label: ("outcome", outcome.rawValue),
                    Double(alertDeliveries.value(lane: position))
                )
            }
        }
        writer.countsByAnomalyKind(
            "anomalies_total",
            help: "Anomaly events the monitor raised, by kind.",
            anomalyCounts
        )
        if hostCPU != nil {
            writer.countsByAnomalyKind(
                "anomalies_explained_by_host_total",
                help: "Anomalous intervals not raised as anomalies because the CPU time the hypervisor stole in them "
                    + "explains the deviation, by kind.",
                explainedByHost
            )
        }
        writer.single(
            "backpressure_events_total",
            .counter,
            help: "Times producers waited because the queue was nearly full.",
            Double(backpressureEvents.value)
        )
        writer.single("batch_items_total", .counter, help: "Items processed in batches.", Double(batchItems.value))
        writer.single("batches_total", .counter, help: "Batches processed.", Double(batches.value))
        writer.single(
            "cache_hit_ratio",
            .gauge,
            help: "Cache hits divided by cache lookups since start.",
            lookups > 0 ? Double(hits) / Double(lookups) : 0
        )
        writer.family("cache_lookups_total", .counter, help: "Cache lookups by result.")
        writer.sample("cache_lookups_total", label: ("result", "hit"), Double(hits))
        writer.sample("cache_lookups_total", label: ("result", "miss"), Double(misses))
        writer.family("errors_total", .counter, help: "Errors by kind.")
        for (kind, count) in errors.sorted(by: { $0.key < $1.key }) {
            writer.sample("errors_total", label: ("kind", kind), Double(count))
        }
        if let hostCPU {
            writer.single(
                "host_cpu_seconds_total",
                .counter,
                help: "CPU time of the host's cores in every state since boot (/proc/stat), at the last collection.",
                hostCPU.totalSeconds
            )
            writer.single(
                "host_cpu_stolen_seconds_total",
                .counter,
                help: "The part of host_cpu_seconds_total that the hypervisor stole, at the last collection.",
                hostCPU.stolenSeconds
            )
        }
        if let memory = memoryFigure(usage) {
            writer.single(
                "memory_bytes",
                .gauge,
                help: "Memory in use: the figure the service reports, else the resident set size.",
                Double(memory)
            )
        }
        if let seconds = usage.cpuSeconds {
            writer.single(
                "process_cpu_seconds_total",
                .counter,
                help: "CPU time the process used, user and system, at the last collection.",
                seconds
            )
        }
        if let files = usage.openFileCount {
            writer.single("process_open_fds", .gauge, help: "Open file descriptors of the process.", Double(files))
        }
        if let resident = usage.residentBytes {
            writer.single(
                "process_resident_memory_bytes",
                .gauge,
                help: "Resident set size of the process.",
                Double(resident)
            )
        }
        if let threads = usage.threadCount {
            writer.single("process_threads", .gauge, help: "Threads in the process.", Double(threads))
        }
        writer.single(
            "queue_depth",
            .gauge,
            help: "Items waiting in the work queue.",
            Double(Int(queueDepth.value))
        )
        writer.family(
            "request_duration_seconds",
            .histogram,
            help: operationFigures.isEmpty
                ? "Request latency from intended start to completion."
                : "Request latency from intended start to completion. The series without an operation label is "
                    + "the total of every request; to sum per-operation series, select {operation!=\"\"}."
        )
        writer.histogramSeries("request_duration_seconds", snapshot)
        for figures in operationFigures {
            writer.histogramSeries("request_duration_seconds", operation: figures.name, figures.latency)
        }
        writer.single(
            "requests_per_second",
            .gauge,
            help: "Requests per second over the sliding window.",
            windowSeconds > 0 ? Double(windowCount) / windowSeconds : 0
        )
        writer.family(
            "requests_total",
            .counter,
            help: operationFigures.isEmpty
                ? "Requests completed by outcome."
                : "Requests completed by outcome. The series without an operation label are the totals of every "
                    + "request; to sum per-operation series, select {operation!=\"\"}."
        )
        writer.sample("requests_total", label: ("outcome", "failure"), Double(failuresNow))
        writer.sample(
            "requests_total",
            label: ("outcome", "success"),
            Double(snapshot.count &- min(snapshot.count, failuresNow))
        )
        for figures in operationFigures {
            let count = figures.latency.count
            let failed = min(count, figures.failures)
            writer.sample("requests_total", operation: figures.name, label: ("outcome", "failure"), Double(failed))
            writer.sample(
                "requests_total",
                operation: figures.name,
                label: ("outcome", "success"),
                Double(count - failed)
            )
        }
        writer.single(
            "sessions_completed_total",
            .counter,
            help: "Stream sessions completed.",
            Double(sessions.completed.count)
        )
        writer.single(
            "uptime_seconds",
            .gauge,
            help: "Time since the monitor started.",
            (now.monotonic - startedAt.monotonic).seconds
        )
        writer.single(
            "worker_utilization_ratio",
            .gauge,
            help: "Fraction of workers busy.",
            workerUtilization.value
        )
        return writer.text
    }
}
