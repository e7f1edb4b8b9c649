import Testing

@testable import PerfGate

/// How often each verdict came out, per metric, over simulated comparisons.
private struct VerdictCounts {
    var trials = 0
    var byMetric: [MetricID: [MetricVerdict: Int]] = [:]
    var scenariosRegressed = 0
    var scenariosImproved = 0

    func count(_ metric: MetricID, _ verdict: MetricVerdict) -> Int { byMetric[metric]?[verdict] ?? 0 }

    /// Gated metrics that came out `verdict` in any trial, with their counts.
    func summary(_ verdict: MetricVerdict) -> String {
        byMetric.keys.sorted().compactMap { metric in
            let count = count(metric, verdict)
            return count > 0 ? "\(metric.rawValue): \(count)" : nil
        }.joined(separator: ", ")
    }
}

/// Simulates `trials` comparisons of a baseline against a current run with `slowdown`.
private func simulate(
    trials: Int,
    rounds: Int,
    noise: Double,
    slowdown: Double,
    seed: UInt64,
    options: ComparisonOptions = .default
) -> VerdictCounts {
    var random = TestRandom(seed: seed)
    var counts = VerdictCounts()
    let comparator = Comparator()
    for _ in 0..<trials {
        let baseline = makeRun([makeScenario(metrics: simulatedMetrics(rounds: rounds, noise: noise, random: &random))])
        let current = makeRun([
            makeScenario(metrics: simulatedMetrics(rounds: rounds, noise: noise, slowdown: slowdown, random: &random))
        ])
        let report = comparator.compare(current, against: baseline, options: options)
        counts.trials += 1
        if report.outcome.hasRegression { counts.scenariosRegressed += 1 }
        if report.comparisons.contains(where: { $0.isGated && $0.verdict == .improved }) {
            counts.scenariosImproved += 1
        }
        for row in report.comparisons {
            guard let metric = MetricID(rawValue: row.metric) else { continue }
            counts.byMetric[metric, default: [:]][row.verdict, default: 0] += 1
        }
    }
    return counts
}

@Test func identicalDistributionsAreAlmostNeverRegressed() {
    // A/A: 1000 seeded pairs, 5 rounds each, 2% noise, default thresholds and gates.
    let counts = simulate(trials: 1000, rounds: 5, noise: 0.02, slowdown: 1, seed: 1)
    #expect(
        counts.scenariosRegressed <= 10,
        "A/A regressed: \(counts.scenariosRegressed) of 1000 (\(counts.summary(.regressed)))"
    )
    #expect(
        counts.scenariosImproved <= 10,
        "A/A improved: \(counts.scenariosImproved) of 1000 (\(counts.summary(.improved)))"
    )
}

@Test func holmKeepsFamilyWiseFalseAlarmsNearAlphaWithoutThresholds() {
    // A/A with every practical threshold at 0, so only significance decides: the share of
    // scenarios with any gated change stays near the family-wise 5% (exact tests are a little
    // conservative), and is not zero, so the test machinery does reject.
    var options = ComparisonOptions()
    for metric in MetricID.allCases { options.practicalThresholds[metric.rawValue] = 0 }
    let counts = simulate(trials: 1000, rounds: 8, noise: 0.02, slowdown: 1, seed: 2, options: options)
    let alarms = counts.scenariosRegressed + counts.scenariosImproved
    #expect(alarms >= 10 && alarms <= 65, "A/A family-wise alarms without thresholds: \(alarms) of 1000")
}

@Test func tenPercentSlowdownIsRegressedNearlyAlways() {
    // Power: throughput 10% lower (÷1.1) and latencies 10% higher, 2% noise, 8 rounds.
    let counts = simulate(trials: 500, rounds: 8, noise: 0.02, slowdown: 1.1, seed: 3)
    #expect(counts.scenariosRegressed >= 490, "regressed: \(counts.scenariosRegressed) of 500")
    #expect(counts.count(.throughputRPS, .regressed) >= 490, "\(counts.summary(.regressed))")
    #expect(counts.scenariosImproved == 0, "\(counts.summary(.improved))")
}

@Test func twentyPercentLatencyRiseIsRegressedNearlyAlways() {
    let counts = simulate(trials: 500, rounds: 8, noise: 0.02, slowdown: 1.2, seed: 4)
    #expect(counts.count(.latencyP95Ms, .regressed) >= 490, "\(counts.summary(.regressed))")
}

@Test func tenPercentSpeedupIsImprovedNearlyAlways() {
    // The mirror of the slowdown: throughput ×1.1, latencies ÷1.1.
    let counts = simulate(trials: 500, rounds: 8, noise: 0.02, slowdown: 1 / 1.1, seed: 5)
    #expect(counts.count(.throughputRPS, .improved) >= 490, "\(counts.summary(.improved))")
    #expect(counts.scenariosRegressed <= 5, "\(counts.summary(.regressed))")
}
