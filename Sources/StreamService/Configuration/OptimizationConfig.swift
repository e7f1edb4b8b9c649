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
