import PerfGate
import PerfSupport
import StreamService
import Workloads

/// `perfgate list`: the suites, their scenarios, the presets and the workloads.
enum ListCommand {
    static func run(_ parsed: ParsedArguments) throws -> Int32 {
        let out = parsed.standardOutput
        out.writeLine("SUITES (\(SuiteLoader.folder)/):")
        for name in SuiteLoader.availableSuites() {
            do {
                let suite = try SuiteLoader.resolve(name)
                out.writeLine("  \(name) — \(suite.description)")
                let seconds = NumberFormat.plain.format(suite.roundDurationSeconds)
                out.writeLine("    \(suite.rounds) rounds of \(seconds) s, \(suite.warmupRounds) warm-up")
                for scenario in suite.scenarios { out.writeLine("    - \(scenario.name)") }
            } catch {
                out.writeLine("  \(name) — unreadable: \(error.message)")
            }
        }
        out.writeLine("")
        out.writeLine("PRESETS:")
        for name in OptimizationConfig.presetNames {
            if let config = try? OptimizationConfig.preset(named: name) {
                out.writeLine(
                    "  \(name) — \(config.workerPool.workerCount) workers, queue \(config.workerPool.workerQueueCapacity), "
                        + "batch \(config.batching.batchSize), cache \(config.cache.cacheCapacity)"
                )
            }
        }
        out.writeLine("")
        out.writeLine("WORKLOADS:")
        for workload in WorkloadSpec.all { out.writeLine("  \(workload.name) — \(workload.summary)") }
        return ExitCode.success.rawValue
    }
}
