import Testing

@testable import StreamService

@Suite struct OptimizationConfigPresetTests {
    @Test(arguments: [(-5, 2), (0, 2), (1, 2), (2, 2), (3, 3), (8, 8), (64, 64), (10_000, 4096)])
    func balancedUsesAtLeastTwoWorkersAndOnePerCore(cores: Int, expectedWorkers: Int) {
        #expect(OptimizationConfig.balanced(cores: cores).workerPool.workerCount == expectedWorkers)
    }

    @Test(arguments: [(-1, 2), (1, 2), (3, 6), (4, 8), (16, 32), (3000, 4096), (Int.max, 4096)])
    func highPerformanceUsesTwoWorkersPerCoreUpToTheLimit(cores: Int, expectedWorkers: Int) {
        #expect(OptimizationConfig.highPerformance(cores: cores).workerPool.workerCount == expectedWorkers)
    }

    @Test func balancedHasTheDocumentedValues() {
        let config = OptimizationConfig.balanced(cores: 4)
        #expect(config.name == "balanced")
        #expect(config.level == .balanced)
        #expect(
            config.workerPool
                == OptimizationConfig.WorkerPool(workerCount: 4, workerQueueCapacity: 1000, workerTimeout: .seconds(30))
        )
        #expect(
            config.batching
                == OptimizationConfig.Batching(
                    batchSize: 10,
                    batchTimeout: .milliseconds(10),
                    maxBatchWait: .milliseconds(50)
                )
        )
        #expect(
            config.cache
                == OptimizationConfig.Cache(cacheCapacity: 1000, cacheTTL: .seconds(300), cacheCompression: false)
        )
        #expect(
            config.pools
                == OptimizationConfig.Pools(
                    servicePoolSize: 10,
                    validatorPoolSize: 10,
                    bufferPoolCount: 50,
                    bufferInitialCapacity: 4096
                )
        )
        #expect(
            config.backpressure
                == OptimizationConfig.Backpressure(
                    backpressureThreshold: 0.8,
                    backpressureWindow: .seconds(1),
                    maxConcurrentConnections: 1000
                )
        )
        #expect(
            config.monitoring
                == OptimizationConfig.Monitoring(
                    monitoringEnabled: true,
                    metricsInterval: .seconds(1),
                    detailedTracing: false
                )
        )
        #expect(
            config.streams
                == OptimizationConfig.Streams(
                    streamChannelCapacity: 100,
                    streamTimeout: .seconds(30),
                    streamCompression: false
                )
        )
    }

    @Test func highPerformanceHasLargerBatchesCacheAndThreshold() {
        let config = OptimizationConfig.highPerformance(cores: 4)
        #expect(config.name == "high-performance")
        #expect(config.level == .highPerformance)
        #expect(config.batching.batchSize == 20)
        #expect(config.batching.batchTimeout == .milliseconds(5))
        #expect(config.cache.cacheCapacity == 5000)
        #expect(config.backpressure.backpressureThreshold == 0.9)
    }

    @Test func memoryEfficientIsSmallOnEveryMachine() {
        let config = OptimizationConfig.memoryEfficient
        #expect(config.name == "memory-efficient")
        #expect(config.level == .memoryEfficient)
        #expect(config.workerPool.workerCount == 2)
        #expect(config.batching.batchSize == 5)
        #expect(config.cache.cacheCapacity == 100)
        #expect(config.pools.servicePoolSize == 3)
        #expect(config.pools.bufferPoolCount == 10)
        #expect(config.pools.bufferInitialCapacity == 1024)
    }

    @Test func developmentIsBalancedWithTracingAndShortTimeouts() {
        let development = OptimizationConfig.development(cores: 6)
        #expect(development.name == "development")
        #expect(development.monitoring.detailedTracing)
        #expect(development.monitoring.metricsInterval == .seconds(1))
        #expect(development.workerPool.workerTimeout == .seconds(5))
        #expect(development.streams.streamTimeout == .seconds(10))

        var rest = development
        rest.name = "balanced"
        rest.monitoring.detailedTracing = false
        rest.workerPool.workerTimeout = .seconds(30)
        rest.streams.streamTimeout = .seconds(30)
        #expect(rest == OptimizationConfig.balanced(cores: 6))
    }

    @Test func machinePresetsUseTheActiveCoreCount() {
        let cores = OptimizationConfig.activeCoreCount
        #expect(cores >= 1)
        #expect(OptimizationConfig.balanced == OptimizationConfig.balanced(cores: cores))
        #expect(OptimizationConfig.highPerformance == OptimizationConfig.highPerformance(cores: cores))
        #expect(OptimizationConfig.development == OptimizationConfig.development(cores: cores))
    }

    @Test(arguments: [-3, 0, 1, 2, 7, 64, 4096, 1_000_000])
    func everyPresetIsValidForAnyCoreCount(cores: Int) throws {
        for name in OptimizationConfig.presetNames {
            let config = try OptimizationConfig.preset(named: name, cores: cores)
            #expect(config.validate() == [], "preset \(name) with \(cores) cores")
        }
    }

    @Test(arguments: OptimizationConfig.presetNames)
    func presetLookupReturnsThePresetOfThatName(name: String) throws {
        let config = try OptimizationConfig.preset(named: name, cores: 5)
        #expect(config.name == name)
    }

    @Test func presetLookupSizesForTheGivenCores() throws {
        #expect(try OptimizationConfig.preset(named: "high-performance", cores: 5) == .highPerformance(cores: 5))
        #expect(try OptimizationConfig.preset(named: "memory-efficient", cores: 5) == .memoryEfficient)
    }

    @Test(arguments: [
        ("high-perfomance", "did you mean 'high-performance'?"),
        ("balance", "did you mean 'balanced'?"),
        ("Development", "did you mean 'development'?"),
        ("memoryEfficient", "did you mean 'memory-efficient'?"),
    ])
    func unknownPresetNameSuggestsTheClosest(name: String, suggestion: String) {
        let error = #expect(throws: StreamServiceError.self) { try OptimizationConfig.preset(named: name) }
        #expect(error?.code == .configUnknownPreset)
        #expect(error?.message.contains("'\(name)'") == true)
        #expect(error?.message.contains(suggestion) == true)
    }

    @Test func unknownPresetNameFarFromAllListsThePresets() {
        let error = #expect(throws: StreamServiceError.self) { try OptimizationConfig.preset(named: "turbo") }
        #expect(
            error?.message
                == "There is no preset named 'turbo'; the presets are 'balanced', 'high-performance', "
                + "'memory-efficient', 'development'."
        )
    }

    @Test func performanceLevelRawValuesAreTheFileSpellings() {
        #expect(
            PerformanceLevel.allCases.map(\.rawValue) == ["memory-efficient", "balanced", "high-performance", "custom"]
        )
    }
}
