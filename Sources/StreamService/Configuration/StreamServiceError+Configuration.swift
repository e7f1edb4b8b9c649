extension StreamServiceError {
    /// An error listing every problem of a configuration.
    ///
    /// - Parameters:
    ///   - subject: What has the problems, such as `the config file 'fast.json'`.
    ///   - problems: Whole sentences, one per problem; at least one.
    static func invalidConfiguration(_ subject: String, problems: [String]) -> StreamServiceError {
        let message: String
        if problems.count == 1, let problem = problems.first {
            message = "\(sentenceStart(subject)) has a problem: \(problem)"
        } else {
            let numbered = problems.enumerated().map { "(\($0.offset + 1)) \($0.element)" }
            message =
                "\(sentenceStart(subject)) has \(problems.count) problems: "
                + numbered.joined(separator: " ")
        }
        return StreamServiceError(code: .configInvalid, message: message)
    }

    /// An error for a config file whose content is not a JSON object.
    ///
    /// - Parameters:
    ///   - source: The file's name as the user wrote it.
    ///   - reason: The rest of the sentence after the file's name, ending with a full stop.
    ///   - cause: The parser's own description of the problem, when there is one.
    static func malformedConfiguration(
        in source: String,
        _ reason: String,
        cause: String? = nil
    ) -> StreamServiceError {
        StreamServiceError(
            code: .configMalformed,
            message: "The config file '\(source)' \(reason)",
            cause: cause
        )
    }

    /// An error for a config file that could not be read.
    ///
    /// - Parameters:
    ///   - path: The file's path as the user wrote it.
    ///   - reason: Why it could not be read, such as `it does not exist`.
    ///   - cause: The system's own description of the failure, when there is one.
    static func unreadableConfiguration(
        at path: String,
        _ reason: String,
        cause: String? = nil
    ) -> StreamServiceError {
        StreamServiceError(
            code: .configUnreadable,
            message: "The config file '\(path)' could not be read because \(reason); check the path.",
            cause: cause
        )
    }

    /// An error for a name that names no preset, suggesting the closest preset name.
    static func unknownPreset(_ name: String) -> StreamServiceError {
        StreamServiceError(
            code: .configUnknownPreset,
            message: "There is no preset named '\(name)'; " + OptimizationConfig.presetNameHint(for: name)
        )
    }

    /// A subject that starts a sentence: its first character uppercased.
    private static func sentenceStart(_ subject: String) -> String {
        guard let first = subject.first else { return subject }
        return first.uppercased() + subject.dropFirst()
    }
}
