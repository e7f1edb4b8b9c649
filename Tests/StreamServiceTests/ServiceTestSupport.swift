import PerfMonitor
import Synchronization
import Testing

@testable import StreamService

/// A monitor that reads no process figures, so the service's reports are all it holds.
func makeServiceMonitor() -> StreamPerformanceMonitor {
    var configuration = MonitoringConfiguration()
    configuration.samplesProcessResources = false
    return StreamPerformanceMonitor(configuration: configuration)
}

/// The balanced preset for two cores, adjusted for one test.
func makeConfig(_ adjust: (inout OptimizationConfig) -> Void = { _ in }) -> OptimizationConfig {
    var config = OptimizationConfig.balanced(cores: 2)
    adjust(&config)
    return config
}

/// Every completion a test received, by message sequence number.
final class CompletionLog: Sendable {
    private let outcomes = Mutex<[UInt64: [ServiceOutcome]]>([:])

    /// A completion handler that records its outcome under `sequence`.
    func handler(for sequence: UInt64) -> @Sendable (ServiceOutcome) -> Void {
        { outcome in self.outcomes.withLock { $0[sequence, default: []].append(outcome) } }
    }

    /// The number of completions received, duplicates included.
    var count: Int { outcomes.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// The outcomes of each sequence number.
    var all: [UInt64: [ServiceOutcome]] { outcomes.withLock { $0 } }

    /// The sequence numbers whose (first) outcome was a failure of `kind`.
    func sequences(failedWith kind: ServiceFailureKind) -> Set<UInt64> {
        Set(all.filter { $0.value.first == .failure(kind) }.keys)
    }

    /// The number of completions that were a failure of `kind`.
    func count(of kind: ServiceFailureKind) -> Int {
        all.values.reduce(0) { $0 + $1.filter { $0 == .failure(kind) }.count }
    }

    /// The number of completions that were a success.
    var successes: Int { all.values.reduce(0) { $0 + $1.filter(\.isSuccess).count } }
}

extension StreamingService {
    /// Submits a message with the given sequence number and key, intended to start now, recording into `log`.
    func submit(
        sequence: UInt64,
        key: UInt64? = nil,
        connectionID: UInt64? = nil,
        payloadSize: Int = 256,
        intendedStart: ContinuousClock.Instant = .now,
        log: CompletionLog
    ) {
        submit(
            ServiceMessage(
                sequence: sequence,
                connectionID: connectionID,
                key: key ?? sequence,
                payloadSize: payloadSize,
                intendedStart: intendedStart
            ),
            completion: log.handler(for: sequence)
        )
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; waits for an event, asserts no speed.
///
/// - Returns: Whether the condition held.
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
