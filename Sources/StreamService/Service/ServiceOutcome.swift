/// How the service finished one message.
public enum ServiceOutcome: Sendable, Hashable {
    /// The message was processed.
    case success
    /// The message failed; `kind` is one of the raw values of ``ServiceFailureKind``, such as `"overloaded"`.
    case failure(kind: String)

    /// The failure of the given kind.
    ///
    /// - Parameter kind: Why the message failed.
    /// - Returns: `.failure(kind: kind.rawValue)`.
    public static func failure(_ kind: ServiceFailureKind) -> ServiceOutcome {
        .failure(kind: kind.rawValue)
    }

    /// Whether the message was processed.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    /// The kind of failure, or `nil` for a success.
    public var failureKind: String? {
        if case .failure(let kind) = self { return kind }
        return nil
    }
}
