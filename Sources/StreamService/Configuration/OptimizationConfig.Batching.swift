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
