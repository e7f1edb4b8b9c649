import PerfSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OptimizationConfig {
    /// The names ``preset(named:cores:)`` accepts, in the order `perfgate list` shows them.
    public static let presetNames = ["balanced", "high-performance", "memory-efficient", "development"]

    /// The number of processors online on this machine, at least 1.
    ///
    /// The presets that size their worker pool from the machine read this; pass a core count to
    /// ``balanced(cores:)``, ``highPerformance(cores:)``, ``development(cores:)`` or ``preset(named:cores:)``
    /// instead to get the same configuration on every machine.
    public static var activeCoreCount: Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? count : 1
    }

    /// The balanced preset for this machine: ``balanced(cores:)`` with ``activeCoreCount``.
    ///
    /// This is the default: a config file that names no preset starts from it.
    public static var balanced: OptimizationConfig { balanced(cores: activeCoreCount) }

    /// The high-performance preset for this machine: ``highPerformance(cores:)`` with ``activeCoreCount``.
    public static var highPerformance: OptimizationConfig { highPerformance(cores: activeCoreCount) }

    /// The development preset for this machine: ``development(cores:)`` with ``activeCoreCount``.
    public static var development: OptimizationConfig { development(cores: activeCoreCount) }

    /// The balanced preset, named `"balanced"`: a middle ground between throughput and memory, and the default.
    ///
    /// | group | settings |
    /// |---|---|
    /// | `workerPool` | max(2, `cores`) workers, queue of 1000, worker timeout 30 s |
    /// | `batching` | batches of 10, batch timeout 10 ms, max batch wait 50 ms |
    /// | `cache` | 1000 entries, TTL 300 s, no compression |
    /// | `pools` | 10 services, 10 validators, 50 buffers of 4096 bytes |
    /// | `backpressure` | threshold 0.8, window 1 s, 1000 connections |
    /// | `monitoring` | enabled, metrics every 1 s, no detailed tracing |
    /// | `streams` | channel capacity 100, stream timeout 30 s, no compression |
    ///
    /// - Parameter cores: The number of active cores to size the worker pool for; values below 1 count as 1.
    /// - Returns: The balanced configuration.
    public static func balanced(cores: Int) -> OptimizationConfig {
        OptimizationConfig(
            name: "balanced",
            level: .balanced,
            workerPool: WorkerPool(
                workerCount: min(maximumPresetWorkers, max(2, clampedCores(cores))),
                workerQueueCapacity: 1000,
                workerTimeout: .seconds(30)
            ),
            batching: Batching(batchSize: 10, batchTimeout: .milliseconds(10), maxBatchWait: .milliseconds(50)),
            cache: Cache(cacheCapacity: 1000, cacheTTL: .seconds(300), cacheCompression: false),
            pools: Pools(servicePoolSize: 10, validatorPoolSize: 10, bufferPoolCount: 50, bufferInitialCapacity: 4096),
            backpressure: Backpressure(
                backpressureThreshold: 0.8,
                backpressureWindow: .seconds(1),
                maxConcurrentConnections: 1000
            ),
            monitoring: Monitoring(monitoringEnabled: true, metricsInterval: .seconds(1), detailedTracing: false),
            streams: Streams(streamChannelCapacity: 100, streamTimeout: .seconds(30), streamCompression: false)
        )
    }

    /// The high-performance preset, named `"high-performance"`: the most throughput, at the cost of memory.
    ///
    /// | group | settings |
    /// |---|---|
    /// | `workerPool` | 2 × `cores` workers (at most 4096), queue of 5000, worker timeout 30 s |
    /// | `batching` | batches of 20, batch timeout 5 ms, max batch wait 20 ms |
    /// | `cache` | 5000 entries, TTL 600 s, no compression |
    /// | `pools` | 20 services, 20 validators, 100 buffers of 8192 bytes |
    /// | `backpressure` | threshold 0.9, window 500 ms, 5000 connections |
    /// | `monitoring` | enabled, metrics every 1 s, no detailed tracing |
    /// | `streams` | channel capacity 500, stream timeout 30 s, no compression |
    ///
    /// - Parameter cores: The number of active cores to size the worker pool for; values below 1 count as 1.
    /// - Returns: The high-performance configuration.
    public static func highPerformance(cores: Int) -> OptimizationConfig {
        OptimizationConfig(
            name: "high-performance",
            level: .highPerformance,
            workerPool: WorkerPool(
                workerCount: min(maximumPresetWorkers, 2 * clampedCores(cores)),
                workerQueueCapacity: 5000,
                workerTimeout: .seconds(30)
            ),
            batching: Batching(batchSize: 20, batchTimeout: .milliseconds(5), maxBatchWait: .milliseconds(20)),
            cache: Cache(cacheCapacity: 5000, cacheTTL: .seconds(600), cacheCompression: false),
            pools: Pools(servicePoolSize: 20, validatorPoolSize: 20, bufferPoolCount: 100, bufferInitialCapacity: 8192),
            backpressure: Backpressure(
                backpressureThreshold: 0.9,
                backpressureWindow: .milliseconds(500),
                maxConcurrentConnections: 5000
            ),
            monitoring: Monitoring(monitoringEnabled: true, metricsInterval: .seconds(1), detailedTracing: false),
            streams: Streams(streamChannelCapacity: 500, streamTimeout: .seconds(30), streamCompression: false)
        )
    }

    /// The memory-efficient preset, named `"memory-efficient"`: the smallest footprint, the same on every machine.
    ///
    /// | group | settings |
    /// |---|---|
    /// | `workerPool` | 2 workers, queue of 200, worker timeout 30 s |
    /// | `batching` | batches of 5, batch timeout 20 ms, max batch wait 100 ms |
    /// | `cache` | 100 entries, TTL 60 s, compressed |
    /// | `pools` | 3 services, 3 validators, 10 buffers of 1024 bytes |
    /// | `backpressure` | threshold 0.7, window 1 s, 200 connections |
    /// | `monitoring` | enabled, metrics every 5 s, no detailed tracing |
    /// | `streams` | channel capacity 20, stream timeout 30 s, compressed |
    public static var memoryEfficient: OptimizationConfig {
        OptimizationConfig(
            name: "memory-efficient",
            level: .memoryEfficient,
            workerPool: WorkerPool(workerCount: 2, workerQueueCapacity: 200, workerTimeout: .seconds(30)),
            batching: Batching(batchSize: 5, batchTimeout: .milliseconds(20), maxBatchWait: .milliseconds(100)),
            cache: Cache(cacheCapacity: 100, cacheTTL: .seconds(60), cacheCompression: true),
            pools: Pools(servicePoolSize: 3, validatorPoolSize: 3, bufferPoolCount: 10, bufferInitialCapacity: 1024),
            backpressure: Backpressure(
                backpressureThreshold: 0.7,
                backpressureWindow: .seconds(1),
                maxConcurrentConnections: 200
            ),
            monitoring: Monitoring(monitoringEnabled: true, metricsInterval: .seconds(5), detailedTracing: false),
            streams: Streams(streamChannelCapacity: 20, streamTimeout: .seconds(30), streamCompression: true)
        )
    }

    /// The development preset, named `"development"`: ``balanced(cores:)`` with tracing on and short timeouts,
    /// so that problems show quickly while working on the service.
    ///
    /// It differs from the balanced preset in three settings: detailed tracing is on, the worker timeout is 5 s and
    /// the stream timeout is 10 s. Metrics are sampled every 1 s, as in the balanced preset, and the level stays
    /// ``PerformanceLevel/balanced``.
    ///
    /// - Parameter cores: The number of active cores to size the worker pool for; values below 1 count as 1.
    /// - Returns: The development configuration.
    public static func development(cores: Int) -> OptimizationConfig {
        var config = balanced(cores: cores)
        config.name = "development"
        config.monitoring.detailedTracing = true
        config.monitoring.metricsInterval = .seconds(1)
        config.workerPool.workerTimeout = .seconds(5)
        config.streams.streamTimeout = .seconds(10)
        return config
    }

    /// Returns the preset with the given name.
    ///
    /// - Parameters:
    ///   - name: One of ``presetNames``: `"balanced"`, `"high-performance"`, `"memory-efficient"` or
    ///     `"development"`.
    ///   - cores: The number of active cores to size the worker pool for; by default, this machine's.
    /// - Returns: The preset's configuration.
    /// - Throws: A ``StreamServiceError`` with code `configUnknownPreset` for any other name, suggesting the
    ///   closest preset name when there is one.
    public static func preset(
        named name: String,
        cores: Int = activeCoreCount
    ) throws(StreamServiceError) -> OptimizationConfig {
        guard let preset = knownPreset(named: name, cores: cores) else {
            throw StreamServiceError.unknownPreset(name)
        }
        return preset
    }

    /// Returns the preset with the given name, or `nil` when no preset has that name.
    static func knownPreset(named name: String, cores: Int) -> OptimizationConfig? {
        switch name {
        case "balanced": balanced(cores: cores)
        case "high-performance": highPerformance(cores: cores)
        case "memory-efficient": memoryEfficient
        case "development": development(cores: cores)
        default: nil
        }
    }

    /// The end of a sentence about a bad preset name: a suggestion when one is close, and the names allowed.
    static func presetNameHint(for name: String) -> String {
        let allowed = presetNames.map { "'\($0)'" }.joined(separator: ", ")
        if let suggestion = Suggestion.closest(to: name, among: presetNames) {
            return "did you mean '\(suggestion)'? The presets are \(allowed)."
        }
        return "the presets are \(allowed)."
    }

    /// The most workers a preset creates, so that every preset passes validation on any machine.
    private static let maximumPresetWorkers = 4096

    /// A core count of at least 1 and at most the preset worker limit, so arithmetic on it cannot overflow.
    private static func clampedCores(_ cores: Int) -> Int {
        min(max(cores, 1), maximumPresetWorkers)
    }
}
