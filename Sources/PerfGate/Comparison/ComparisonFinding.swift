/// Something about the inputs the comparison could not use as it stands: a missing scenario or
/// metric, an invalid scenario, bad values, too few rounds, mismatched units.
///
/// Findings are reported, never thrown: the comparison goes on with what it can use.
public struct ComparisonFinding: Sendable, Codable, Equatable {
    /// The kind of finding.
    public enum Kind: String, Sendable, Codable, Equatable, CaseIterable {
        /// A scenario is on one side only.
        case missingScenario
        /// A metric of a scenario is on one side only.
        case missingMetric
        /// A scenario is flagged `valid == false`.
        case invalidScenario
        /// A scenario name occurs more than once; only the first is used.
        case duplicateScenario
        /// A value is NaN, infinite or negative.
        case invalidValues
        /// A side has fewer valid rounds than the comparison needs.
        case tooFewRounds
        /// The two sides record a metric in different units; it is not compared.
        case unitMismatch
        /// A file's `better` disagrees with the metric's known polarity or with the other side.
        case polarityMismatch
        /// A scenario chosen for a target has no values of the metric the target judges.
        case missingTargetMetric
    }

    /// Which result a finding is about.
    public enum Side: String, Sendable, Codable, Equatable {
        /// The run being judged.
        case current
        /// The baseline it is compared against.
        case baseline
    }

    /// The kind of finding.
    public var kind: Kind
    /// The side it is about, when it is about one.
    public var side: Side?
    /// The scenario it is about, when it is about one.
    public var scenario: String?
    /// The metric it is about, when it is about one.
    public var metric: String?
    /// One sentence for the user.
    public var message: String

    /// Creates a finding.
    public init(kind: Kind, side: Side?, scenario: String?, metric: String?, message: String) {
        self.kind = kind
        self.side = side
        self.scenario = scenario
        self.metric = metric
        self.message = message
    }
}
