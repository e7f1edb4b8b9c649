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
