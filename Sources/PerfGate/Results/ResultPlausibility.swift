import PerfMonitor

/// What a result may hold, checked after it decodes: a file that breaks a rule is refused (exit 65)
/// with the JSON path of the first value at fault, rather than compared into false verdicts.
///
/// The rules:
/// - the suite is a name, not a path (``SuiteName``), and there is at least one scenario;
/// - every metric value is finite, and not negative unless the metric allows it (a paired
///   difference such as the monitor's overhead); ratios (`success_rate`, `error_rate`,
///   `cache_hit_ratio`, `worker_utilization`) lie in 0…1; every metric has at least one round;
/// - the calibration score is finite and not negative (0: no canary ran); how far it may lie
///   from the other side's is ``calibrationProblem(current:baseline:)``;
/// - a histogram with values has its minimum at most its maximum, and every bucket is a
///   `[value, count]` pair;
/// - target bounds are finite and not negative, and the success rate's at most 1;
/// - the workload's round length is finite and above 0, and its rate, when given, too;
/// - the core count is not negative.
enum ResultPlausibility {
    /// The ratios a result may hold, each in 0…1.
    static let ratioMetrics: Set<MetricID> = [.successRate, .errorRate, .cacheHitRatio, .workerUtilization]

    /// The first rule the result breaks, as the rest of a sentence that starts with the file's
    /// name ("has … at 'path'; …"), or nil.
    ///
    /// - Complexity: O(n) in the values of the result.
    static func firstProblem(in result: RunResult) -> String? {
        if let problem = SuiteName.problem(with: result.suite) {
            return "has the suite name '\(result.suite.debugDescription.dropFirst().dropLast())' at 'suite': "
                + "\(problem); a suite's name names a file in Benchmarks/ and baselines/, so fix the name."
        }
        if result.scenarios.isEmpty {
            return "has no scenarios at 'scenarios'; a result holds at least one; regenerate it with 'perfgate run'."
        }
        let environment = result.environment
        if !(environment.calibrationScore.isFinite && environment.calibrationScore >= 0) {
            return "has \(environment.calibrationScore) at 'environment.calibrationScore'; "
                + "it must be a finite number, 0 when no canary ran; regenerate the file with 'perfgate run'."
        }
        if environment.logicalCores < 0 {
            return "has \(environment.logicalCores) at 'environment.logicalCores'; it must not be negative."
        }
        if let problem = targetProblem(result.targets) { return problem }
        for (index, scenario) in result.scenarios.enumerated() {
            let at = "scenarios[\(index)]"
            let which = "(scenario '\(scenario.name)')"
            let workload = scenario.workload
            if !(workload.durationSeconds.isFinite && workload.durationSeconds > 0) {
                return "has \(workload.durationSeconds) at '\(at).workload.durationSeconds' \(which); "
                    + "a round's length must be a finite number of seconds above 0."
            }
            if let rate = workload.rate, !(rate.isFinite && rate > 0) {
                return "has \(rate) at '\(at).workload.rate' \(which); a rate must be a finite number above 0."
            }
            for (name, series) in scenario.metrics.sorted(by: { $0.key < $1.key }) {
                let metric = MetricID(identifier: name)
                // A paired difference such as the monitor's overhead can fall below 0 by noise.
                let mayBeNegative = metric?.allowsNegativeValues ?? false
                let isRatio = metric.map { ratioMetrics.contains($0) } ?? false
                if series.values.isEmpty {
                    return "has no values at '\(at).metrics.\(name).values' \(which); "
                        + "every metric needs at least one round; rerun the scenario."
                }
                for (round, value) in series.values.enumerated() {
                    let place = "'\(at).metrics.\(name).values[\(round)]' \(which)"
                    if !value.isFinite || (value < 0 && !mayBeNegative) {
                        return "has \(value) at \(place); values must be finite and not negative; "
                            + "rerun the scenario or remove it."
                    }
                    if isRatio && value > 1 {
                        return "has \(value) at \(place); \(name) is a ratio from 0 to 1; "
                            + "rerun the scenario or remove it."
                    }
                }
                if !series.median.isFinite {
                    return "has \(series.median) at '\(at).metrics.\(name).median' \(which); it must be finite."
                }
            }
            if let histogram = scenario.latencyHistogram {
                if histogram.count > 0 && histogram.minNanoseconds > histogram.maxNanoseconds {
                    return "has minNanoseconds \(histogram.minNanoseconds) above maxNanoseconds "
                        + "\(histogram.maxNanoseconds) at '\(at).latencyHistogram' \(which); "
                        + "regenerate the file with 'perfgate run'."
                }
                if let bucket = histogram.buckets.firstIndex(where: { $0.count != 2 }) {
                    return "has a bucket of \(histogram.buckets[bucket].count) numbers at "
                        + "'\(at).latencyHistogram.buckets[\(bucket)]' \(which); each bucket is [value, count]."
                }
            }
        }
        return nil
    }

    private static func targetProblem(_ targets: PerformanceTargets) -> String? {
        let bounds: [(String, Double)] = [
            ("minThroughputRPS", targets.minThroughputRPS),
            ("maxLatencyP95Ms", targets.maxLatencyP95Ms),
            ("minSuccessRate", targets.minSuccessRate),
            ("maxMemoryMB", targets.maxMemoryMB),
            ("maxMonitorOverheadPercent", targets.maxMonitorOverheadPercent),
            ("maxRecordNsPerOp", targets.maxRecordNsPerOp),
        ]
        for (field, value) in bounds where !(value.isFinite && value >= 0) {
            return "has \(value) at 'targets.\(field)'; a target must be a finite number, not negative."
        }
        if targets.minSuccessRate > 1 {
            return "has \(targets.minSuccessRate) at 'targets.minSuccessRate'; a success rate is at most 1."
        }
        return nil
    }

    /// The widest ratio between two results' calibration scores that is compared: 1000 either
    /// way. Machines of one kind differ by a few percent; a factor beyond this is a corrupt or
    /// hand-edited score, and normalizing by it would print false verdicts.
    static let widestCalibrationRatio = 1000.0

    /// Why two results cannot be compared because of their calibration scores, as a sentence
    /// naming the field, or nil. Nil too when either score is 0 (no canary ran: normalization is
    /// off, see ``CalibrationAdjustment``).
    static func calibrationProblem(current: RunResult, baseline: RunResult) -> String? {
        let currentScore = current.environment.calibrationScore
        let baselineScore = baseline.environment.calibrationScore
        guard currentScore > 0, baselineScore > 0 else { return nil }
        let ratio = currentScore / baselineScore
        guard ratio > widestCalibrationRatio || ratio < 1 / widestCalibrationRatio else { return nil }
        return "'environment.calibrationScore' is \(currentScore) in the current result and \(baselineScore) in "
            + "the baseline, more than \(Int(widestCalibrationRatio))× apart; one of them is corrupt. "
            + "Regenerate the file whose score is wrong with 'perfgate run'."
    }
}
