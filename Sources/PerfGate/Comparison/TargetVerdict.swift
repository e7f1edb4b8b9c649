/// How a scenario measures up to one absolute target.
public enum TargetVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// The whole one-sided interval meets the target.
    case pass
    /// The whole one-sided interval misses it.
    case fail
    /// The interval straddles the target: not a failure, but close enough to watch.
    case atRisk = "at-risk"
}
