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
