import Foundation
import PerfMonitorTestKit

@testable import PerfMonitor

/// A small seeded generator (SplitMix64) so every test distribution is reproducible.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// A monitor on a manual clock that exports no process figures, for deterministic tests.
func makeTestMonitor(
    _ adjust: (inout MonitoringConfiguration) -> Void = { _ in }
) -> (StreamPerformanceMonitor, ManualMonitorClock) {
    let clock = ManualMonitorClock()
    var configuration = MonitoringConfiguration()
    configuration.clock = clock
    configuration.samplesProcessResources = false
    adjust(&configuration)
    return (StreamPerformanceMonitor(configuration: configuration), clock)
}
