/// The one error type of the `StreamService` module.
///
/// Every message is a whole sentence that names the file or field, the bad value and what is allowed.
/// Match on ``code``, never on the message:
///
/// ```swift
/// do {
///     let config = try OptimizationConfig.preset(named: "fast")
///     // …
/// } catch {
///     // `error` is a `StreamServiceError`: `.configUnknownPreset` when no preset has that name.
///     print(error.code == .configUnknownPreset ? "see perfgate presets" : error.description)
/// }
/// ```
public struct StreamServiceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable, machine-readable kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, such as `configInvalid`.
        public var rawValue: String

        /// Creates a code from its name.
        ///
        /// - Parameter rawValue: The kind's name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// A configuration has values that are not allowed: an unknown key, a value of the wrong type, or a
        /// value out of range. The CLI exits with 65 for it.
        public static let configInvalid = Code(rawValue: "configInvalid")
        /// A config file is not a JSON object. The CLI exits with 65 for it.
        public static let configMalformed = Code(rawValue: "configMalformed")
        /// A config file could not be read. The CLI exits with 65 for it.
        public static let configUnreadable = Code(rawValue: "configUnreadable")
        /// A preset name names no preset, such as a misspelled command-line argument.
        public static let configUnknownPreset = Code(rawValue: "configUnknownPreset")
    }

    /// The kind of problem.
    public var code: Code
    /// The one-line, user-facing message.
    public var message: String
    /// A description of an underlying error, when there was one.
    public var cause: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: The one-line, user-facing message.
    ///   - cause: A description of an underlying error, when there was one.
    public init(code: Code, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
