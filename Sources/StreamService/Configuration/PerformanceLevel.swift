/// The performance level an ``OptimizationConfig`` was tuned for.
///
/// The raw values are the spellings used in JSON config files and on the command line.
public enum PerformanceLevel: String, Sendable, CaseIterable {
    /// Few workers, small caches and pools: the smallest memory footprint. Raw value `"memory-efficient"`.
    case memoryEfficient = "memory-efficient"
    /// A middle ground sized from the machine's cores; the default. Raw value `"balanced"`.
    case balanced = "balanced"
    /// Many workers, large batches, caches and queues: the highest throughput. Raw value `"high-performance"`.
    case highPerformance = "high-performance"
    /// Settings that match no preset, such as a config file that changes a preset's values. Raw value `"custom"`.
    case custom = "custom"
}
