/// How a ``LoadTarget`` finished one request.
public enum LoadOutcome: Sendable, Hashable {
    /// The request succeeded.
    case success
    /// The request failed; `kind` names the failure for the report, such as `"backpressure"`,
    /// `"timeout"` or `"internal"`. Keep the set of kinds small: reports count them by name.
    case failure(kind: String)

    /// Whether the request succeeded.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
