/// One value of an ``OptimizationConfig`` that is not allowed, as ``OptimizationConfig/validate()`` reports it.
///
/// Its ``description`` is a whole sentence naming the field, the value and what is allowed:
///
/// ```
/// 'workerPool.workerCount' is 0, but it must be a whole number from 1 to 4096.
/// ```
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The key path of the field as written in a JSON config file, such as `workerPool.workerCount` or
    /// `batching.batchTimeoutMs`.
    public var field: String
    /// The bad value as written in a JSON config file; durations in milliseconds.
    public var value: String
    /// What the field allows, phrased to follow "it must be", such as `a whole number from 1 to 4096`.
    public var allowed: String

    /// Creates a problem report.
    ///
    /// - Parameters:
    ///   - field: The key path of the field as written in a JSON config file.
    ///   - value: The bad value as written in a JSON config file.
    ///   - allowed: What the field allows, phrased to follow "it must be".
    public init(field: String, value: String, allowed: String) {
        self.field = field
        self.value = value
        self.allowed = allowed
    }

    public var description: String {
        "'\(field)' is \(value), but it must be \(allowed)."
    }
}
