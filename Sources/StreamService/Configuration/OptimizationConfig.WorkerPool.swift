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
