import PerfSupport

/// The one error type of the `Workloads` module.
///
/// Every message is a whole sentence that names the file or field, the bad value and what is allowed.
/// Match on ``code``, never on the message:
///
/// ```swift
/// do {
///     let workload = try WorkloadSpec.named("steady")
///     // …
/// } catch {
///     // `error` is a `WorkloadsError`: `.unknownWorkload` when no workload has that name.
///     print(error.code == .unknownWorkload ? "see perfgate list" : error.description)
/// }
/// ```
public struct WorkloadsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable, machine-readable kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, such as `invalidSchedule`.
        public var rawValue: String

        /// Creates a code from its name.
        ///
        /// - Parameter rawValue: The kind's name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// No workload of the catalog has the name asked for.
        public static let unknownWorkload = Code(rawValue: "unknownWorkload")
        /// A value of an arrival schedule is out of range.
        public static let invalidSchedule = Code(rawValue: "invalidSchedule")
        /// A value of a payload size distribution is out of range.
        public static let invalidPayload = Code(rawValue: "invalidPayload")
        /// A value of a key distribution is out of range.
        public static let invalidKeys = Code(rawValue: "invalidKeys")
        /// An operation mix is empty, too long, or has a bad name, a repeated name or a bad weight.
        public static let invalidOperations = Code(rawValue: "invalidOperations")
        /// A value of a capacity search is out of range.
        public static let invalidCapacitySearch = Code(rawValue: "invalidCapacitySearch")
        /// A value of an open- or closed-loop driver's configuration is out of range.
        public static let invalidDriver = Code(rawValue: "invalidDriver")
        /// A rate or duration override is out of range, or does not apply to the workload.
        public static let invalidOverride = Code(rawValue: "invalidOverride")
        /// The system refused the load driver a thread.
        public static let threadStartFailed = Code(rawValue: "threadStartFailed")
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

extension WorkloadsError {
    /// The error for a load-driver thread the system refused: code `threadStartFailed`.
    ///
    /// - Parameter refusal: The thread's name and `pthread_create`'s error number.
    static func threadStartFailed(_ refusal: ThreadStartError) -> WorkloadsError {
        WorkloadsError(
            code: .threadStartFailed,
            message: "The load driver could not start its \(refusal.threadName) thread "
                + "(pthread_create returned \(refusal.errorNumber)).",
            cause: refusal.reason
        )
    }
}
