import Synchronization

extension StreamPerformanceMonitor {
    /// Collects one interval now: percentiles, RPS, one history point, anomaly evaluation, target
    /// breaches, idle session expiry and a periodic report to the event sink.
    ///
    /// The background task calls this every `collectionInterval`; tests call it by hand after
    /// moving a `ManualMonitorClock` (from `PerfMonitorTestKit`). Events go to the sink after every
    /// lock is released.
    ///
    /// - Returns: The report of the interval and the anomalies it raised.
    /// - Complexity: O(buckets × (1 + operations)) plus O(active sessions) for idle expiry.
    @discardableResult
    public func tick() -> (report: PeriodicReport, anomalies: [AnomalyEvent]) {
        let now = configuration.clock.now()
        let snapshot = totalLatency
        let failuresNow = totalFailures
        let usage = sampleResources()
        let hostCPU = sampleHostCPU()
        sessions.expireIdle(olderThan: configuration.sessionIdleTimeout, at: now)
        let memory = memoryFigure(usage)
        let connections = sessions.activeCount
        let lookups = cacheHits.value &+ cacheMisses.value
        let hitRatio = lookups > 0 ? Double(cacheHits.value) / Double(lookups) : 0

        let (report, events, breaches) = collector.withLock {
            state -> (PeriodicReport, [AnomalyEvent], [TargetBreachEvent]) in
            let interval = snapshot.subtracting(state.last.latency)
            let intervalFailures = failuresNow &- min(failuresNow, state.last.failures)
            let seconds = max((now.monotonic - state.last.at.monotonic).seconds, 0)
            let rps = seconds > 0 ? Double(interval.count) / seconds : 0
            let errorRate = interval.count > 0 ? min(1, Double(intervalFailures) / Double(interval.count)) : 0
            let p95 = interval.percentileMilliseconds(0.95)
            state.peakRPS = max(state.peakRPS, rps)
            state.rpsAverage.add(rps)
            state.rpsExponentialAverage.add(rps)
            if !interval.isEmpty {
                state.p95Average.add(p95)
                state.p95ExponentialAverage.add(p95)
            }
            state.history.record(
                HistoryPoint(
                    at: now,
                    requestsPerSecond: rps,
                    meanLatencyMs: interval.meanMilliseconds,
                    p95LatencyMs: p95,
                    memoryBytes: Double(memory ?? 0),
                    activeConnections: connections,
                    errorRate: errorRate
                ),
                latency: interval,
                failures: intervalFailures,
                seconds: seconds
            )
            let steal = hostCPU.flatMap { reading in state.lastHostCPU.flatMap { reading.stealPercent(since: $0) } }
            if let hostCPU { state.lastHostCPU = hostCPU }
            var values: [AnomalyKind: Double] = [.lowThroughput: rps]
            if !interval.isEmpty {
                values[.highLatency] = p95
                values[.highErrorRate] = errorRate
            }
            // What the hypervisor took explains up to its share of the interval on every core:
            // that much added latency, and that share of the throughput. A request finished in
            // this interval may have waited through a stall late in the last one (measured: 54 ms
            // stolen at the end of one second, a P95 of 49 ms in the next), so the latency
            // allowance counts both intervals' stolen time.
            var allowances: [AnomalyKind: Double] = [:]
            let stolenPerCoreMs = (steal ?? 0) / 100 * seconds * 1000
            if stolenPerCoreMs + state.lastStolenPerCoreMs > 0 {
                allowances[.highLatency] = stolenPerCoreMs + state.lastStolenPerCoreMs
                allowances[.lowThroughput] = (steal ?? 0) / 100 * (state.rpsAverage.value ?? rps)
            }
            state.lastStolenPerCoreMs = stolenPerCoreMs
            state.lastStealPercent = steal
            if let memory { values[.highMemory] = Double(memory) }
            if let cpu = usage.cpuPercent { values[.highCPU] = cpu }
            let events = state.detectAnomalies(values, at: now, allowances: allowances)
            let sample = Collector.Sample(at: now, latency: snapshot, failures: failuresNow)
            state.window.append(sample)
            state.last = sample
            state.lastUsage = usage
            state.intervalsCollected += 1
            let report = PeriodicReport(
                at: now,
                uptime: now.monotonic - startedAt.monotonic,
                requests: interval.count,
                requestsPerSecond: rps,
                latencyP50Ms: interval.percentileMilliseconds(0.50),
                latencyP95Ms: p95,
                latencyP99Ms: interval.percentileMilliseconds(0.99),
                errorRate: errorRate,
                memoryBytes: memory,
                cpuPercent: usage.cpuPercent,
                activeConnections: connections,
                queueDepth: Int(queueDepth.value),
                workerUtilization: workerUtilization.value,
                cacheHitRatio: hitRatio,
                backpressureEvents: backpressureEvents.value,
                hostCPUStealPercent: steal
            )
            return (report, events, state.breaches.evaluate(report))
        }
        if let sink = configuration.eventSink {
            sink.emit(.report(report))
            for event in events { sink.emit(.anomaly(event)) }
            for breach in breaches { sink.emit(.targetBreach(breach)) }
        }
        return (report, events)
    }

    /// A sample for collection (keeps the CPU baseline), or nothing when sampling is off.
    func sampleResources() -> ResourceUsage {
        configuration.samplesProcessResources ? sampler.withLock { $0.sample() } : ResourceUsage()
    }

    /// The host's CPU time now, from the configured source, else `/proc/stat` when resources
    /// are sampled, else nothing.
    func sampleHostCPU() -> HostCPUTimes? {
        if let source = configuration.hostCPUSource { return source() }
        return configuration.samplesProcessResources ? HostCPUTimes.read() : nil
    }

    /// A one-off sample for reading between collections (no CPU figure), or nothing when off.
    func freshResources() -> ResourceUsage {
        guard configuration.samplesProcessResources else { return ResourceUsage() }
        var sampler = ResourceSampler()
        return sampler.sample()
    }

    /// The memory figure: the reported one when set, else the RSS, else nil.
    func memoryFigure(_ usage: ResourceUsage?) -> UInt64? {
        let reported = reportedMemory.value
        if reported >= 0 { return UInt64(reported) }
        return usage?.residentBytes
    }

    /// Everything the monitor tracks, as of now; window figures include recordings made since
    /// the last collection.
    ///
    /// - Complexity: O(buckets × (1 + operations) + trend window).
    public func currentMetrics() -> PerformanceMetrics {
        let now = configuration.clock.now()
        let snapshot = totalLatency
        let failuresNow = totalFailures
        let state = collector.withLock { state in
            (
                oldest: state.window.elements.first ?? state.last,
                peak: state.peakRPS,
                rpsAverage: state.rpsAverage.value,
                rpsExponential: state.rpsExponentialAverage.mean,
                p95Average: state.p95Average.value,
                p95Exponential: state.p95ExponentialAverage.mean,
                points: state.history.points.suffix(configuration.trendWindow),
                anomalies: state.anomalies.elements,
                usage: state.lastUsage,
                steal: state.lastStealPercent
            )
        }
        let usage = state.usage ?? freshResources()
        let window = snapshot.subtracting(state.oldest.latency)
        let windowSeconds = (now.monotonic - state.oldest.at.monotonic).seconds
        let windowFailures = failuresNow &- min(failuresNow, state.oldest.failures)
        let uptime = now.monotonic - startedAt.monotonic
        let lookups = cacheHits.value &+ cacheMisses.value
        let batchCount = batches.value
        let analyzer = TrendAnalyzer()
        return PerformanceMetrics(
            at: now,
            uptime: uptime,
            totalRequests: snapshot.count,
            failedRequests: failuresNow,
            successRate: Self.successRate(requests: snapshot.count, failures: failuresNow),
            windowErrorRate: window.count > 0 ? min(1, Double(windowFailures) / Double(window.count)) : 0,
            currentRPS: windowSeconds > 0 ? Double(window.count) / windowSeconds : 0,
            peakRPS: state.peak,
            averageRPS: uptime > .zero ? Double(snapshot.count) / uptime.seconds : 0,
            rpsMovingAverage: state.rpsAverage,
            rpsExponentialAverage: state.rpsExponential,
            latencyP50Ms: window.percentileMilliseconds(0.50),
            latencyP95Ms: window.percentileMilliseconds(0.95),
            latencyP99Ms: window.percentileMilliseconds(0.99),
            meanLatencyMs: window.meanMilliseconds,
            latencyP95MovingAverage: state.p95Average,
            latencyP95ExponentialAverage: state.p95Exponential,
            throughputTrend: analyzer.trend(of: state.points.map(\.requestsPerSecond)),
            latencyTrend: analyzer.trend(of: state.points.map(\.p95LatencyMs)),
            memoryBytes: memoryFigure(usage),
            resources: usage,
            activeConnections: sessions.activeCount,
            workerUtilization: workerUtilization.value,
            queueDepth: Int(queueDepth.value),
            cacheHitRatio: lookups > 0 ? Double(cacheHits.value) / Double(lookups) : 0,
            cacheLookups: lookups,
            backpressureEvents: backpressureEvents.value,
            batches: batchCount,
            meanBatchSize: batchCount > 0 ? Double(batchItems.value) / Double(batchCount) : 0,
            errorsByKind: errorsByKind.withLock { $0 },
            recentAnomalies: state.anomalies,
            hostCPUStealPercent: state.steal
        )
    }

    /// The headline figures since start, ready for ``PerformanceSummary/compared(with:)``, with
    /// those of each declared operation.
    ///
    /// - Complexity: O(buckets × (1 + operations)).
    public func summary() -> PerformanceSummary {
        let now = configuration.clock.now()
        let snapshot = totalLatency
        let failuresNow = totalFailures
        let (peak, lastUsage) = collector.withLock { ($0.peakRPS, $0.lastUsage) }
        let usage = reportedMemory.value < 0 ? freshResources() : (lastUsage ?? ResourceUsage())
        let uptime = now.monotonic - startedAt.monotonic
        let lookups = cacheHits.value &+ cacheMisses.value
        return PerformanceSummary(
            throughputRPS: uptime > .zero ? Double(snapshot.count) / uptime.seconds : 0,
            peakThroughputRPS: peak,
            meanLatencyMs: snapshot.meanMilliseconds,
            latencyP50Ms: snapshot.percentileMilliseconds(0.50),
            latencyP95Ms: snapshot.percentileMilliseconds(0.95),
            latencyP99Ms: snapshot.percentileMilliseconds(0.99),
            maxLatencyMs: Double(snapshot.isEmpty ? 0 : snapshot.maxNanoseconds) / 1e6,
            totalRequests: snapshot.count,
            successRate: Self.successRate(requests: snapshot.count, failures: failuresNow),
            memoryMB: Double(memoryFigure(usage) ?? 0) / 1_048_576,
            peakResidentMB: usage.peakResidentBytes.map { Double($0) / 1_048_576 },
            activeConnections: sessions.activeCount,
            workerUtilization: workerUtilization.value,
            cacheEfficiency: lookups > 0 ? Double(cacheHits.value) / Double(lookups) : 0,
            backpressureEvents: backpressureEvents.value,
            uptime: uptime,
            operations: operationSummaries(uptime: uptime)
        )
    }

    /// The latency histogram of every request since start, with or without an operation.
    ///
    /// - Complexity: O(buckets × (1 + operations)).
    public func latencySnapshot() -> HistogramSnapshot { totalLatency }

    /// The interval points, newest last.
    public func historyPoints() -> [HistoryPoint] { collector.withLock { $0.history.points.elements } }

    /// Hourly aggregates (finished hours and the one in progress), oldest first.
    public func hourlyAggregates() -> [HistoryAggregate] { collector.withLock { $0.history.hourlyAggregates } }

    /// Daily aggregates (finished days and the one in progress), oldest first.
    public func dailyAggregates() -> [HistoryAggregate] { collector.withLock { $0.history.dailyAggregates } }

    /// The most recent anomaly events, oldest first.
    public func recentAnomalies() -> [AnomalyEvent] { collector.withLock { $0.anomalies.elements } }

    static func successRate(requests: UInt64, failures: UInt64) -> Double {
        guard requests > 0 else { return 1 }
        return max(0, 1 - Double(min(failures, requests)) / Double(requests))
    }
}
