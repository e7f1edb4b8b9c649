import PerfMonitor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServiceCostModel {
    /// How long the simulated backend takes to answer a cache miss; the worker thread sleeps for it.
    ///
    /// Each draw comes from the service's seed and the message's sequence number, so a run draws the same latencies
    /// whatever the threads do.
    public enum BackendLatency: Sendable, Equatable {
        /// The backend answers at once.
        case none
        /// Every miss waits the same time.
        case constant(Duration)
        /// Misses wait an exponentially distributed time with the given mean, cut at `limit`.
        case exponential(mean: Duration, limit: Duration)

        /// The latency for a uniform draw `unit` in `0..<1`; negative durations count as zero.
        ///
        /// - Parameter unit: A uniform draw in `0..<1`.
        /// - Returns: The time to wait.
        func latency(forUniform unit: Double) -> Duration {
            switch self {
            case .none:
                return .zero
            case .constant(let duration):
                return max(.zero, duration)
            case .exponential(let mean, let limit):
                let seconds = -log1p(-min(max(unit, 0), 0.999_999_999)) * max(0, mean.seconds)
                return min(max(.zero, limit), .nanoseconds(Int64(min(seconds, 86_400) * 1e9)))
            }
        }
    }
}
