import Foundation
import PerfHTTP
import PerfMonitor

/// Runs one round of some scenarios of a suite in an arm's own `perfgate` process, through the
/// command every version has: `perfgate run --suite FILE --output FILE` with a one-round suite
/// file (schema version 1 results; older arms need nothing newer).
struct ArmRoundRunner: Sendable {
    /// Where suite and result files of rounds go.
    var folder: String
    /// The working directory of the arm processes.
    var directory: String

    /// What one arm's round gave: its result, or why the round is void.
    enum Outcome: Sendable {
        /// The arm ran the round (valid or not).
        case measured(RunResult)
        /// The arm crashed, timed out or wrote no readable result: the pair is void.
        case void(String)
    }

    /// Runs the scenarios of `suite` for one round in `arm`.
    ///
    /// - Parameters:
    ///   - arm: The arm.
    ///   - suite: The suite, already narrowed to the scenarios to run.
    ///   - round: The round's number, for file names.
    ///   - seed: The round's seed; both arms of a pair get the same one.
    func run(_ arm: Arm, suite: Suite, round: Int, seed: UInt64) -> Outcome {
        let stem = "\(folder)/round-\(round)-\(arm.label)"
        let suitePath = stem + ".suite.json"
        let resultPath = stem + ".result.json"
        let manager = FileManager.default
        try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? manager.removeItem(atPath: resultPath)
        guard manager.createFile(atPath: suitePath, contents: Self.oneRoundSuite(suite, seed: seed)) else {
            return .void("cannot write '\(suitePath)'")
        }
        let seconds = suite.scenarios.reduce(0.0) { total, scenario in
            let duration = scenario.durationSeconds ?? suite.roundDurationSeconds
            return total + duration * (scenario.kind == .monitorOverhead ? 2 : 1) + 1
        }
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try ProcessRunner.run(
                arm.executable,
                ["run", "--suite", suitePath, "--output", resultPath],
                // A suite that starts the user's service runs in the arm's sources, so that its
                // `start` command builds and runs that arm's version of the service.
                in: suite.service != nil && !arm.sourceDirectory.isEmpty ? arm.sourceDirectory : directory,
                // A suite that starts the user's service may wait for it (a build included) up to
                // its ready timeout, and for it to stop, before and after the round itself.
                timeout: .seconds(Int64(seconds * 5 + 60 + Self.serviceAllowance(suite)))
            )
        } catch {
            return .void(error.message)
        }
        let exitIsKnown = outcome.status == 0 || outcome.status == 4
        guard exitIsKnown, !outcome.wasSignalled else {
            let how =
                outcome.timedOut
                ? "timed out"
                : outcome.wasSignalled ? "crashed (signal \(outcome.status - 128))" : "exited \(outcome.status)"
            let detail = outcome.errorOutput.split(separator: "\n").last.map { ": \($0)" } ?? ""
            return .void("the \(arm.label) arm \(how)\(detail)")
        }
        do {
            return .measured(try ResultStore.load(contentsOf: resultPath))
        } catch {
            return .void("the \(arm.label) arm wrote no readable result: \(error.message)")
        }
    }

    /// The seconds an arm's round may spend starting and stopping the suite's service.
    static func serviceAllowance(_ suite: Suite) -> Double {
        guard let service = suite.service else { return 0 }
        return service.readyTimeout.seconds + service.stopGracePeriod.seconds + 10
    }

    /// An `http` scenario's fields as a suite file writes them.
    static func httpFields(_ http: HTTPScenarioSettings) -> [String: Any] {
        var fields: [String: Any] = [
            "connections": http.connections,
            "maxInFlight": http.maxInFlight,
            "timeout": http.timeoutSeconds,
        ]
        if http.operations.count == 1, let only = http.operations.first, only.name == nil {
            fields["url"] = http.url + only.template.path
            return fields
        }
        fields["url"] = http.url
        fields["operations"] = http.operations.map { operation -> [String: Any] in
            var item: [String: Any] = [
                "name": operation.name ?? "request",
                "method": operation.template.method,
                "path": operation.template.path,
                "weight": operation.weight,
            ]
            if !operation.template.headers.isEmpty {
                item["headers"] = Dictionary(
                    operation.template.headers.map { ($0.name, $0.value) },
                    uniquingKeysWith: { first, _ in first }
                )
            }
            if !operation.template.body.isEmpty { item["body"] = operation.template.body }
            return item
        }
        return fields
    }

    /// A suite file every `perfgate run` reads: one measured round, no warm-up, the round's seed,
    /// and only the settings each scenario needs.
    static func oneRoundSuite(_ suite: Suite, seed: UInt64) -> Data {
        var scenarios: [[String: Any]] = []
        for scenario in suite.scenarios {
            var entry: [String: Any] = [
                "name": scenario.name,
                "kind": scenario.kind.rawValue,
                "workload": scenario.workload,
                "targets": scenario.judgedAgainstTargets,
            ]
            if let rate = scenario.rate { entry["rate"] = rate }
            if let duration = scenario.durationSeconds { entry["durationSeconds"] = duration }
            if scenario.slowdownPercent > 0 { entry["slowdownPercent"] = scenario.slowdownPercent }
            // An http scenario has no preset (its loader refuses one); the others need theirs.
            if let http = scenario.http {
                entry.merge(httpFields(http)) { _, new in new }
            } else {
                entry["preset"] = scenario.preset
            }
            scenarios.append(entry)
        }
        var object: [String: Any] = [
            "name": suite.name,
            "rounds": 1,
            "warmupRounds": 0,
            "roundDurationSeconds": suite.roundDurationSeconds,
            // 53 bits: every JSON reader, old suite loaders included, reads it exactly.
            "seed": Int(seed & ((1 << 53) - 1)),
            "maxExtraRounds": 0,
            "scenarios": scenarios,
        ]
        if let service = suite.service {
            // Each arm starts its own service, in its own worktree: its own build of it.
            object["start"] = service.template
            object["ready"] = service.readinessPath
            object["readyTimeout"] = service.readyTimeout.seconds
            object["stopGracePeriod"] = service.stopGracePeriod.seconds
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }
}
