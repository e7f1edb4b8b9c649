/// Whether a run measured what it meant to: a run whose driver could not hold the schedule
/// offered less load than intended, so its figures must not be compared or gated on.
public enum RunValidity: Sendable, Hashable, CustomStringConvertible {
    /// The driver held the schedule.
    case valid
    /// The driver could not hold the schedule; each reason is one sentence.
    case invalid(reasons: [String])

    /// Whether the run is valid.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The reasons joined into one line, or `nil` when valid.
    public var reason: String? {
        if case .invalid(let reasons) = self { return reasons.joined(separator: " ") }
        return nil
    }

    /// `valid`, or `invalid: ` and the reasons.
    public var description: String {
        reason.map { "invalid: " + $0 } ?? "valid"
    }
}
