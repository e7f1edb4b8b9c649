/// How throughput and latency were normalized between the two environments' speeds.
///
/// `factor = current.calibrationScore / baseline.calibrationScore` (above 1: the current machine
/// ran the CPU canary faster). Current values are brought to the baseline's speed before they
/// are compared: a duration-like metric (latencies, `record_ns_per_op`) is multiplied by
/// `factor`, a closed-loop throughput divided by it. Open-loop throughput is left alone, because
/// it follows the offered rate, not the machine.
public struct CalibrationAdjustment: Sendable, Codable, Equatable {
    /// The baseline's calibration score.
    public var baselineScore: Double
    /// The current run's calibration score.
    public var currentScore: Double
    /// `currentScore / baselineScore`, 1 when not applied.
    public var factor: Double
    /// Whether values were normalized.
    public var isApplied: Bool
    /// Why not, when not applied.
    public var reason: String?

    /// Creates an adjustment.
    public init(baselineScore: Double, currentScore: Double, factor: Double, isApplied: Bool, reason: String?) {
        self.baselineScore = baselineScore
        self.currentScore = currentScore
        self.factor = factor
        self.isApplied = isApplied
        self.reason = reason
    }

    /// The adjustment between two environments.
    ///
    /// A score that is not finite is recorded as 0; a score that is not positive (a fingerprint
    /// is written with 0 when no canary ran) turns normalization off, as does `enabled == false`.
    public init(baseline: EnvironmentFingerprint, current: EnvironmentFingerprint, enabled: Bool) {
        let baselineScore = baseline.calibrationScore.isFinite ? baseline.calibrationScore : 0
        let currentScore = current.calibrationScore.isFinite ? current.calibrationScore : 0
        var reason: String?
        if !enabled {
            reason = "calibration normalization is turned off"
        } else if baselineScore <= 0 || currentScore <= 0 {
            reason = "a calibration score is missing (not positive)"
        }
        self.init(
            baselineScore: baselineScore,
            currentScore: currentScore,
            factor: reason == nil ? currentScore / baselineScore : 1,
            isApplied: reason == nil,
            reason: reason
        )
    }
}
