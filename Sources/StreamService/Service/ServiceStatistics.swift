public import PerfMonitor

/// The service's own counters, as of one moment: what it accepted, finished, rejected and why, and how its queue,
/// batches, cache, buffer pool and connections behaved.
///
/// Every submitted message ends in exactly one of ``succeeded`` and ``failures``, once its completion has been
/// called; until then it is counted in ``inFlight``.
public struct ServiceStatistics: Sendable, Equatable {
    /// Messages passed to ``StreamingService/submit(_:completion:)``.
    public var submitted: UInt64 = 0
    /// Messages whose completion reported success.
    public var succeeded: UInt64 = 0
    /// Messages whose completion reported a failure, by the raw value of their ``ServiceFailureKind``.
    public var failures: [String: UInt64] = [:]
    /// Messages that had to wait in the admission list because the queue was at its high-water mark.
    public var waitedForAdmission: UInt64 = 0
    /// Messages that entered the queue after waiting in the admission list.
    public var admittedAfterWaiting: UInt64 = 0
    /// Times the queue reached its high-water mark from below (each is one backpressure event).
    public var backpressureEvents: UInt64 = 0
    /// Messages in the queue or the admission list now.
    public var queueDepth: Int = 0
    /// The most messages that were in the queue and the admission list at once.
    public var peakQueueDepth: Int = 0
    /// Batches the workers processed.
    ///
    /// A batch is counted when its last message has finished and after it was reported to the monitor, so it can
    /// lag the completions by a few microseconds.
    public var batches: UInt64 = 0
    /// Messages in those batches, counted after ``batches``.
    public var batchedMessages: UInt64 = 0
    /// Cache lookups that found a valid entry.
    public var cacheHits: UInt64 = 0
    /// Cache lookups that found no entry, or an expired one.
    public var cacheMisses: UInt64 = 0
    /// Entries evicted to make room.
    public var cacheEvictions: UInt64 = 0
    /// Entries dropped because a lookup found them past their time to live.
    public var cacheExpirations: UInt64 = 0
    /// Entries in the cache now.
    public var cacheEntries: Int = 0
    /// Pooled buffers created so far (at most the configuration's `bufferPoolCount`).
    public var buffersCreated: Int = 0
    /// Times a worker found every pooled buffer lent out and allocated a temporary one.
    public var bufferPoolMisses: UInt64 = 0
    /// Connections accepted by ``StreamingService/openConnection(id:)``.
    public var connectionsOpened: UInt64 = 0
    /// Connections refused because the connection limit was reached or the service was shutting down.
    public var connectionsRefused: UInt64 = 0
    /// Connections ended by ``StreamingService/closeConnection(id:)`` or by shutdown.
    public var connectionsClosed: UInt64 = 0
    /// Connections ended because their session was idle for the stream timeout.
    public var connectionsExpired: UInt64 = 0
    /// Connections open now.
    public var openConnections: Int = 0
    /// Worker threads running (0 before ``StreamingService/start()`` and after shutdown).
    public var workerThreads: Int = 0
    /// A digest of every processed payload; it exists so that the compiler cannot drop the simulated work.
    public var workDigest: UInt64 = 0
    /// With `detailedTracing` on: the time from submission to the start of processing, per processed message.
    public var queueWait: HistogramSnapshot?
    /// With `detailedTracing` on: the time from the start of processing to completion, per processed message.
    public var processingTime: HistogramSnapshot?

    /// Messages failed, of every kind.
    public var failed: UInt64 { failures.values.reduce(0, &+) }

    /// Messages finished, successfully or not.
    public var completed: UInt64 { succeeded &+ failed }

    /// Messages submitted but not yet finished.
    public var inFlight: UInt64 { submitted &- min(submitted, completed) }

    /// Messages failed with the given kind.
    ///
    /// - Parameter kind: The kind of failure.
    /// - Returns: The count, 0 when none.
    public func failures(of kind: ServiceFailureKind) -> UInt64 {
        failures[kind.rawValue] ?? 0
    }

    /// Creates empty statistics.
    public init() {}
}
