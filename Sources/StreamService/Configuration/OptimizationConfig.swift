/// The tuning of the simulated streaming service: every setting, grouped by the part of the service it tunes.
///
/// Start from a preset — ``balanced`` (the default), ``highPerformance``, ``memoryEfficient`` or
/// ``development`` — change what you need, and call ``validated()`` before handing the configuration to
/// the service:
///
/// ```swift
/// var config = OptimizationConfig.balanced
/// config.batching.batchSize = 32
/// let checked = try config.validated()  // throws a StreamServiceError listing every problem
/// ```
///
/// Durations are `Duration` values. In a JSON config file they are numbers of milliseconds under keys
/// ending in `Ms`; see ``init(jsonData:source:cores:)`` for the file format.
public struct OptimizationConfig: Sendable, Equatable {
    /// The name reports use for this configuration, such as `"balanced"`; never empty.
    ///
    /// In JSON: `name`.
    public var name: String
    /// The performance level this configuration was tuned for.
    ///
    /// In JSON: `level`, one of `"memory-efficient"`, `"balanced"`, `"high-performance"` and `"custom"`.
    public var level: PerformanceLevel
    /// The worker pool that processes requests taken from the bounded queue. In JSON: `workerPool`.
    public var workerPool: WorkerPool
    /// How requests are grouped into batches before the workers see them. In JSON: `batching`.
    public var batching: Batching
    /// The LRU and TTL response cache. In JSON: `cache`.
    public var cache: Cache
    /// The object pools for services, validators and buffers. In JSON: `pools`.
    public var pools: Pools
    /// When the service starts rejecting work, and how many connections it admits. In JSON: `backpressure`.
    public var backpressure: Backpressure
    /// What the service reports to its performance monitor. In JSON: `monitoring`.
    public var monitoring: Monitoring
    /// The per-connection message streams. In JSON: `streams`.
    public var streams: Streams

    /// Creates a configuration from all of its settings.
    ///
    /// Nothing is checked here: call ``validate()`` or ``validated()`` to find the values that are not allowed.
    ///
    /// - Parameters:
    ///   - name: The name reports use for this configuration.
    ///   - level: The performance level this configuration was tuned for.
    ///   - workerPool: The worker pool settings.
    ///   - batching: The batching settings.
    ///   - cache: The response cache settings.
    ///   - pools: The object pool settings.
    ///   - backpressure: The backpressure and connection limit settings.
    ///   - monitoring: The monitoring settings.
    ///   - streams: The stream settings.
    public init(
        name: String,
        level: PerformanceLevel,
        workerPool: WorkerPool,
        batching: Batching,
        cache: Cache,
        pools: Pools,
        backpressure: Backpressure,
        monitoring: Monitoring,
        streams: Streams
    ) {
        self.name = name
        self.level = level
        self.workerPool = workerPool
        self.batching = batching
        self.cache = cache
        self.pools = pools
        self.backpressure = backpressure
        self.monitoring = monitoring
        self.streams = streams
    }
}

/// The performance level an ``OptimizationConfig`` was tuned for.
///
/// The raw values are the spellings used in JSON config files and on the command line.
public enum PerformanceLevel: String, Sendable, CaseIterable {
    /// Few workers, small caches and pools: the smallest memory footprint. Raw value `"memory-efficient"`.
    case memoryEfficient = "memory-efficient"
    /// A middle ground sized from the machine's cores; the default. Raw value `"balanced"`.
    case balanced = "balanced"
    /// Many workers, large batches, caches and queues: the highest throughput. Raw value `"high-performance"`.
    case highPerformance = "high-performance"
    /// Settings that match no preset, such as a config file that changes a preset's values. Raw value `"custom"`.
    case custom = "custom"
}

extension OptimizationConfig {
    /// The settings that decide when the service pushes back on its callers.
    ///
    /// The service rejects new work while the worker queue is fuller than ``backpressureThreshold`` of its
    /// capacity, judged over the last ``backpressureWindow``, and admits at most ``maxConcurrentConnections``
    /// connections at once.
    ///
    /// In JSON: the object `backpressure`.
    public struct Backpressure: Sendable, Equatable {
        /// The fraction of the queue's capacity above which new work is rejected; above 0, at most 1.
        ///
        /// In JSON: `backpressure.backpressureThreshold`.
        public var backpressureThreshold: Double
        /// The window over which the queue's fill level is judged; above zero, at most 1 hour.
        ///
        /// In JSON: `backpressure.backpressureWindowMs`, in milliseconds.
        public var backpressureWindow: Duration
        /// The number of connections admitted at once, from 1 to 1,000,000.
        ///
        /// In JSON: `backpressure.maxConcurrentConnections`.
        public var maxConcurrentConnections: Int

        /// Creates backpressure settings.
        ///
        /// - Parameters:
        ///   - backpressureThreshold: The fraction of the queue's capacity above which new work is rejected.
        ///   - backpressureWindow: The window over which the queue's fill level is judged.
        ///   - maxConcurrentConnections: The number of connections admitted at once.
        public init(backpressureThreshold: Double, backpressureWindow: Duration, maxConcurrentConnections: Int) {
            self.backpressureThreshold = backpressureThreshold
            self.backpressureWindow = backpressureWindow
            self.maxConcurrentConnections = maxConcurrentConnections
        }
    }
}

extension OptimizationConfig {
    /// The settings of the batcher, which groups queued requests before the workers see them.
    ///
    /// A batch is handed on when it holds ``batchSize`` requests, or when ``batchTimeout`` has passed since its
    /// first request arrived; ``maxBatchWait`` caps how long any request waits for its batch.
    ///
    /// In JSON: the object `batching`.
    public struct Batching: Sendable, Equatable {
        /// The number of requests in a full batch, from 1 to 100,000 and at most the worker queue's capacity.
        ///
        /// In JSON: `batching.batchSize`.
        public var batchSize: Int
        /// How long a partial batch waits for more requests; above zero, at most 60 seconds.
        ///
        /// In JSON: `batching.batchTimeoutMs`, in milliseconds.
        public var batchTimeout: Duration
        /// The longest any request waits for its batch; at least ``batchTimeout``, at most 60 seconds.
        ///
        /// In JSON: `batching.maxBatchWaitMs`, in milliseconds.
        public var maxBatchWait: Duration

        /// Creates batching settings.
        ///
        /// - Parameters:
        ///   - batchSize: The number of requests in a full batch.
        ///   - batchTimeout: How long a partial batch waits for more requests.
        ///   - maxBatchWait: The longest any request waits for its batch.
        public init(batchSize: Int, batchTimeout: Duration, maxBatchWait: Duration) {
            self.batchSize = batchSize
            self.batchTimeout = batchTimeout
            self.maxBatchWait = maxBatchWait
        }
    }
}

extension OptimizationConfig {
    /// The settings of the response cache, which evicts the least recently used entry when full and drops
    /// entries older than their time to live.
    ///
    /// In JSON: the object `cache`.
    public struct Cache: Sendable, Equatable {
        /// The number of entries the cache holds, from 1 to 100,000,000.
        ///
        /// In JSON: `cache.cacheCapacity`.
        public var cacheCapacity: Int
        /// How long an entry stays valid after it was stored; above zero, at most 7 days.
        ///
        /// In JSON: `cache.cacheTTLMs`, in milliseconds.
        public var cacheTTL: Duration
        /// Whether cached payloads are stored compressed, trading CPU time for memory.
        ///
        /// In JSON: `cache.cacheCompression`, `true` or `false`.
        public var cacheCompression: Bool

        /// Creates cache settings.
        ///
        /// - Parameters:
        ///   - cacheCapacity: The number of entries the cache holds.
        ///   - cacheTTL: How long an entry stays valid after it was stored.
        ///   - cacheCompression: Whether cached payloads are stored compressed.
        public init(cacheCapacity: Int, cacheTTL: Duration, cacheCompression: Bool) {
            self.cacheCapacity = cacheCapacity
            self.cacheTTL = cacheTTL
            self.cacheCompression = cacheCompression
        }
    }
}

extension OptimizationConfig {
    /// The settings of what the service reports to its performance monitor.
    ///
    /// In JSON: the object `monitoring`.
    public struct Monitoring: Sendable, Equatable {
        /// Whether the service records its metrics at all.
        ///
        /// In JSON: `monitoring.monitoringEnabled`, `true` or `false`.
        public var monitoringEnabled: Bool
        /// How often gauges such as queue depth and worker utilization are sampled; above zero, at most 1 hour.
        ///
        /// In JSON: `monitoring.metricsIntervalMs`, in milliseconds.
        public var metricsInterval: Duration
        /// Whether every request's path through the service is traced, which costs throughput.
        ///
        /// In JSON: `monitoring.detailedTracing`, `true` or `false`.
        public var detailedTracing: Bool

        /// Creates monitoring settings.
        ///
        /// - Parameters:
        ///   - monitoringEnabled: Whether the service records its metrics at all.
        ///   - metricsInterval: How often gauges are sampled.
        ///   - detailedTracing: Whether every request's path through the service is traced.
        public init(monitoringEnabled: Bool, metricsInterval: Duration, detailedTracing: Bool) {
            self.monitoringEnabled = monitoringEnabled
            self.metricsInterval = metricsInterval
            self.detailedTracing = detailedTracing
        }
    }
}

extension OptimizationConfig {
    /// The settings of the object pools, which let the service reuse services, validators and buffers instead
    /// of allocating them per request.
    ///
    /// In JSON: the object `pools`.
    public struct Pools: Sendable, Equatable {
        /// The number of pooled service instances, from 1 to 10,000.
        ///
        /// In JSON: `pools.servicePoolSize`.
        public var servicePoolSize: Int
        /// The number of pooled request validators, from 1 to 10,000.
        ///
        /// In JSON: `pools.validatorPoolSize`.
        public var validatorPoolSize: Int
        /// The number of pooled buffers, from 1 to 1,000,000.
        ///
        /// In JSON: `pools.bufferPoolCount`.
        public var bufferPoolCount: Int
        /// The initial capacity of each pooled buffer in bytes, from 1 to 67,108,864 (64 MiB).
        ///
        /// In JSON: `pools.bufferInitialCapacity`, in bytes.
        public var bufferInitialCapacity: Int

        /// Creates object pool settings.
        ///
        /// - Parameters:
        ///   - servicePoolSize: The number of pooled service instances.
        ///   - validatorPoolSize: The number of pooled request validators.
        ///   - bufferPoolCount: The number of pooled buffers.
        ///   - bufferInitialCapacity: The initial capacity of each pooled buffer in bytes.
        public init(servicePoolSize: Int, validatorPoolSize: Int, bufferPoolCount: Int, bufferInitialCapacity: Int) {
            self.servicePoolSize = servicePoolSize
            self.validatorPoolSize = validatorPoolSize
            self.bufferPoolCount = bufferPoolCount
            self.bufferInitialCapacity = bufferInitialCapacity
        }
    }
}

extension OptimizationConfig {
    /// The settings of the per-connection message streams.
    ///
    /// In JSON: the object `streams`.
    public struct Streams: Sendable, Equatable {
        /// The number of messages a stream's channel buffers before its sender waits, from 1 to 1,000,000.
        ///
        /// In JSON: `streams.streamChannelCapacity`.
        public var streamChannelCapacity: Int
        /// How long a stream may stay idle before it is closed; above zero, at most 24 hours.
        ///
        /// In JSON: `streams.streamTimeoutMs`, in milliseconds.
        public var streamTimeout: Duration
        /// Whether stream messages are compressed on the wire.
        ///
        /// In JSON: `streams.streamCompression`, `true` or `false`.
        public var streamCompression: Bool

        /// Creates stream settings.
        ///
        /// - Parameters:
        ///   - streamChannelCapacity: The number of messages a stream's channel buffers before its sender waits.
        ///   - streamTimeout: How long a stream may stay idle before it is closed.
        ///   - streamCompression: Whether stream messages are compressed on the wire.
        public init(streamChannelCapacity: Int, streamTimeout: Duration, streamCompression: Bool) {
            self.streamChannelCapacity = streamChannelCapacity
            self.streamTimeout = streamTimeout
            self.streamCompression = streamCompression
        }
    }
}

extension OptimizationConfig {
    /// The settings of the worker pool that processes requests taken from the bounded queue.
    ///
    /// In JSON: the object `workerPool`.
    public struct WorkerPool: Sendable, Equatable {
        /// The number of workers processing requests concurrently, from 1 to 4096.
        ///
        /// In JSON: `workerPool.workerCount`.
        public var workerCount: Int
        /// The number of requests the queue in front of the workers holds, from 1 to 10,000,000.
        ///
        /// In JSON: `workerPool.workerQueueCapacity`.
        public var workerQueueCapacity: Int
        /// How long one request may occupy a worker before it fails with a timeout; above zero, at most 24 hours.
        ///
        /// In JSON: `workerPool.workerTimeoutMs`, in milliseconds.
        public var workerTimeout: Duration

        /// Creates worker pool settings.
        ///
        /// - Parameters:
        ///   - workerCount: The number of workers processing requests concurrently.
        ///   - workerQueueCapacity: The number of requests the queue in front of the workers holds.
        ///   - workerTimeout: How long one request may occupy a worker before it fails with a timeout.
        public init(workerCount: Int, workerQueueCapacity: Int, workerTimeout: Duration) {
            self.workerCount = workerCount
            self.workerQueueCapacity = workerQueueCapacity
            self.workerTimeout = workerTimeout
        }
    }
}
