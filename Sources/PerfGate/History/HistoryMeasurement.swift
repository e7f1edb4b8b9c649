import PerfSupport

/// One metric of one scenario in one history record: the run's median, the interval of that
/// median, and how many rounds it rests on.
///
/// The interval is the distribution-free order-statistic interval of the median of the run's
/// per-round values (``MedianInterval``) at 95 %, or the whole range when the run had too few
/// rounds for 95 %; ``confidence`` is the coverage it really has.
package struct HistoryMeasurement: Sendable, Hashable, Encodable {
    /// The median of the run's per-round values.
    package var median: Double
    /// The lower end of the median's interval.
    package var lower: Double
    /// The upper end of the median's interval.
    package var upper: Double
    /// The interval's coverage, 0…1 (0.95 or more with six rounds or more).
    package var confidence: Double
    /// The rounds with a finite value.
    package var rounds: Int
    /// The unit of the values.
    package var unit: String
    /// Which way is better.
    package var better: MetricPolarity
    /// Whether the metric gated the run's suite when the record was appended (its regression would
    /// fail `perfgate check`); `history changes` tests the gated metrics unless `--metric` names one.
    package var isGated: Bool

    enum CodingKeys: String, CodingKey {
        case median, lower, upper, confidence, rounds, unit, better
        case isGated = "gated"
    }

    /// Creates a measurement.
    package init(
        median: Double,
        lower: Double,
        upper: Double,
        confidence: Double,
        rounds: Int,
        unit: String,
        better: MetricPolarity,
        isGated: Bool
    ) {
        self.median = median
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
        self.rounds = rounds
        self.unit = unit
        self.better = better
        self.isGated = isGated
    }

    /// The measurement of a metric's per-round values, or nil when none is finite.
    ///
    /// - Parameters:
    ///   - series: The metric's per-round values, unit and direction.
    ///   - isGated: Whether the metric gates its scenario.
    package init?(_ series: MetricSeries, isGated: Bool) {
        guard let interval = MedianInterval(of: series.values) else { return nil }
        self.init(
            median: interval.median,
            lower: interval.lower,
            upper: interval.upper,
            confidence: interval.confidence,
            rounds: interval.count,
            unit: series.unit,
            better: series.better,
            isGated: isGated
        )
    }

    /// Reads a measurement from its JSON object in a store line.
    ///
    /// - Throws: A phrase naming the field that is missing or wrong, for the line's warning.
    init(_ object: JSONObject) throws(HistoryLineProblem) {
        var median: Double?
        var lower: Double?
        var upper: Double?
        var confidence: Double?
        var rounds: Int?
        var unit: String?
        var better: MetricPolarity?
        var isGated = false
        for member in object.members {
            switch (member.key, member.value) {
            case ("median", .number(let number)): median = number.doubleValue
            case ("lower", .number(let number)): lower = number.doubleValue
            case ("upper", .number(let number)): upper = number.doubleValue
            case ("confidence", .number(let number)): confidence = number.doubleValue
            case ("rounds", .number(let number)): rounds = number.exactly(Int.self)
            case ("unit", .string(let text)): unit = text
            case ("better", .string(let text)): better = MetricPolarity(rawValue: text)
            case ("gated", .bool(let flag)): isGated = flag
            default: break
            }
        }
        guard let median else { throw HistoryLineProblem(field: "median", expected: "a number") }
        guard let lower else { throw HistoryLineProblem(field: "lower", expected: "a number") }
        guard let upper else { throw HistoryLineProblem(field: "upper", expected: "a number") }
        guard let rounds, rounds >= 0 else {
            throw HistoryLineProblem(field: "rounds", expected: "a whole number of rounds")
        }
        guard let better else { throw HistoryLineProblem(field: "better", expected: "\"higher\" or \"lower\"") }
        self.init(
            median: median,
            lower: lower,
            upper: upper,
            confidence: confidence ?? 0,
            rounds: rounds,
            unit: unit ?? "",
            better: better,
            isGated: isGated
        )
    }
}
