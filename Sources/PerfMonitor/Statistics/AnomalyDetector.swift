/// What an anomaly is about.
public enum AnomalyKind: String, Sendable, Codable, CaseIterable, Equatable {
    case highLatency = "high_latency"
    case lowThroughput = "low_throughput"
    case highErrorRate = "high_error_rate"
    case highMemory = "high_memory"
    case highCPU = "high_cpu"

    /// Whether the anomaly is a value above normal (all but low throughput).
    var isUpward: Bool { self != .lowThroughput }
}

/// How bad an anomaly is.
public enum AnomalySeverity: String, Sendable, Codable, Equatable, Comparable {
    case warning
    case critical

    public static func < (lhs: AnomalySeverity, rhs: AnomalySeverity) -> Bool {
        lhs == .warning && rhs == .critical
    }
}

/// How the detector estimates "normal".
public enum AnomalyMethod: String, Sendable, Codable, Equatable {
    /// Exponentially weighted mean and standard deviation.
    case ewma
    /// Median and median absolute deviation of a recent window: robust to earlier outliers.
    case mad
}

/// One value that stood out from its recent history.
public struct AnomalyEvent: Sendable, Equatable {
    /// What stood out.
    public var kind: AnomalyKind
    /// How far it stood out: warning from the threshold, critical from twice the threshold.
    public var severity: AnomalySeverity
    /// The observed value, in the metric's unit.
    public var value: Double
    /// The expected value (EWMA mean or window median).
    public var expected: Double
    /// How many standard deviations (or scaled MADs) the value is from the expected one.
    public var score: Double
    /// When it was seen.
    public var at: MonitorInstant
}

/// Flags values that stand out from a series' recent history, with a warm-up and an absolute floor.
///
/// Each new value gets a score: its distance from the expected value in standard deviations
/// (EWMA) or in scaled median absolute deviations (MAD, `0.6745·|x − median| / MAD`). It is an
/// anomaly when, in the anomalous direction, the score reaches `threshold` *and* the absolute
/// distance reaches `absoluteFloor` *and* the distance reaches `relativeFloor` times the expected
/// value; the floors stop a series that is almost constant, or whose jitter is small against its
/// level, from flagging wiggles that matter to no one. Nothing is flagged during the first `warmUp` values. A score of twice
/// the threshold is critical. Outliers are kept out of the estimate of normal (in the anomalous
/// direction from the threshold, the other way from twice the threshold), so a long incident (or a burst the other way) does not become the new normal at once;
/// after `warmUp` outliers in a row the level is learned, so a permanent change stops alarming.
public struct AnomalyDetector: Sendable {
    /// The metric this detector watches.
    public let kind: AnomalyKind
    /// The score at which a value is anomalous, in standard deviations.
    public let threshold: Double
    /// The smallest absolute distance from the expected value that can be anomalous.
    public let absoluteFloor: Double
    /// The smallest distance from the expected value that can be anomalous, as a fraction of the
    /// expected value (0: no relative floor).
    public let relativeFloor: Double
    /// The number of values seen before anything can be flagged.
    public let warmUp: Int
    /// How many values in a row must be anomalous before the last of them is raised (1: every
    /// one), unless one is ``immediateMultiple`` floors or more away.
    public let persistence: Int
    /// How many floors from the expected value a value is raised at once, without waiting for
    /// ``persistence``.
    public let immediateMultiple: Double
    /// How "normal" is estimated.
    public let method: AnomalyMethod
    private var average: ExponentialMovingAverage
    private var window: [Double] = []
    private let windowLength: Int
    private var seen = 0
    private var consecutiveAnomalies = 0
    private var consecutiveInAnomalousDirection = 0
    /// Whether the last value evaluated was anomalous but within the allowance it was given, so
    /// not raised (see ``evaluate(_:at:allowance:)``).
    public private(set) var lastWasExplained = false

    /// Creates a detector.
    ///
    /// - Parameters:
    ///   - kind: The metric this detector watches; sets the anomalous direction.
    ///   - threshold: The score at which a value is anomalous (default 2.0).
    ///   - absoluteFloor: The smallest absolute distance that can be anomalous.
    ///   - relativeFloor: The smallest distance that can be anomalous, as a fraction of the
    ///     expected value (0, none, by default).
    ///   - warmUp: The number of values seen before anything can be flagged.
    ///   - persistence: How many anomalous values in a row are raised (1, every one, by default).
    ///   - immediateMultiple: How many floors away a value is raised at once (3 by default).
    ///   - method: EWMA or MAD.
    ///   - alpha: The EWMA weight.
    ///   - windowLength: The MAD window.
    public init(
        kind: AnomalyKind,
        threshold: Double = 2.0,
        absoluteFloor: Double,
        relativeFloor: Double = 0,
        warmUp: Int = 10,
        persistence: Int = 1,
        immediateMultiple: Double = 3,
        method: AnomalyMethod = .ewma,
        alpha: Double = 0.1,
        windowLength: Int = 60
    ) {
        self.kind = kind
        self.threshold = threshold.isFinite && threshold > 0 ? threshold : 2.0
        self.absoluteFloor = absoluteFloor.isFinite ? max(0, absoluteFloor) : 0
        self.relativeFloor = relativeFloor.isFinite ? max(0, relativeFloor) : 0
        self.warmUp = max(2, warmUp)
        self.persistence = max(1, persistence)
        self.immediateMultiple = immediateMultiple.isFinite ? max(1, immediateMultiple) : 3
        self.method = method
        average = ExponentialMovingAverage(alpha: alpha)
        self.windowLength = max(5, windowLength)
    }

    /// Scores a new value and learns from it; returns the anomaly it is, if any.
    ///
    /// - Parameters:
    ///   - value: The interval's figure.
    ///   - instant: When the interval ended.
    ///   - allowance: A deviation, in the value's unit, that something outside the service
    ///     explains in this interval (the CPU time the hypervisor stole): the floor is raised by
    ///     it for this value alone. A value anomalous by the usual floor but within the raised one
    ///     is not raised, breaks a run of anomalous values, stays out of the estimate of normal,
    ///     and sets ``lastWasExplained``.
    /// - Complexity: O(1) for EWMA; O(w log w) for MAD over a window of w values.
    public mutating func evaluate(_ value: Double, at instant: MonitorInstant, allowance: Double = 0) -> AnomalyEvent? {
        lastWasExplained = false
        guard value.isFinite else { return nil }
        let allowance = allowance.isFinite ? max(0, allowance) : 0
        seen += 1
        let estimate = expectation()
        var event: AnomalyEvent?
        var isOutlier = false
        if seen > warmUp, let (expected, spread) = estimate {
            let signedDistance = value - expected
            let score = spread > 0 ? abs(signedDistance) / spread : (signedDistance == 0 ? 0 : .infinity)
            let inAnomalousDirection = kind.isUpward ? signedDistance > 0 : signedDistance < 0
            // Values the other way are outliers only from twice the threshold, so the estimate of
            // normal is not truncated on both sides (which would shrink the spread step by step).
            let outlierScore = inAnomalousDirection ? threshold : 2 * threshold
            let floor = max(absoluteFloor, relativeFloor * abs(expected))
            isOutlier = abs(signedDistance) >= floor && score >= outlierScore
            let isRaisable = isOutlier && inAnomalousDirection && abs(signedDistance) >= floor + allowance
            lastWasExplained = isOutlier && inAnomalousDirection && !isRaisable
            consecutiveInAnomalousDirection = isRaisable ? consecutiveInAnomalousDirection + 1 : 0
            // A moderate deviation must last `persistence` values (a blip of a busy machine does
            // not); one of `immediateMultiple` floors or more (a stall) is raised at once.
            let isSevere = abs(signedDistance) >= immediateMultiple * floor + allowance
            if isRaisable && (consecutiveInAnomalousDirection >= persistence || isSevere) {
                event = AnomalyEvent(
                    kind: kind,
                    severity: score >= 2 * threshold ? .critical : .warning,
                    value: value,
                    expected: expected,
                    score: score.isFinite ? score : 1e9,
                    at: instant
                )
            }
        }
        // Outliers either way stay out of the estimate of normal; a shift that lasts longer than
        // the warm-up is the new normal and is learned, so a permanent change stops alarming.
        consecutiveAnomalies = isOutlier ? consecutiveAnomalies + 1 : 0
        if !isOutlier || consecutiveAnomalies > warmUp { learn(value) }
        return event
    }

    private func expectation() -> (expected: Double, spread: Double)? {
        switch method {
        case .ewma:
            guard let mean = average.mean, average.count >= 2 else { return nil }
            return (mean, average.standardDeviation)
        case .mad:
            guard window.count >= 3 else { return nil }
            let median = Self.median(window)
            let mad = Self.median(window.map { abs($0 - median) })
            return (median, mad / 0.6745)
        }
    }

    private mutating func learn(_ value: Double) {
        switch method {
        case .ewma:
            average.add(value)
        case .mad:
            window.append(value)
            if window.count > windowLength { window.removeFirst(window.count - windowLength) }
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
