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
