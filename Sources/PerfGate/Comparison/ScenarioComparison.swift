import Foundation

/// The comparison of the metrics of one scenario present on both sides, following the rules
/// documented on ``Comparator``.
struct ScenarioComparison {
    /// A metric ready to compare: cleaned values on the log scale, with its settings.
    struct PreparedMetric {
        var name: String
        var unit: String
        var better: MetricPolarity
        var isGated: Bool
        var threshold: Double
        var baselineValues: [Double]
        var currentValues: [Double]
        /// Current values on the log scale, calibrated.
        var x: [Double]
        /// Baseline values on the log scale.
        var y: [Double]
        var notes: [String]
        /// Whether both sides have enough rounds to be tested.
        var isTestable: Bool
        /// Whether the baseline, not the current run, keeps the verdict inconclusive.
        var isLimitedByBaseline: Bool
        var test: RankTestResult?

        /// +1 when lower is better, −1 when higher is better: multiplies a shift so that positive
        /// means worse.
        var orientation: Double { better == .lower ? 1 : -1 }

        /// The per-round log ratios `xᵢ − yᵢ` of a paired comparison (the sides have equal length).
        var pairedDifferences: [Double] { zip(x, y).map { $0 - $1 } }
    }

    let current: ScenarioResult
    let baseline: ScenarioResult
    let calibration: CalibrationAdjustment
    let options: ComparisonOptions
    /// Findings about the scenario's metrics.
    private(set) var findings: [ComparisonFinding] = []
    /// Gated metrics left inconclusive that more current rounds could resolve.
    private(set) var remeasure: [MetricKey] = []

    init(
        current: ScenarioResult,
        baseline: ScenarioResult,
        calibration: CalibrationAdjustment,
        options: ComparisonOptions
    ) {
        self.current = current
        self.baseline = baseline
        self.calibration = calibration
        self.options = options
    }

    /// The metrics present on both sides with the same unit, prepared and tested; the caller
    /// corrects their p-values for multiplicity across the whole run and calls
    /// ``row(_:level:adjustedPValue:cache:)`` for each.
    ///
    /// - Complexity: O(k·n·m log(n·m)) for `k` metrics with `n` and `m` rounds.
    mutating func preparedMetrics() -> [PreparedMetric] {
        metricNames().compactMap { prepare($0) }
    }

    /// The row of `metric` at Holm step level `level` with its adjusted p-value; a gated metric
    /// left inconclusive that more current rounds could resolve joins ``remeasure``.
    ///
    /// - Complexity: O(n·m log(n·m)) plus the exact distribution if not in `cache`.
    mutating func row(
        _ metric: PreparedMetric,
        level: Double,
        adjustedPValue: Double,
        cache: inout RankDistributionCache
    ) -> MetricComparison {
        let row = makeRow(metric, level: level, adjustedPValue: adjustedPValue, cache: &cache)
        if row.isGated && row.verdict == .inconclusive && !metric.isLimitedByBaseline {
            remeasure.append(row.key)
        }
        return row
    }

    /// The union of both sides' metric names, known metrics in `MetricID` order, then the rest by
    /// name; a metric on one side only becomes a finding.
    private mutating func metricNames() -> [String] {
        let names = Set(current.metrics.keys).union(baseline.metrics.keys)
        let rank: (String) -> (Int, String) = { name in
            (MetricID(identifier: name).flatMap { MetricID.allCases.firstIndex(of: $0) } ?? Int.max, name)
        }
        var both: [String] = []
        for name in names.sorted(by: { rank($0) < rank($1) }) {
            let missing: ComparisonFinding.Side? =
                current.metrics[name] == nil ? .current : (baseline.metrics[name] == nil ? .baseline : nil)
            guard let missing else {
                both.append(name)
                continue
            }
            let present: ComparisonFinding.Side = missing == .current ? .baseline : .current
            findings.append(
                finding(
                    .missingMetric,
                    side: missing,
                    metric: name,
                    "has '\(name)' in the \(present.rawValue) result only; it is not compared"
                )
            )
        }
        return both
    }

    private mutating func prepare(_ name: String) -> PreparedMetric? {
        guard let baseSeries = baseline.metrics[name], let currentSeries = current.metrics[name] else { return nil }
        guard baseSeries.unit == currentSeries.unit else {
            findings.append(
                finding(
                    .unitMismatch,
                    side: nil,
                    metric: name,
                    "records '\(name)' in '\(baseSeries.unit)' in the baseline and '\(currentSeries.unit)' now; "
                        + "it is not compared"
                )
            )
            return nil
        }
        let known = MetricID(identifier: name)
        let better = known?.polarity ?? baseSeries.better
        if baseSeries.better != better || currentSeries.better != better {
            findings.append(
                finding(
                    .polarityMismatch,
                    side: nil,
                    metric: name,
                    "records '\(name)' with better = '\(baseSeries.better.rawValue)' in the baseline and "
                        + "'\(currentSeries.better.rawValue)' now; it is compared as '\(better.rawValue)' is better"
                )
            )
        }
        let isPaired = options.pairing == .paired
        let baselineValues: [Double]
        let currentValues: [Double]
        if isPaired {
            (baselineValues, currentValues) = cleanPairs(baseSeries.values, currentSeries.values, metric: name)
        } else {
            baselineValues = clean(baseSeries.values, side: .baseline, metric: name)
            currentValues = clean(currentSeries.values, side: .current, metric: name)
        }
        var notes: [String] = []
        var calibrated = currentValues
        if !isPaired, calibration.isApplied, calibration.factor != 1, let scaling = known?.calibrationScaling {
            switch scaling {
            case .duration:
                calibrated = currentValues.map { $0 * calibration.factor }
                notes.append(
                    String(format: "current values multiplied by the calibration factor %.3f", calibration.factor)
                )
            case .throughput where current.workload.loop != "open":
                calibrated = currentValues.map { $0 / calibration.factor }
                notes.append(
                    String(format: "current values divided by the calibration factor %.3f", calibration.factor)
                )
            case .throughput, .none:
                break
            }
        }
        let offset = MetricID.logOffset(forUnit: baseSeries.unit)
        let minimum = max(1, options.minimumRounds)
        var isTestable = true
        // Paired rounds are measured again on both arms at once, so the base never limits them.
        var isLimitedByBaseline = !isPaired && !baseline.valid
        for (side, count) in [(ComparisonFinding.Side.baseline, baselineValues.count), (.current, currentValues.count)]
        where count < minimum {
            isTestable = false
            if side == .baseline && !isPaired { isLimitedByBaseline = true }
            findings.append(
                finding(
                    .tooFewRounds,
                    side: side,
                    metric: name,
                    "has \(count) valid '\(name)' round(s) in the \(side.rawValue) result; at least \(minimum) are needed"
                )
            )
        }
        if !isTestable {
            notes.insert(
                "too few rounds (baseline \(baselineValues.count), current \(currentValues.count); need \(minimum))",
                at: 0
            )
        }
        if !isPaired {
            if !baseline.valid { notes.append("the baseline scenario is invalid") }
            if !current.valid { notes.append("the current scenario is invalid") }
        }
        var metric = PreparedMetric(
            name: name,
            unit: baseSeries.unit,
            better: better,
            isGated: options.isGated(name, in: current.name),
            threshold: options.practicalThreshold(for: name),
            baselineValues: baselineValues,
            currentValues: currentValues,
            x: calibrated.map { log($0 + offset) },
            y: baselineValues.map { log($0 + offset) },
            notes: notes,
            isTestable: isTestable,
            isLimitedByBaseline: isLimitedByBaseline,
            test: nil
        )
        if isTestable {
            metric.test =
                isPaired
                ? WilcoxonSignedRank.test(metric.pairedDifferences, alternative: .twoSided)
                : MannWhitney.test(metric.x, metric.y, alternative: .twoSided)
        }
        return metric
    }

    /// Finite values with negatives clamped to 0; what was dropped or clamped becomes a finding,
    /// except negatives of a metric that allows them (they are clamped for the log scale only).
    private mutating func clean(_ values: [Double], side: ComparisonFinding.Side, metric: String) -> [Double] {
        let finite = values.filter(\.isFinite)
        let negativesAllowed = MetricID(identifier: metric)?.allowsNegativeValues ?? false
        let negatives = negativesAllowed ? 0 : finite.filter { $0 < 0 }.count
        let dropped = values.count - finite.count
        if dropped > 0 || negatives > 0 {
            var parts: [String] = []
            if dropped > 0 { parts.append("\(dropped) NaN or infinite value(s) left out") }
            if negatives > 0 { parts.append("\(negatives) negative value(s) counted as 0") }
            findings.append(
                finding(
                    .invalidValues,
                    side: side,
                    metric: metric,
                    "has invalid '\(metric)' values in the \(side.rawValue) result: " + parts.joined(separator: ", ")
                )
            )
        }
        return finite.map { max(0, $0) }
    }

    /// The pairs of a paired comparison, round `i` of the base with round `i` of the head: a pair
    /// with a NaN or infinite value on either side is left out, negatives are clamped to 0 as in
    /// ``clean(_:side:metric:)``, and rounds beyond the shorter side are left out; each becomes a
    /// finding.
    ///
    /// - Complexity: O(n).
    private mutating func cleanPairs(
        _ baseValues: [Double],
        _ headValues: [Double],
        metric: String
    ) -> (base: [Double], head: [Double]) {
        let negativesAllowed = MetricID(identifier: metric)?.allowsNegativeValues ?? false
        var base: [Double] = []
        var head: [Double] = []
        var dropped = 0
        var negatives = 0
        for (b, h) in zip(baseValues, headValues) {
            guard b.isFinite, h.isFinite else {
                dropped += 1
                continue
            }
            if !negativesAllowed { negatives += (b < 0 ? 1 : 0) + (h < 0 ? 1 : 0) }
            base.append(max(0, b))
            head.append(max(0, h))
        }
        var parts: [String] = []
        if dropped > 0 { parts.append("\(dropped) pair(s) with a NaN or infinite value left out") }
        if negatives > 0 { parts.append("\(negatives) negative value(s) counted as 0") }
        if baseValues.count != headValues.count {
            parts.append(
                "the base has \(baseValues.count) round(s) and the head \(headValues.count); "
                    + "only the first \(min(baseValues.count, headValues.count)) are paired"
            )
        }
        if !parts.isEmpty {
            findings.append(
                finding(
                    .invalidValues,
                    side: nil,
                    metric: metric,
                    "has unpaired or invalid '\(metric)' values: " + parts.joined(separator: ", ")
                )
            )
        }
        return (base, head)
    }

    private func finding(
        _ kind: ComparisonFinding.Kind,
        side: ComparisonFinding.Side?,
        metric: String,
        _ text: String
    ) -> ComparisonFinding {
        ComparisonFinding(
            kind: kind,
            side: side,
            scenario: current.name,
            metric: metric,
            message: "Scenario '\(current.name)' \(text)."
        )
    }
}
