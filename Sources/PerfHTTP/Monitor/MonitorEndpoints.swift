package import PerfMonitor

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The routes and documents behind a ``MonitorHTTPEndpoint``: the dashboard at `/`, `/metrics`,
/// `/summary`, `/history` and `/healthz` for a ``StreamPerformanceMonitor`` (what each answers is
/// in the endpoint's doc).
///
/// `perfgate serve` prints ``summaryDocument(for:context:)`` as its final summary, so the figures
/// it prints and the ones it served are the same document.
///
/// Every handler reads the monitor's figures, which are lock-free or briefly locked snapshots,
/// so scrapes do not disturb recording.
package enum MonitorEndpoints {
    /// The most history points `/history` returns unless `?last=` asks for more (one hour at 1 s).
    static let defaultHistoryLimit = 3600

    /// The five routes for a monitor.
    ///
    /// - Parameters:
    ///   - monitor: The monitor to show.
    ///   - context: Called for every `/summary` (outside any lock); its members are added to the
    ///     document's top level, for what the monitor does not know (what drives it, say).
    /// - Returns: The routes.
    static func routes(
        for monitor: StreamPerformanceMonitor,
        context: (@Sendable () -> [String: JSONValue])? = nil
    ) -> HTTPRoutes {
        var routes = HTTPRoutes()
        add(to: &routes, for: monitor, context: context)
        return routes
    }

    /// Adds the five routes for a monitor to a table, replacing any it had on the same paths.
    ///
    /// - Parameters:
    ///   - routes: The table.
    ///   - monitor: The monitor to show.
    ///   - context: Called for every `/summary` (outside any lock).
    static func add(
        to routes: inout HTTPRoutes,
        for monitor: StreamPerformanceMonitor,
        context: (@Sendable () -> [String: JSONValue])?
    ) {
        let window = OperationWindow()
        routes.add("GET", "/") { _ in DashboardPage.response }
        routes.add("GET", "/metrics") { _ in
            .text(monitor.prometheusExposition(), contentType: PrometheusExposition.contentType)
        }
        routes.add("GET", "/summary") { _ in
            .json(
                summaryDocument(for: monitor, context: context?() ?? [:], operationWindow: window).rendered() + "\n"
            )
        }
        routes.add("GET", "/history") { request in
            let asked = request.queryItems["last"].flatMap { Int($0) }
            guard request.queryItems["last"] == nil || (asked ?? -1) >= 0 else {
                return .error(.badRequest, "'last' must be a whole number of points, 0 or more.")
            }
            return .json(historyDocument(for: monitor, last: asked ?? defaultHistoryLimit).rendered() + "\n")
        }
        routes.add("GET", "/healthz") { _ in .text("ok\n") }
    }

    /// The `comparison` member of the `/summary` document.
    ///
    /// - Parameter comparison: The summary held against the targets.
    package static func comparisonDocument(_ comparison: TargetComparison) -> JSONValue {
        .object([
            "throughputRatio": .number(comparison.throughputRatio),
            "latencyRatio": .number(comparison.latencyRatio),
            "successRatio": .number(comparison.successRatio),
            "memoryRatio": .number(comparison.memoryRatio),
            "overallScore": .number(comparison.overallScore),
            "meetsThroughput": .bool(comparison.meetsThroughput),
            "meetsLatency": .bool(comparison.meetsLatency),
            "meetsSuccessRate": .bool(comparison.meetsSuccessRate),
            "meetsMemory": .bool(comparison.meetsMemory),
            "meetsAllTargets": .bool(comparison.meetsAllTargets),
        ])
    }

    /// The `/summary` document.
    ///
    /// - Parameters:
    ///   - monitor: The monitor.
    ///   - context: Members added at the top level (they replace the built-in ones of the same name).
    ///   - operationWindow: Where each operation's recent figures come from (its `window` member);
    ///     without one, operations have their figures since start only.
    package static func summaryDocument(
        for monitor: StreamPerformanceMonitor,
        context: [String: JSONValue] = [:],
        operationWindow: OperationWindow? = nil
    ) -> JSONValue {
        let summary = monitor.summary()
        let current = monitor.currentMetrics()
        let targets = monitor.configuration.targets
        let comparison = summary.compared(with: targets)
        var document: [String: JSONValue] = [
            "time": .string(timestamp(current.at.secondsSinceEpoch)),
            "summary": .object([
                "throughputRPS": .number(summary.throughputRPS),
                "peakThroughputRPS": .number(summary.peakThroughputRPS),
                "meanLatencyMs": .number(summary.meanLatencyMs),
                "latencyP50Ms": .number(summary.latencyP50Ms),
                "latencyP95Ms": .number(summary.latencyP95Ms),
                "latencyP99Ms": .number(summary.latencyP99Ms),
                "maxLatencyMs": .number(summary.maxLatencyMs),
                "totalRequests": .unsigned(summary.totalRequests),
                "successRate": .number(summary.successRate),
                "memoryMB": .number(summary.memoryMB),
                "peakResidentMB": .number(summary.peakResidentMB),
                "activeConnections": .integer(Int64(summary.activeConnections)),
                "workerUtilization": .number(summary.workerUtilization),
                "cacheEfficiency": .number(summary.cacheEfficiency),
                "backpressureEvents": .unsigned(summary.backpressureEvents),
                "uptimeSeconds": .number(summary.uptime.seconds),
            ]),
            "targets": .object([
                "minThroughputRPS": .number(targets.minThroughputRPS),
                "maxLatencyP95Ms": .number(targets.maxLatencyP95Ms),
                "minSuccessRate": .number(targets.minSuccessRate),
                "maxMemoryMB": .number(targets.maxMemoryMB),
            ]),
            "comparison": comparisonDocument(comparison),
            "current": .object([
                "requestsPerSecond": .number(current.currentRPS),
                "latencyP50Ms": .number(current.latencyP50Ms),
                "latencyP95Ms": .number(current.latencyP95Ms),
                "latencyP99Ms": .number(current.latencyP99Ms),
                "errorRate": .number(current.windowErrorRate),
                "windowSeconds": .number(monitor.configuration.throughputWindow.seconds),
                "queueDepth": .integer(Int64(current.queueDepth)),
                "activeConnections": .integer(Int64(current.activeConnections)),
                "workerUtilization": .number(current.workerUtilization),
                "cacheHitRatio": .number(current.cacheHitRatio),
                "cacheLookups": .unsigned(current.cacheLookups),
                // The monitor gives the ratio and the lookups; hits times back out exactly.
                "cacheHits": .unsigned(UInt64((current.cacheHitRatio * Double(current.cacheLookups)).rounded())),
                "memoryBytes": .number(current.memoryBytes.map { Double($0) }),
                "cpuPercent": .number(current.resources.cpuPercent),
                "hostCPUStealPercent": .number(current.hostCPUStealPercent),
                "backpressureEvents": .unsigned(current.backpressureEvents),
            ]),
        ]
        // Only a monitor that declares operations has the member, so other documents stay as they were.
        if !summary.operations.isEmpty {
            let windows = operationWindow?.documents(for: monitor, summaries: summary.operations) ?? [:]
            document["operations"] = .object(
                Dictionary(
                    uniqueKeysWithValues: summary.operations.map {
                        ($0.name, operationDocument($0, window: windows[$0.name]))
                    }
                )
            )
        }
        for (key, value) in context { document[key] = value }
        return .object(document)
    }

    /// One operation's member of the `/summary` document's `operations`: its figures since start,
    /// and its recent ones as `window` when there are any.
    static func operationDocument(_ operation: OperationSummary, window: JSONValue? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "totalRequests": .unsigned(operation.totalRequests),
            "failedRequests": .unsigned(operation.failedRequests),
            "throughputRPS": .number(operation.throughputRPS),
            "meanLatencyMs": .number(operation.meanLatencyMs),
            "latencyP50Ms": .number(operation.latencyP50Ms),
            "latencyP95Ms": .number(operation.latencyP95Ms),
            "latencyP99Ms": .number(operation.latencyP99Ms),
            "maxLatencyMs": .number(operation.maxLatencyMs),
            "successRate": .number(operation.successRate),
            "errorRate": .number(operation.errorRate),
        ]
        if let window { members["window"] = window }
        return .object(members)
    }

    /// The `/history` document.
    ///
    /// - Parameters:
    ///   - monitor: The monitor.
    ///   - last: The most points to include, newest kept.
    /// - Complexity: O(points kept by the monitor).
    static func historyDocument(for monitor: StreamPerformanceMonitor, last: Int) -> JSONValue {
        let points = monitor.historyPoints()
        let anomalies = monitor.recentAnomalies()
        return .object([
            "intervalSeconds": .number(monitor.configuration.collectionInterval.seconds),
            "totalPoints": .integer(Int64(points.count)),
            "points": .array(
                points.suffix(max(0, last)).map { point in
                    .object([
                        "time": .string(timestamp(point.at.secondsSinceEpoch)),
                        "requestsPerSecond": .number(point.requestsPerSecond),
                        "meanLatencyMs": .number(point.meanLatencyMs),
                        "p95LatencyMs": .number(point.p95LatencyMs),
                        "memoryBytes": .number(point.memoryBytes),
                        "activeConnections": .integer(Int64(point.activeConnections)),
                        "errorRate": .number(point.errorRate),
                    ])
                }
            ),
            "anomalies": .array(
                anomalies.map { event in
                    .object([
                        "time": .string(timestamp(event.at.secondsSinceEpoch)),
                        "kind": .string(event.kind.rawValue),
                        "severity": .string(event.severity.rawValue),
                        "value": .number(event.value),
                        "expected": .number(event.expected),
                        "score": .number(event.score),
                    ])
                }
            ),
        ])
    }

    /// `2026-11-23T14:30:07.123Z` for a time in seconds since the epoch, as the monitor's JSON lines write it.
    static func timestamp(_ secondsSinceEpoch: Double) -> String {
        let safe = secondsSinceEpoch.isFinite ? max(0, secondsSinceEpoch) : 0
        var whole = time_t(safe.rounded(.down))
        let milliseconds = min(999, Int(((safe - safe.rounded(.down)) * 1000).rounded(.down)))
        var parts = tm()
        gmtime_r(&whole, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(milliseconds), 3) + "Z"
    }
}
