package import PerfMonitor
import Synchronization

/// Each declared operation's recent figures, for the `window` member of `/summary`'s operations.
///
/// The monitor keeps an operation's histogram and failures since start only. To say how an
/// operation is doing now, the window keeps a few of those snapshots, at least ``spacing`` apart,
/// taken when `/summary` is asked for, and answers with the difference between now and the oldest
/// one kept that is at most ``span`` old: requests per second, P50/P95/P99 and error rate over
/// that stretch. A dashboard polling once a second gets a sliding window of about ``span``; the
/// first request after a quiet spell of more than ``span`` has no window yet, and the member is
/// left out.
///
/// Snapshots are taken outside the lock; the lock only guards the short list of samples, so
/// concurrent `/summary` requests from several dashboards are safe and cheap.
package final class OperationWindow: Sendable {
    /// One moment's cumulative figures of every declared operation.
    private struct Sample: Sendable {
        var at: MonitorInstant
        var latency: [HistogramSnapshot]
        var failures: [UInt64]
    }

    /// The longest stretch a window covers (10 s, the monitor's default throughput window).
    let span: Duration
    /// The least time between two kept samples (1 s).
    let spacing: Duration
    private let samples = Mutex<[Sample]>([])

    /// Creates an empty window.
    ///
    /// - Parameters:
    ///   - span: The longest stretch a window covers.
    ///   - spacing: The least time between two kept samples.
    package init(span: Duration = .seconds(10), spacing: Duration = .seconds(1)) {
        self.span = span
        self.spacing = max(spacing, .milliseconds(1))
    }

    /// Each operation's figures over the window ending now, by name, keeping now's snapshot when
    /// the newest kept one is at least ``spacing`` old.
    ///
    /// - Parameters:
    ///   - monitor: The monitor whose operations to read.
    ///   - summaries: The operations' figures since start, as the monitor gave them just now (for
    ///     their failure counts), in declared order.
    /// - Returns: One document per operation that has a window, by name; empty before there is one.
    /// - Complexity: O(operations × buckets).
    package func documents(
        for monitor: StreamPerformanceMonitor,
        summaries: [OperationSummary]
    ) -> [String: JSONValue] {
        let operations = monitor.operations
        guard !operations.isEmpty, operations.count == summaries.count else { return [:] }
        let now = Sample(
            at: monitor.configuration.clock.now(),
            latency: operations.map { monitor.latencySnapshot(of: $0) ?? HistogramSnapshot() },
            failures: summaries.map(\.failedRequests)
        )
        let baseline = samples.withLock { kept -> Sample? in
            kept.removeAll { now.at.monotonic - $0.at.monotonic > span || $0.at.monotonic > now.at.monotonic }
            let oldest = kept.first
            if let newest = kept.last {
                if now.at.monotonic - newest.at.monotonic >= spacing { kept.append(now) }
            } else {
                kept.append(now)
            }
            return oldest
        }
        guard let baseline else { return [:] }
        let seconds = (now.at.monotonic - baseline.at.monotonic).seconds
        guard seconds > 0 else { return [:] }
        var documents: [String: JSONValue] = [:]
        for (index, operation) in operations.enumerated() {
            let latency = now.latency[index].subtracting(baseline.latency[index])
            let failures = now.failures[index] &- min(now.failures[index], baseline.failures[index])
            let requests = latency.count
            documents[operation.name] = .object([
                "windowSeconds": .number(seconds),
                "requests": .unsigned(requests),
                "requestsPerSecond": .number(Double(requests) / seconds),
                "latencyP50Ms": .number(latency.percentileMilliseconds(0.50)),
                "latencyP95Ms": .number(latency.percentileMilliseconds(0.95)),
                "latencyP99Ms": .number(latency.percentileMilliseconds(0.99)),
                "errorRate": .number(requests > 0 ? min(1, Double(failures) / Double(requests)) : 0),
            ])
        }
        return documents
    }
}
