/// The state the monitor's collection updates once per interval; lives behind one mutex that
/// the recording path never touches.
struct Collector: Sendable {
    /// Cumulative figures at one collection.
    struct Sample: Sendable {
        var at: MonitorInstant
        var latency: HistogramSnapshot
        var failures: UInt64
    }

    var window: HistoryBuffer<Sample>
    var last: Sample
    var peakRPS = 0.0
    var rpsAverage: SimpleMovingAverage
    var rpsExponentialAverage: ExponentialMovingAverage
    var p95Average: SimpleMovingAverage
    var p95ExponentialAverage: ExponentialMovingAverage
    var detectors: [AnomalyDetector]
    var anomalies: HistoryBuffer<AnomalyEvent>
    /// Anomaly events raised since start, by kind, in ``AnomalyKind/allCases`` order; never
    /// trimmed, unlike ``anomalies``.
    var anomalyCounts = [UInt64](repeating: 0, count: AnomalyKind.allCases.count)
    var history: MonitorHistory
    var breaches: TargetBreachWatcher
    var lastUsage: ResourceUsage?
    /// The host's CPU time at the last collection, to take the next interval's steal from.
    var lastHostCPU: HostCPUTimes?
    /// The CPU time the hypervisor stole from each core in the last interval, in milliseconds.
    var lastStolenPerCoreMs = 0.0
    /// The share of the host's CPU time the hypervisor stole in the last interval, in percent;
    /// nil before two readings, or when the host is not read.
    var lastStealPercent: Double?
    /// Anomalous values not raised because the CPU time the hypervisor stole in their interval
    /// explains them, by kind, in ``AnomalyKind/allCases`` order.
    var explainedByHostCounts = [UInt64](repeating: 0, count: AnomalyKind.allCases.count)
    var intervalsCollected = 0

    init(configuration: MonitoringConfiguration, start: MonitorInstant) {
        let origin = Sample(at: start, latency: HistogramSnapshot(), failures: 0)
        window = HistoryBuffer(capacity: configuration.windowSampleCount)
        window.append(origin)
        last = origin
        rpsAverage = SimpleMovingAverage(length: configuration.movingAverageLength)
        p95Average = SimpleMovingAverage(length: configuration.movingAverageLength)
        rpsExponentialAverage = ExponentialMovingAverage(alpha: configuration.exponentialAverageAlpha)
        p95ExponentialAverage = ExponentialMovingAverage(alpha: configuration.exponentialAverageAlpha)
        func detector(_ kind: AnomalyKind, floor: Double, relative: Double) -> AnomalyDetector {
            AnomalyDetector(
                kind: kind,
                threshold: configuration.anomalyThreshold,
                absoluteFloor: floor,
                relativeFloor: relative,
                warmUp: configuration.anomalyWarmUp,
                persistence: configuration.anomalyPersistence,
                immediateMultiple: configuration.anomalyImmediateMultiple,
                method: configuration.anomalyMethod
            )
        }
        detectors = [
            detector(
                .highLatency,
                floor: configuration.latencyAnomalyFloorMs,
                relative: configuration.latencyAnomalyRelativeFloor
            ),
            detector(
                .lowThroughput,
                floor: configuration.throughputAnomalyFloorRPS,
                relative: configuration.throughputAnomalyRelativeFloor
            ),
            detector(.highErrorRate, floor: configuration.errorRateAnomalyFloor, relative: 0),
            detector(
                .highMemory,
                floor: configuration.memoryAnomalyFloorBytes,
                relative: configuration.memoryAnomalyRelativeFloor
            ),
            detector(
                .highCPU,
                floor: configuration.cpuAnomalyFloorPercent,
                relative: configuration.cpuAnomalyRelativeFloor
            ),
        ]
        anomalies = HistoryBuffer(capacity: configuration.anomalyRetention)
        breaches = TargetBreachWatcher(
            targets: configuration.targets,
            intervals: configuration.breachIntervals,
            offeredRateRPS: configuration.offeredRateRPS
        )
        history = MonitorHistory(
            pointCapacity: configuration.historyCapacity,
            hourlyRetention: configuration.hourlyRetention,
            dailyRetention: configuration.dailyRetention
        )
    }

    /// Evaluates every detector that has a value this interval.
    ///
    /// - Parameters:
    ///   - values: The interval's figure of each kind judged.
    ///   - instant: When the interval ended.
    ///   - allowances: The deviation of each kind the host's stolen CPU time explains (none by
    ///     default); see ``AnomalyDetector/evaluate(_:at:allowance:)``.
    mutating func detectAnomalies(
        _ values: [AnomalyKind: Double],
        at instant: MonitorInstant,
        allowances: [AnomalyKind: Double] = [:]
    ) -> [AnomalyEvent] {
        var events: [AnomalyEvent] = []
        for index in detectors.indices {
            let kind = detectors[index].kind
            guard let value = values[kind] else { continue }
            let event = detectors[index].evaluate(value, at: instant, allowance: allowances[kind] ?? 0)
            if detectors[index].lastWasExplained, let position = AnomalyKind.allCases.firstIndex(of: kind) {
                explainedByHostCounts[position] &+= 1
            }
            if let event {
                events.append(event)
                anomalies.append(event)
                if let position = AnomalyKind.allCases.firstIndex(of: event.kind) { anomalyCounts[position] &+= 1 }
            }
        }
        return events
    }
}
