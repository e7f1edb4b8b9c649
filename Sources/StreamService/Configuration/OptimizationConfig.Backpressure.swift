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
