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
