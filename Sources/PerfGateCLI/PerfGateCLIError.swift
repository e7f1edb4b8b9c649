/// The one error type of the `PerfGateCLI` module.
///
/// Every message is a whole sentence that names the file or field, the bad value and what is allowed.
/// Match on ``code``, never on the message; ``exitCode`` is the exit code the code ends the process with.
struct PerfGateCLIError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable, machine-readable kind of problem.
    struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, such as `unknownOption`.
        var rawValue: String

        /// Creates a code from its name.
        ///
        /// - Parameter rawValue: The kind's name.
        init(rawValue: String) {
            self.rawValue = rawValue
        }

        var description: String { rawValue }

        // MARK: Usage errors (exit 64)

        /// A command-line mistake a handler finds itself, such as two options that cannot go together.
        static let usage = Code(rawValue: "usage")
        /// An option that the command does not have.
        static let unknownOption = Code(rawValue: "unknownOption")
        /// A subcommand that the command does not have.
        static let unknownSubcommand = Code(rawValue: "unknownSubcommand")
        /// An option that takes a value has none: nothing can be its value after it, or its `=` value is empty.
        static let missingValue = Code(rawValue: "missingValue")
        /// A value was given to an option that takes none.
        static let unexpectedValue = Code(rawValue: "unexpectedValue")
        /// A value does not convert to the option's or argument's type, or is out of its range.
        static let invalidValue = Code(rawValue: "invalidValue")
        /// A positional argument that the command does not take.
        static let unexpectedArgument = Code(rawValue: "unexpectedArgument")
        /// A required argument is missing.
        static let missingArgument = Code(rawValue: "missingArgument")

        // MARK: Other errors

        /// An input file (a suite, config, result or baseline) that cannot be used; it exits 65.
        static let malformedInput = Code(rawValue: "malformedInput")
        /// The run cannot be measured, such as when the service under test does not start; it exits 4.
        static let invalidRun = Code(rawValue: "invalidRun")
        /// A reference that a comparison requires cannot be had, such as a missing baseline; it exits 5.
        static let baselineMissing = Code(rawValue: "baselineMissing")
        /// A handler asked for an argument that its command does not declare: a bug of the command
        /// table, which exits 1.
        static let undeclaredArgument = Code(rawValue: "undeclaredArgument")
        /// An unexpected failure, such as a file that cannot be written after the measurement; it exits 1.
        static let failure = Code(rawValue: "failure")
    }

    /// The kind of problem.
    var code: Code
    /// The one-line, user-facing message.
    var message: String
    /// A description of an underlying error, when there was one.
    var cause: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: The one-line, user-facing message.
    ///   - cause: A description of an underlying error, when there was one.
    init(code: Code, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
