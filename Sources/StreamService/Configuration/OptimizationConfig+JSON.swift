public import Foundation
import PerfSupport

extension OptimizationConfig {
    /// Loads a configuration from a JSON config file.
    ///
    /// See ``init(jsonData:source:cores:)`` for the format.
    ///
    /// - Parameters:
    ///   - path: The file's path; messages name the file by it.
    ///   - cores: The number of active cores to size the presets for; by default, this machine's.
    /// - Returns: The configuration, which is valid.
    /// - Throws: A ``StreamServiceError`` with code `configUnreadable` when the file cannot be read, and the
    ///   errors of ``init(jsonData:source:cores:)`` for its content.
    public static func load(
        contentsOf path: String,
        cores: Int = activeCoreCount
    ) throws(StreamServiceError) -> OptimizationConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StreamServiceError.unreadableConfiguration(at: path, "it does not exist")
        }
        guard !isDirectory.boolValue else {
            throw StreamServiceError.unreadableConfiguration(at: path, "it is a directory, not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StreamServiceError.unreadableConfiguration(
                at: path,
                "reading it failed",
                cause: error.localizedDescription
            )
        }
        return try OptimizationConfig(jsonData: data, source: path, cores: cores)
    }

    /// Reads a configuration from the content of a JSON config file.
    ///
    /// The file holds one JSON object. Every key is optional:
    ///
    /// ```json
    /// {
    ///   "preset": "high-performance",
    ///   "name": "fast-small-cache",
    ///   "level": "custom",
    ///   "workerPool": {"workerCount": 8, "workerQueueCapacity": 5000, "workerTimeoutMs": 30000},
    ///   "batching": {"batchSize": 20, "batchTimeoutMs": 5, "maxBatchWaitMs": 20},
    ///   "cache": {"cacheCapacity": 500, "cacheTTLMs": 600000, "cacheCompression": false},
    ///   "pools": {"servicePoolSize": 20, "validatorPoolSize": 20, "bufferPoolCount": 100,
    ///             "bufferInitialCapacity": 8192},
    ///   "backpressure": {"backpressureThreshold": 0.9, "backpressureWindowMs": 500,
    ///                    "maxConcurrentConnections": 5000},
    ///   "monitoring": {"monitoringEnabled": true, "metricsIntervalMs": 1000, "detailedTracing": false},
    ///   "streams": {"streamChannelCapacity": 500, "streamTimeoutMs": 30000, "streamCompression": false}
    /// }
    /// ```
    ///
    /// - `preset` is the base: one of ``presetNames``, `"balanced"` when absent. A setting the file leaves out
    ///   takes the base's value.
    /// - `name` and `level` (a ``PerformanceLevel`` raw value) default to the base's when every setting equals
    ///   the base's, and to `"custom"` when the file changes any.
    /// - The seven objects hold the settings of ``OptimizationConfig``'s groups under the names of their
    ///   properties. Durations are numbers of milliseconds under keys ending in `Ms`, fractions allowed;
    ///   `pools.bufferInitialCapacity` is in bytes; the flags are `true` or `false`.
    ///
    /// ``jsonString()`` writes this format, so its output loads back to an equal configuration.
    ///
    /// - Parameters:
    ///   - jsonData: The file's content, UTF-8.
    ///   - source: The file's name for messages, such as its path.
    ///   - cores: The number of active cores to size the presets for; by default, this machine's.
    /// - Throws: A ``StreamServiceError`` with code `configMalformed` when the content is not a JSON object,
    ///   naming the line and column when the parser tells the place; with code `configInvalid` listing every
    ///   unknown key (with the closest known key), every value of the wrong type and every value that is not
    ///   allowed, each by its key path.
    public init(jsonData: Data, source: String, cores: Int = activeCoreCount) throws(StreamServiceError) {
        guard jsonData.contains(where: { !Self.isJSONWhitespace($0) }) else {
            throw StreamServiceError.malformedConfiguration(
                in: source,
                "is empty; it must hold a JSON object such as {\"preset\": \"balanced\"}."
            )
        }
        let parsed: JSONNode
        do {
            parsed = try JSONParser.parse { jsonData.withUnsafeBytes($0) }
        } catch {
            throw StreamServiceError.malformedConfiguration(
                in: source,
                "is not valid JSON around line \(error.line), column \(error.column) (\(error.reason)); "
                    + "fix the syntax there, such as a missing comma, quote or brace.",
                cause: error.description
            )
        }
        guard case .object(let object) = parsed else {
            throw StreamServiceError.malformedConfiguration(
                in: source,
                "must hold a JSON object such as {\"preset\": \"balanced\"}, "
                    + "but it holds \(ConfigFileReader.describe(parsed))."
            )
        }
        var reader = ConfigFileReader(cores: cores)
        let config = reader.read(object)
        guard reader.problems.isEmpty else {
            throw StreamServiceError.invalidConfiguration("the config file '\(source)'", problems: reader.problems)
        }
        self = config
    }

    /// This configuration in the JSON config file format: pretty-printed with two-space indents, keys sorted,
    /// every setting written out, and no newline at the end.
    ///
    /// The output has `name` and `level` but no `preset`, so it loads back to an equal configuration on any
    /// machine. A value that is not finite, such as a `NaN` threshold, has no JSON spelling and does not load back;
    /// ``validate()`` reports it first.
    ///
    /// - Returns: The JSON text.
    public func jsonString() -> String {
        var entries = [
            ("level", level.rawValue.jsonStringLiteral),
            ("name", name.jsonStringLiteral),
        ]
        for group in ConfigField.groups {
            let members = ConfigField.all
                .filter { $0.group == group }
                .sorted { $0.key < $1.key }
                .map { "    \($0.key.jsonStringLiteral): \($0.read(self).jsonText)" }
            entries.append((group, "{\n" + members.joined(separator: ",\n") + "\n  }"))
        }
        let lines = entries.sorted { $0.0 < $1.0 }.map { "  \($0.0.jsonStringLiteral): \($0.1)" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
