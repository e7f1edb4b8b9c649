extension PerfGateCLIError {
    /// The codes of errors in how the command line was written; they print with the usage and exit 64.
    static let usageCodes: Set<Code> = [
        .usage, .unknownOption, .unknownSubcommand, .missingValue, .unexpectedValue, .invalidValue,
        .unexpectedArgument, .missingArgument,
    ]

    /// Whether the error is in how the command line was written.
    var isUsageError: Bool {
        Self.usageCodes.contains(code)
    }

    /// The exit code the error ends the process with.
    var exitCode: ExitCode {
        if isUsageError { return .usage }
        if code == .malformedInput { return .malformedInput }
        if code == .baselineMissing { return .baselineMissing }
        if code == .invalidRun { return .invalidRun }
        return .failure
    }

    /// A reference that a comparison requires cannot be had (a missing baseline, or the commit it
    /// records missing from the clone); it prints on one line and exits 5.
    ///
    /// - Parameters:
    ///   - message: A whole sentence naming what is missing and the fix.
    static func baselineMissing(_ message: String) -> PerfGateCLIError {
        PerfGateCLIError(code: .baselineMissing, message: message)
    }

    /// A command-line mistake a handler finds itself, such as two options that cannot go together; it prints
    /// with the command's usage and exits 64.
    ///
    /// - Parameters:
    ///   - message: A whole sentence naming the option, the bad value and what is allowed.
    static func usage(_ message: String) -> PerfGateCLIError {
        PerfGateCLIError(code: .usage, message: message)
    }

    /// An input file that cannot be used; it prints on one line and exits 65.
    ///
    /// - Parameters:
    ///   - message: A whole sentence naming the file, the field, the bad value and the fix.
    ///   - cause: A description of the underlying error, when there was one.
    static func malformedInput(_ message: String, cause: String? = nil) -> PerfGateCLIError {
        PerfGateCLIError(code: .malformedInput, message: message, cause: cause)
    }

    static func unknownOption(_ name: String, suggestion: String?) -> PerfGateCLIError {
        let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
        return PerfGateCLIError(code: .unknownOption, message: "Unknown option '\(name)'.\(hint)")
    }

    static func unknownSubcommand(_ name: String, suggestion: String?) -> PerfGateCLIError {
        let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
        return PerfGateCLIError(code: .unknownSubcommand, message: "Unknown subcommand '\(name)'.\(hint)")
    }

    static func missingValue(for argument: ArgumentDefinition) -> PerfGateCLIError {
        PerfGateCLIError(code: .missingValue, message: "Missing value for '\(argument.label)'.")
    }

    static func unexpectedValue(_ value: String, for name: String) -> PerfGateCLIError {
        PerfGateCLIError(
            code: .unexpectedValue,
            message: "The option '\(name)' does not take any value, but '\(value)' was specified."
        )
    }

    static func invalidValue(_ value: String, for argument: ArgumentDefinition, problem: String) -> PerfGateCLIError {
        PerfGateCLIError(
            code: .invalidValue,
            message: "The value '\(value)' is invalid for '\(argument.label)'\(problem)."
        )
    }

    static func unexpectedArgument(_ value: String) -> PerfGateCLIError {
        PerfGateCLIError(code: .unexpectedArgument, message: "Unexpected argument '\(value)'.")
    }

    static func missingArgument(_ argument: ArgumentDefinition) -> PerfGateCLIError {
        PerfGateCLIError(code: .missingArgument, message: "Missing expected argument '\(argument.label)'.")
    }

    static func undeclared(_ name: String, in path: String, as kind: String) -> PerfGateCLIError {
        PerfGateCLIError(
            code: .undeclaredArgument,
            message: "The command '\(path)' declares no \(kind) named '\(name)'; add it to the command table."
        )
    }
}
