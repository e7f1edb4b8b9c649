extension FaultInjection {
    /// A pause of every worker: from ``start`` after the service started, for ``length``, no worker begins a
    /// message, the way a garbage-collection pause or a blocked dependency would freeze a real service.
    ///
    /// Messages keep arriving and queueing during the stall; their latency, measured from their intended start,
    /// shows the pause in full.
    public struct Stall: Sendable, Equatable {
        /// When the stall begins, measured from ``StreamingService/start()``.
        public var start: Duration
        /// How long the stall lasts.
        public var length: Duration

        /// Creates a stall.
        ///
        /// - Parameters:
        ///   - start: When the stall begins, measured from ``StreamingService/start()``.
        ///   - length: How long it lasts.
        public init(start: Duration, length: Duration) {
            self.start = start
            self.length = length
        }
    }
}
