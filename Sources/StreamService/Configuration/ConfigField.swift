import PerfSupport

/// One setting of ``OptimizationConfig`` as it appears in a JSON config file: where it lives, what it holds and
/// which values are allowed.
///
/// ``all`` is the one list of settings, so reading a file, writing one and validating a configuration cannot
/// disagree about a key or a range.
struct ConfigField {
    /// What a setting holds, and which of those values are allowed.
    enum Kind {
        /// A whole number within the range.
        case count(ClosedRange<Int>)
        /// A duration above zero and at most the maximum, written as a number of milliseconds.
        case milliseconds(maximum: Duration)
        /// A number above 0 and at most 1.
        case fraction
        /// `true` or `false`.
        case flag
    }

    /// The value of a setting.
    enum Value: Equatable {
        case count(Int)
        case duration(Duration)
        case fraction(Double)
        case flag(Bool)

        /// The value as a JSON number or literal; durations in milliseconds.
        var jsonText: String {
            switch self {
            case .count(let number): String(number)
            case .duration(let duration): ConfigField.jsonNumber(ConfigField.milliseconds(in: duration))
            case .fraction(let number): ConfigField.jsonNumber(number)
            case .flag(let flag): String(flag)
            }
        }
    }

    /// The object the setting lives in, such as `workerPool`.
    let group: String
    /// The setting's key inside its group, such as `workerTimeoutMs`.
    let key: String
    /// What the setting holds and which values are allowed.
    let kind: Kind
    /// Reads the setting from a configuration.
    let read: (OptimizationConfig) -> Value
    /// Writes the setting into a configuration; a value of another kind is ignored.
    let write: (inout OptimizationConfig, Value) -> Void

    /// The key path of the setting, such as `workerPool.workerTimeoutMs`.
    var path: String { "\(group).\(key)" }

    /// What the setting allows, phrased to follow "it must be".
    var allowed: String {
        switch kind {
        case .count(let range):
            "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .milliseconds(let maximum):
            "a number of milliseconds above 0 and at most \(Value.duration(maximum).jsonText)"
        case .fraction:
            "a number above 0 and at most 1"
        case .flag:
            "true or false"
        }
    }

    /// The problem with this setting's value in a configuration, or `nil` when the value is allowed.
    func problem(in config: OptimizationConfig) -> ConfigProblem? {
        let value = read(config)
        let isAllowed =
            switch (kind, value) {
            case (.count(let range), .count(let number)): range.contains(number)
            case (.milliseconds(let maximum), .duration(let duration)): duration > .zero && duration <= maximum
            case (.fraction, .fraction(let number)): number > 0 && number <= 1
            default: true
            }
        return isAllowed ? nil : ConfigProblem(field: path, value: value.jsonText, allowed: allowed)
    }
}

extension ConfigField {
    /// The names of the groups, in the order of ``OptimizationConfig``'s properties.
    static let groups = ["workerPool", "batching", "cache", "pools", "backpressure", "monitoring", "streams"]

    /// Every setting of ``OptimizationConfig`` except its name and level, in the order of its properties.
    static var all: [ConfigField] {
        [
            count("workerPool", "workerCount", \.workerPool.workerCount, 1...4096),
            count("workerPool", "workerQueueCapacity", \.workerPool.workerQueueCapacity, 1...10_000_000),
            milliseconds("workerPool", "workerTimeoutMs", \.workerPool.workerTimeout, maximum: .seconds(86_400)),
            count("batching", "batchSize", \.batching.batchSize, 1...100_000),
            milliseconds("batching", "batchTimeoutMs", \.batching.batchTimeout, maximum: .seconds(60)),
            milliseconds("batching", "maxBatchWaitMs", \.batching.maxBatchWait, maximum: .seconds(60)),
            count("cache", "cacheCapacity", \.cache.cacheCapacity, 1...100_000_000),
            milliseconds("cache", "cacheTTLMs", \.cache.cacheTTL, maximum: .seconds(604_800)),
            flag("cache", "cacheCompression", \.cache.cacheCompression),
            count("pools", "servicePoolSize", \.pools.servicePoolSize, 1...10_000),
            count("pools", "validatorPoolSize", \.pools.validatorPoolSize, 1...10_000),
            count("pools", "bufferPoolCount", \.pools.bufferPoolCount, 1...1_000_000),
            count("pools", "bufferInitialCapacity", \.pools.bufferInitialCapacity, 1...67_108_864),
            fraction("backpressure", "backpressureThreshold", \.backpressure.backpressureThreshold),
            milliseconds(
                "backpressure",
                "backpressureWindowMs",
                \.backpressure.backpressureWindow,
                maximum: .seconds(3600)
            ),
            count("backpressure", "maxConcurrentConnections", \.backpressure.maxConcurrentConnections, 1...1_000_000),
            flag("monitoring", "monitoringEnabled", \.monitoring.monitoringEnabled),
            milliseconds("monitoring", "metricsIntervalMs", \.monitoring.metricsInterval, maximum: .seconds(3600)),
            flag("monitoring", "detailedTracing", \.monitoring.detailedTracing),
            count("streams", "streamChannelCapacity", \.streams.streamChannelCapacity, 1...1_000_000),
            milliseconds("streams", "streamTimeoutMs", \.streams.streamTimeout, maximum: .seconds(86_400)),
            flag("streams", "streamCompression", \.streams.streamCompression),
        ]
    }

    /// The setting with the given key path, such as `batching.batchSize`.
    static func named(_ path: String) -> ConfigField? {
        all.first { $0.path == path }
    }

    private static func count(
        _ group: String,
        _ key: String,
        _ keyPath: WritableKeyPath<OptimizationConfig, Int>,
        _ range: ClosedRange<Int>
    ) -> ConfigField {
        ConfigField(
            group: group,
            key: key,
            kind: .count(range),
            read: { .count($0[keyPath: keyPath]) },
            write: { if case .count(let number) = $1 { $0[keyPath: keyPath] = number } }
        )
    }

    private static func milliseconds(
        _ group: String,
        _ key: String,
        _ keyPath: WritableKeyPath<OptimizationConfig, Duration>,
        maximum: Duration
    ) -> ConfigField {
        ConfigField(
            group: group,
            key: key,
            kind: .milliseconds(maximum: maximum),
            read: { .duration($0[keyPath: keyPath]) },
            write: { if case .duration(let duration) = $1 { $0[keyPath: keyPath] = duration } }
        )
    }

    private static func fraction(
        _ group: String,
        _ key: String,
        _ keyPath: WritableKeyPath<OptimizationConfig, Double>
    ) -> ConfigField {
        ConfigField(
            group: group,
            key: key,
            kind: .fraction,
            read: { .fraction($0[keyPath: keyPath]) },
            write: { if case .fraction(let number) = $1 { $0[keyPath: keyPath] = number } }
        )
    }

    private static func flag(
        _ group: String,
        _ key: String,
        _ keyPath: WritableKeyPath<OptimizationConfig, Bool>
    ) -> ConfigField {
        ConfigField(
            group: group,
            key: key,
            kind: .flag,
            read: { .flag($0[keyPath: keyPath]) },
            write: { if case .flag(let flag) = $1 { $0[keyPath: keyPath] = flag } }
        )
    }
}

extension ConfigField {
    /// The largest number of milliseconds a `Duration` built from nanoseconds in an `Int64` can hold, rounded down.
    static let largestMilliseconds = 9_000_000_000_000.0

    /// A duration as a number of milliseconds.
    static func milliseconds(in duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The duration of a number of milliseconds, to the nearest nanosecond, or `nil` when the number is not
    /// finite or its magnitude is above ``largestMilliseconds``.
    static func duration(milliseconds: Double) -> Duration? {
        guard milliseconds.isFinite, abs(milliseconds) <= largestMilliseconds else { return nil }
        return .nanoseconds(Int64((milliseconds * 1_000_000).rounded()))
    }

    /// A number as JSON: whole numbers without a fraction, others in Swift's shortest round-tripping form.
    ///
    /// JSON has no spelling for a value that is not finite; those come out as `NaN`, `Infinity` and `-Infinity`,
    /// which name the value in a message but do not load back.
    static func jsonNumber(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return NumberFormat.plain.format(number)
    }
}
