import PerfSupport

/// The one error type of the `Workloads` module.
///
/// Every message is a whole sentence that names the file or field, the bad value and what is allowed.
public struct WorkloadsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable machine-readable code for the kind of problem.
    public var code: String
    /// The one-line, user-facing message.
    public var message: String
    /// A description of an underlying error, when there was one.
    public var cause: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: A stable machine-readable code for the kind of problem.
    ///   - message: The one-line, user-facing message.
    ///   - cause: A description of an underlying error, when there was one.
    public init(code: String, message: String, cause: String? = nil) {
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
    /// The error for a load-driver thread the system refused: code `thread_start_failed`.
    ///
    /// - Parameter refusal: The thread's name and `pthread_create`'s error number.
    static func threadStartFailed(_ refusal: ThreadStartError) -> WorkloadsError {
        WorkloadsError(
            code: "thread_start_failed",
            message: "The load driver could not start its \(refusal.threadName) thread "
                + "(pthread_create returned \(refusal.errorNumber)).",
            cause: refusal.reason
        )
    }
}
