import Testing

@testable import StreamService

/// One change to the balanced preset and the field whose problem it must cause.
struct ConfigChange: Sendable, CustomTestStringConvertible {
    let field: String
    let value: String
    let apply: @Sendable (inout OptimizationConfig) -> Void

    init(_ field: String, _ value: String, _ apply: @escaping @Sendable (inout OptimizationConfig) -> Void) {
        self.field = field
        self.value = value
        self.apply = apply
    }

    var testDescription: String { "\(field) = \(value)" }

    /// The balanced preset for 4 cores with this change applied.
    var config: OptimizationConfig {
        var config = OptimizationConfig.balanced(cores: 4)
        apply(&config)
        return config
    }
}

@Suite struct OptimizationConfigValidationTests {
    static let invalidChanges: [ConfigChange] = [
        ConfigChange("name", "\"\"") { $0.name = "" },
        ConfigChange("name", "\"  \"") { $0.name = "  " },
        ConfigChange("workerPool.workerCount", "0") { $0.workerPool.workerCount = 0 },
        ConfigChange("workerPool.workerCount", "-1") { $0.workerPool.workerCount = -1 },
        ConfigChange("workerPool.workerCount", "4097") { $0.workerPool.workerCount = 4097 },
        ConfigChange("workerPool.workerQueueCapacity", "0") { $0.workerPool.workerQueueCapacity = 0 },
        ConfigChange("workerPool.workerTimeoutMs", "0") { $0.workerPool.workerTimeout = .zero },
        ConfigChange("workerPool.workerTimeoutMs", "-1000") { $0.workerPool.workerTimeout = .seconds(-1) },
        ConfigChange("workerPool.workerTimeoutMs", "90000000") { $0.workerPool.workerTimeout = .seconds(90_000) },
        ConfigChange("batching.batchSize", "0") { $0.batching.batchSize = 0 },
        ConfigChange("batching.batchSize", "1001") { $0.batching.batchSize = 1001 },
        ConfigChange("batching.batchTimeoutMs", "0") { $0.batching.batchTimeout = .zero },
        ConfigChange("batching.maxBatchWaitMs", "-50") { $0.batching.maxBatchWait = .milliseconds(-50) },
        ConfigChange("batching.maxBatchWaitMs", "5") { $0.batching.maxBatchWait = .milliseconds(5) },
        ConfigChange("batching.maxBatchWaitMs", "61000") { $0.batching.maxBatchWait = .seconds(61) },
        ConfigChange("cache.cacheCapacity", "0") { $0.cache.cacheCapacity = 0 },
        ConfigChange("cache.cacheTTLMs", "0") { $0.cache.cacheTTL = .zero },
        ConfigChange("pools.servicePoolSize", "0") { $0.pools.servicePoolSize = 0 },
        ConfigChange("pools.validatorPoolSize", "0") { $0.pools.validatorPoolSize = 0 },
        ConfigChange("pools.bufferPoolCount", "0") { $0.pools.bufferPoolCount = 0 },
        ConfigChange("pools.bufferInitialCapacity", "0") { $0.pools.bufferInitialCapacity = 0 },
        ConfigChange("pools.bufferInitialCapacity", "67108865") { $0.pools.bufferInitialCapacity = 67_108_865 },
        ConfigChange("backpressure.backpressureThreshold", "0") { $0.backpressure.backpressureThreshold = 0 },
        ConfigChange("backpressure.backpressureThreshold", "-0.5") { $0.backpressure.backpressureThreshold = -0.5 },
        ConfigChange("backpressure.backpressureThreshold", "1.01") { $0.backpressure.backpressureThreshold = 1.01 },
        ConfigChange("backpressure.backpressureThreshold", "NaN") { $0.backpressure.backpressureThreshold = .nan },
        ConfigChange("backpressure.backpressureWindowMs", "0") { $0.backpressure.backpressureWindow = .zero },
        ConfigChange("backpressure.maxConcurrentConnections", "0") { $0.backpressure.maxConcurrentConnections = 0 },
        ConfigChange("monitoring.metricsIntervalMs", "0") { $0.monitoring.metricsInterval = .zero },
        ConfigChange("streams.streamChannelCapacity", "0") { $0.streams.streamChannelCapacity = 0 },
        ConfigChange("streams.streamTimeoutMs", "-0.5") { $0.streams.streamTimeout = .microseconds(-500) },
    ]

    @Test(arguments: invalidChanges)
    func reportsTheFieldAndValueOfEachBrokenRule(change: ConfigChange) throws {
        let problems = change.config.validate()
        try #require(problems.count == 1, "\(problems)")
        #expect(problems[0].field == change.field)
        #expect(problems[0].value.contains(change.value))
        #expect(problems[0].description.hasPrefix("'\(change.field)' is "))
        #expect(problems[0].description.contains(", but it must be "))
    }

    static let allowedEdges: [ConfigChange] = [
        ConfigChange("workerPool.workerCount", "1") { $0.workerPool.workerCount = 1 },
        ConfigChange("workerPool.workerCount", "4096") { $0.workerPool.workerCount = 4096 },
        ConfigChange("batching.batchSize", "1000") { $0.batching.batchSize = 1000 },
        ConfigChange("batching.maxBatchWaitMs", "10") { $0.batching.maxBatchWait = .milliseconds(10) },
        ConfigChange("batching.batchTimeoutMs", "0.001") { $0.batching.batchTimeout = .microseconds(1) },
        ConfigChange("backpressure.backpressureThreshold", "1") { $0.backpressure.backpressureThreshold = 1 },
        ConfigChange("backpressure.backpressureThreshold", "0.01") { $0.backpressure.backpressureThreshold = 0.01 },
        ConfigChange("workerPool.workerTimeoutMs", "86400000") { $0.workerPool.workerTimeout = .seconds(86_400) },
        ConfigChange("monitoring.monitoringEnabled", "false") { $0.monitoring.monitoringEnabled = false },
    ]

    @Test(arguments: allowedEdges)
    func acceptsValuesAtTheEdgesOfTheRanges(change: ConfigChange) {
        #expect(change.config.validate() == [])
    }

    @Test func describesAProblemAsOneSentenceWithTheRange() {
        var config = OptimizationConfig.balanced(cores: 4)
        config.workerPool.workerCount = 0
        config.batching.maxBatchWait = .milliseconds(2)
        config.backpressure.backpressureThreshold = 1.5
        #expect(
            config.validate().map(\.description) == [
                "'workerPool.workerCount' is 0, but it must be a whole number from 1 to 4096.",
                "'backpressure.backpressureThreshold' is 1.5, but it must be a number above 0 and at most 1.",
                "'batching.maxBatchWaitMs' is 2, but it must be at least 'batching.batchTimeoutMs' (10).",
            ]
        )
    }

    @Test func reportsEveryProblemAtOnce() {
        var config = OptimizationConfig.balanced(cores: 4)
        for change in Self.invalidChanges where change.field != "name" {
            change.apply(&config)
        }
        config.name = ""
        // The last change to the batch size only breaks the rule against the queue, which is broken itself.
        config.batching.batchSize = 0
        let fields = Set(config.validate().map(\.field))
        #expect(fields == Set(Self.invalidChanges.map(\.field)))
    }

    @Test func skipsACrossFieldRuleWhenOneOfItsFieldsIsAlreadyWrong() {
        var config = OptimizationConfig.balanced(cores: 4)
        config.workerPool.workerQueueCapacity = 0
        #expect(config.validate().map(\.field) == ["workerPool.workerQueueCapacity"])
    }

    @Test func validatedReturnsAValidConfigurationUnchanged() throws {
        let config = OptimizationConfig.highPerformance(cores: 3)
        #expect(try config.validated() == config)
    }

    @Test func validatedThrowsOneErrorListingEveryProblem() {
        var config = OptimizationConfig.balanced(cores: 4)
        config.name = "mine"
        config.workerPool.workerCount = 0
        config.cache.cacheCapacity = -1
        let error = #expect(throws: StreamServiceError.self) { try config.validated() }
        #expect(error?.code == .configInvalid)
        #expect(
            error?.message
                == "The configuration 'mine' has 2 problems: "
                + "(1) 'workerPool.workerCount' is 0, but it must be a whole number from 1 to 4096. "
                + "(2) 'cache.cacheCapacity' is -1, but it must be a whole number from 1 to 100000000."
        )
    }
}
