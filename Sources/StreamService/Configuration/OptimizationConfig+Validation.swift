extension OptimizationConfig {
    /// Every value of this configuration that is not allowed, in the order of the settings.
    ///
    /// Each problem names the field by its key path in a JSON config file, the bad value and what is allowed.
    /// The rules:
    /// - Every count is a whole number of at least 1 and below an upper bound that catches typos, such as at
    ///   most 4096 workers; every duration is above zero and below a bound, such as at most 60 s for batching;
    ///   the backpressure threshold is above 0 and at most 1. The property documentation gives each range.
    /// - `batching.batchSize` is at most `workerPool.workerQueueCapacity`, since a batch is taken from the queue.
    /// - `batching.maxBatchWaitMs` is at least `batching.batchTimeoutMs`.
    /// - `name` is not empty.
    ///
    /// A rule that compares two fields is checked only when both fields are in range on their own.
    ///
    /// - Returns: The problems; empty when the configuration is valid.
    public func validate() -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        if name.allSatisfy(\.isWhitespace) {
            problems.append(ConfigProblem(field: "name", value: "\"\(name)\"", allowed: "a name that is not empty"))
        }
        problems += ConfigField.all.compactMap { $0.problem(in: self) }
        let fieldsWithProblems = Set(problems.map(\.field))
        func areFine(_ fields: String...) -> Bool {
            fields.allSatisfy { !fieldsWithProblems.contains($0) }
        }
        if areFine("batching.batchSize", "workerPool.workerQueueCapacity"),
            batching.batchSize > workerPool.workerQueueCapacity
        {
            problems.append(
                ConfigProblem(
                    field: "batching.batchSize",
                    value: String(batching.batchSize),
                    allowed: "at most 'workerPool.workerQueueCapacity' (\(workerPool.workerQueueCapacity)), "
                        + "since a batch is taken from the queue"
                )
            )
        }
        if areFine("batching.batchTimeoutMs", "batching.maxBatchWaitMs"),
            batching.maxBatchWait < batching.batchTimeout
        {
            problems.append(
                ConfigProblem(
                    field: "batching.maxBatchWaitMs",
                    value: ConfigField.Value.duration(batching.maxBatchWait).jsonText,
                    allowed: "at least 'batching.batchTimeoutMs' "
                        + "(\(ConfigField.Value.duration(batching.batchTimeout).jsonText))"
                )
            )
        }
        return problems
    }

    /// This configuration, after checking that ``validate()`` finds no problem.
    ///
    /// - Returns: The configuration, unchanged.
    /// - Throws: A ``StreamServiceError`` with code `configInvalid` whose message lists every problem.
    public func validated() throws(StreamServiceError) -> OptimizationConfig {
        let problems = validate()
        guard problems.isEmpty else {
            throw StreamServiceError.invalidConfiguration(
                "the configuration '\(name)'",
                problems: problems.map(\.description)
            )
        }
        return self
    }
}
