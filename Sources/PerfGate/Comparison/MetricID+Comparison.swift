/// How a metric responds to the machine's speed, for calibration normalization.
enum CalibrationScaling {
    /// Not normalized.
    case none
    /// Faster machine, smaller value: multiplied by the calibration factor.
    case duration
    /// Faster machine, larger value (closed loop only): divided by the calibration factor.
    case throughput
}

extension MetricID {
    /// How the metric is normalized by calibration.
    var calibrationScaling: CalibrationScaling {
        switch self {
        case .throughputRPS: .throughput
        case .latencyP50Ms, .latencyP95Ms, .latencyP99Ms, .latencyMaxMs, .recordNsPerOp: .duration
        default: .none
        }
    }

    /// The offset `ε` added before taking logarithms, so that metrics that can be 0 compare on
    /// the same log-ratio scale as the others: `log(value + ε)`.
    ///
    /// `ε` is a small, fixed amount in the metric's unit, below anything that matters: 1 req/s,
    /// 0.01 ms, 0.001 of a ratio, 1 event, 0.1 MB, 0.1 percentage point, 0.1 ns; 1e-6 for an
    /// unknown unit. A change from 0 to `ε` reads as +100%.
    static func logOffset(forUnit unit: String) -> Double {
        switch unit {
        case "req/s": 1
        case "ms": 0.01
        case "ratio": 0.001
        case "count": 1
        case "MB": 0.1
        case "%": 0.1
        case "ns": 0.1
        default: 1e-6
        }
    }
}
