import Foundation
import Testing

@testable import StreamService

@Suite struct OptimizationConfigJSONTests {
    /// Reads a config from JSON text named `test.json`, with presets sized for 4 cores.
    func read(_ json: String) throws(StreamServiceError) -> OptimizationConfig {
        try OptimizationConfig(jsonData: Data(json.utf8), source: "test.json", cores: 4)
    }

    /// The error reading JSON text throws, or `nil` (and a recorded issue) when it reads without one.
    func error(reading json: String) -> StreamServiceError? {
        #expect(throws: StreamServiceError.self) { try read(json) }
    }

    /// Writes text to a new file in the temporary directory and returns its path.
    func temporaryFile(containing text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("perfgate-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    // MARK: Writing and round trips

    @Test func writesSortedPrettyPrintedJSONWithDurationsInMilliseconds() {
        #expect(
            OptimizationConfig.memoryEfficient.jsonString() == """
                {
                  "backpressure": {
                    "backpressureThreshold": 0.7,
                    "backpressureWindowMs": 1000,
                    "maxConcurrentConnections": 200
                  },
                  "batching": {
                    "batchSize": 5,
                    "batchTimeoutMs": 20,
                    "maxBatchWaitMs": 100
                  },
                  "cache": {
                    "cacheCapacity": 100,
                    "cacheCompression": true,
                    "cacheTTLMs": 60000
                  },
                  "level": "memory-efficient",
                  "monitoring": {
                    "detailedTracing": false,
                    "metricsIntervalMs": 5000,
                    "monitoringEnabled": true
                  },
                  "name": "memory-efficient",
                  "pools": {
                    "bufferInitialCapacity": 1024,
                    "bufferPoolCount": 10,
                    "servicePoolSize": 3,
                    "validatorPoolSize": 3
                  },
                  "streams": {
                    "streamChannelCapacity": 20,
                    "streamCompression": true,
                    "streamTimeoutMs": 30000
                  },
                  "workerPool": {
                    "workerCount": 2,
                    "workerQueueCapacity": 200,
                    "workerTimeoutMs": 30000
                  }
                }
                """
        )
    }

    @Test(arguments: OptimizationConfig.presetNames)
    func shownPresetLoadsBackFromAFileUnchanged(name: String) throws {
        let preset = try OptimizationConfig.preset(named: name, cores: 3)
        let path = try temporaryFile(containing: preset.jsonString())
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Loading on a machine of another size must not matter: every setting is written out.
        #expect(try OptimizationConfig.load(contentsOf: path, cores: 64) == preset)
    }

    @Test func customConfigurationRoundTripsWithFractionalMillisecondsAndEscapedName() throws {
        var config = OptimizationConfig.highPerformance(cores: 2)
        config.name = "tab\there \"quoted\" back\\slash é"
        config.level = .custom
        config.batching.batchTimeout = .microseconds(2500)
        config.batching.maxBatchWait = .nanoseconds(2_500_001)
        config.backpressure.backpressureThreshold = 0.333
        config.cache.cacheCompression = true
        let text = config.jsonString()
        #expect(text.contains("\"batchTimeoutMs\": 2.5"))
        #expect(try read(text) == config)
    }

    // MARK: Presets and missing fields

    @Test func emptyObjectIsTheBalancedPreset() throws {
        #expect(try read("{}") == .balanced(cores: 4))
    }

    @Test(arguments: OptimizationConfig.presetNames)
    func presetKeySelectsTheBase(name: String) throws {
        #expect(try read("{\"preset\": \"\(name)\"}") == OptimizationConfig.preset(named: name, cores: 4))
    }

    @Test func missingFieldsTakeThePresetValues() throws {
        let config = try read(
            """
            {"preset": "high-performance", "batching": {"batchSize": 50}, "cache": {"cacheTTLMs": 1500}}
            """
        )
        var expected = OptimizationConfig.highPerformance(cores: 4)
        expected.batching.batchSize = 50
        expected.cache.cacheTTL = .milliseconds(1500)
        expected.name = "custom"
        expected.level = .custom
        #expect(config == expected)
    }

    @Test func settingsEqualToThePresetKeepItsNameAndLevel() throws {
        let config = try read("{\"preset\": \"memory-efficient\", \"batching\": {\"batchSize\": 5}}")
        #expect(config == .memoryEfficient)
    }

    @Test func explicitNameAndLevelWin() throws {
        let config = try read(
            "{\"name\": \"mine\", \"level\": \"high-performance\", \"workerPool\": {\"workerCount\": 3}}"
        )
        #expect(config.name == "mine")
        #expect(config.level == .highPerformance)
        #expect(config.workerPool.workerCount == 3)
    }

    @Test func wholeNumbersWrittenWithAFractionAreAccepted() throws {
        let config = try read("{\"workerPool\": {\"workerCount\": 6.0, \"workerTimeoutMs\": 0.25}}")
        #expect(config.workerPool.workerCount == 6)
        #expect(config.workerPool.workerTimeout == .microseconds(250))
    }

    // MARK: Unknown keys

    @Test(arguments: [
        (
            "{\"workerPool\": {\"workerCont\": 4}}",
            "'workerPool.workerCont' is not a known setting; did you mean 'workerPool.workerCount'?"
        ),
        (
            "{\"workerPool\": {\"workerTimeout\": 4}}",
            "'workerPool.workerTimeout' is not a known setting; did you mean 'workerPool.workerTimeoutMs'? "
                + "Durations are numbers of milliseconds under keys ending in 'Ms'."
        ),
        (
            "{\"workerPool\": {\"batchSize\": 4}}",
            "'workerPool.batchSize' is not a setting of 'workerPool'; move it into 'batching' as 'batching.batchSize'."
        ),
        (
            "{\"cache\": {\"cacheSize\": 4}}",
            "'cache.cacheSize' is not a known setting; the settings of 'cache' are 'cacheCapacity', 'cacheTTLMs', "
                + "'cacheCompression'."
        ),
        (
            "{\"pools\": {\"zzz\": 4}}",
            "'pools.zzz' is not a known setting; the settings of 'pools' are 'servicePoolSize', "
                + "'validatorPoolSize', 'bufferPoolCount', 'bufferInitialCapacity'."
        ),
        (
            "{\"batchSize\": 4}",
            "'batchSize' is not a top-level key; move it into the 'batching' object as 'batching.batchSize'."
        ),
        ("{\"workerpool\": {}}", "'workerpool' is not a known key; did you mean 'workerPool'?"),
        (
            "{\"zzz\": 1}",
            "'zzz' is not a known key; the top-level keys are 'preset', 'name', 'level', 'workerPool', "
                + "'batching', 'cache', 'pools', 'backpressure', 'monitoring', 'streams'."
        ),
    ])
    func unknownKeyIsNamedWithTheFix(json: String, problem: String) {
        let error = error(reading: json)
        #expect(error?.code == .configInvalid)
        #expect(error?.message == "The config file 'test.json' has a problem: \(problem)")
    }

    // MARK: Wrong types and bad values

    @Test(arguments: [
        (
            "{\"batching\": {\"batchSize\": \"10\"}}",
            "'batching.batchSize' is the string \"10\", but it must be a whole number from 1 to 100000."
        ),
        (
            "{\"batching\": {\"batchSize\": 10.5}}",
            "'batching.batchSize' is 10.5, but it must be a whole number from 1 to 100000."
        ),
        (
            "{\"batching\": {\"batchSize\": true}}",
            "'batching.batchSize' is true, but it must be a whole number from 1 to 100000."
        ),
        (
            "{\"batching\": {\"batchSize\": 1e30}}",
            "'batching.batchSize' is 1e+30, but it must be a whole number from 1 to 100000."
        ),
        (
            "{\"batching\": {\"batchTimeoutMs\": [5]}}",
            "'batching.batchTimeoutMs' is an array, but it must be a number of milliseconds above 0 and at most 60000."
        ),
        (
            "{\"workerPool\": {\"workerTimeoutMs\": 1e300}}",
            "'workerPool.workerTimeoutMs' is 1e+300, but it must be a number of milliseconds above 0 and at most 86400000."
        ),
        (
            "{\"backpressure\": {\"backpressureThreshold\": null}}",
            "'backpressure.backpressureThreshold' is null, but it must be a number above 0 and at most 1."
        ),
        (
            "{\"cache\": {\"cacheCompression\": 1}}",
            "'cache.cacheCompression' is 1, but it must be true or false."
        ),
        (
            "{\"cache\": {\"cacheCompression\": \"yes\"}}",
            "'cache.cacheCompression' is the string \"yes\", but it must be true or false."
        ),
        (
            "{\"batching\": 10}",
            "'batching' is 10, but it must be an object of settings such as {\"batchSize\": 10}."
        ),
        ("{\"preset\": 3}", "'preset' is 3, but it must be a preset name such as \"balanced\"."),
        (
            "{\"preset\": \"high-performace\"}",
            "'preset' is \"high-performace\", but it must be one of \"balanced\", \"high-performance\", "
                + "\"memory-efficient\", \"development\"; did you mean \"high-performance\"?"
        ),
        (
            "{\"preset\": \"fast\"}",
            "'preset' is \"fast\", but it must be one of \"balanced\", \"high-performance\", "
                + "\"memory-efficient\", \"development\"."
        ),
        ("{\"name\": {}}", "'name' is an object, but it must be a string such as \"my-config\"."),
        (
            "{\"level\": \"highPerformance\"}",
            "'level' is \"highPerformance\", but it must be one of \"memory-efficient\", \"balanced\", "
                + "\"high-performance\", \"custom\"; did you mean \"high-performance\"?"
        ),
        (
            "{\"workerPool\": {\"workerCount\": 0}}",
            "'workerPool.workerCount' is 0, but it must be a whole number from 1 to 4096."
        ),
        (
            "{\"workerPool\": {\"workerQueueCapacity\": 8}, \"batching\": {\"batchSize\": 9}}",
            "'batching.batchSize' is 9, but it must be at most 'workerPool.workerQueueCapacity' (8), "
                + "since a batch is taken from the queue."
        ),
        ("{\"name\": \"\"}", "'name' is \"\", but it must be a name that is not empty."),
    ])
    func wrongTypeOrBadValueIsNamedWithWhatIsAllowed(json: String, problem: String) {
        let error = error(reading: json)
        #expect(error?.code == .configInvalid)
        #expect(error?.message == "The config file 'test.json' has a problem: \(problem)")
    }

    @Test func everyProblemOfAFileIsReportedAtOnce() {
        let error = error(
            reading: """
                {
                  "preset": "balanced",
                  "workerPool": {"workerCount": -2, "workerCont": 4},
                  "batching": {"batchSize": "ten"},
                  "backpressure": {"backpressureThreshold": 1.5},
                  "colour": "blue"
                }
                """
        )
        #expect(error?.code == .configInvalid)
        let message = error?.message ?? ""
        #expect(message.hasPrefix("The config file 'test.json' has 5 problems: (1) "))
        for path in [
            "'workerPool.workerCount' is -2", "'workerPool.workerCont'", "'batching.batchSize' is the string",
            "'backpressure.backpressureThreshold' is 1.5", "'colour'",
        ] {
            #expect(message.contains(path), "missing \(path)")
        }
    }

    @Test func fieldWithAWrongTypeIsNotReportedAgainByACrossFieldRule() {
        let error = error(
            reading: "{\"workerPool\": {\"workerQueueCapacity\": 5}, \"batching\": {\"batchSize\": \"x\"}}"
        )
        #expect(error?.message.contains("has a problem: 'batching.batchSize' is the string \"x\"") == true)
    }

    // MARK: Malformed and unreadable files

    @Test func malformedJSONNamesTheFileAndLine() {
        let error = error(reading: "{\n  \"preset\": \"balanced\",\n  \"name\": tru\n}")
        #expect(error?.code == .configMalformed)
        #expect(error?.message.hasPrefix("The config file 'test.json' is not valid JSON around line 3") == true)
        #expect(error?.cause != nil)
    }

    @Test(arguments: ["", "  \n\t"])
    func emptyFileIsMalformed(json: String) {
        let error = error(reading: json)
        #expect(error?.code == .configMalformed)
        #expect(
            error?.message
                == "The config file 'test.json' is empty; it must hold a JSON object such as {\"preset\": \"balanced\"}."
        )
    }

    @Test(arguments: [("[1, 2]", "an array"), ("\"balanced\"", "the string \"balanced\""), ("42", "42")])
    func topLevelValueOtherThanAnObjectIsMalformed(json: String, described: String) {
        let error = error(reading: json)
        #expect(error?.code == .configMalformed)
        #expect(
            error?.message
                == "The config file 'test.json' must hold a JSON object such as {\"preset\": \"balanced\"}, "
                + "but it holds \(described)."
        )
    }

    @Test func aSyntaxErrorIsPlacedByLineAndColumn() {
        let error = error(reading: "{\n\"preset\": \"balanced\",\n  x\n}")
        #expect(error?.code == .configMalformed)
        #expect(error?.message.contains("around line 3, column 3") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        "{\"workerPool\": {\"workerCount\": 1.5}}", "{\"workerPool\": {\"workerCount\": 9223372036854775808}}",
    ])
    func aCountThatIsNotAWholeIntIsRefusedNotRounded(json: String) {
        let error = error(reading: json)
        #expect(error?.code == .configInvalid)
        #expect(error?.message.contains("workerPool.workerCount") == true, "\(error?.message ?? "")")
    }

    @Test func missingFileIsUnreadableAndNamed() {
        let directory = FileManager.default.temporaryDirectory
        let path = directory.appendingPathComponent("no-such-\(UUID().uuidString).json").path
        let error = #expect(throws: StreamServiceError.self) { try OptimizationConfig.load(contentsOf: path) }
        #expect(error?.code == .configUnreadable)
        #expect(
            error?.message == "The config file '\(path)' could not be read because it does not exist; check the path."
        )
    }

    @Test func directoryIsUnreadable() {
        let path = FileManager.default.temporaryDirectory.path
        let error = #expect(throws: StreamServiceError.self) { try OptimizationConfig.load(contentsOf: path) }
        #expect(error?.code == .configUnreadable)
        #expect(error?.message.contains("it is a directory, not a file") == true)
    }

    @Test func problemsInALoadedFileNameItsPath() throws {
        let path = try temporaryFile(containing: "{\"streams\": {\"streamChannelCapacity\": 0}}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: StreamServiceError.self) { try OptimizationConfig.load(contentsOf: path) }
        #expect(
            error?.message
                == "The config file '\(path)' has a problem: "
                + "'streams.streamChannelCapacity' is 0, but it must be a whole number from 1 to 1000000."
        )
    }
}
