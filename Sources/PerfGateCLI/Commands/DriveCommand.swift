import Foundation
import PerfGate
import PerfMonitor
import StreamService
import Workloads

/// `perfgate drive`: one workload through the service under one preset; prints the monitor's
/// summary (text, or JSON with `metrics` keyed by the metric identifiers, `valid` and `seed`).
enum DriveCommand {
    static func run(_ parsed: ParsedArguments) async throws -> Int32 {
        let workloadName = try parsed.string("--workload") ?? "steady"
        let format = try CommandInputs.textOrJSONFormat(parsed, command: "drive")
        let (presetName, configuration) = try CommandInputs.preset(parsed)
        let workload: WorkloadSpec
        do {
            let seed = try parsed.int("--seed").map { UInt64($0) }
            workload = try WorkloadSpec.named(workloadName).overriding(
                rate: try parsed.int("--rate").map(Double.init),
                duration: try parsed.double("--duration").map(CommandInputs.duration(seconds:)),
                seed: seed
            )
        } catch let error as WorkloadsError {
            throw PerfGateCLIError.usage(error.message)
        }
        if case .capacitySearch(_, let probe) = workload.load, probe < minimumCapacityProbe {
            throw PerfGateCLIError.usage(
                "A capacity probe of \(probe) is too short to measure a P95 at the rates it tries; use --duration "
                    + "\(minimumCapacityProbe.seconds) or more (the default is \(WorkloadSpec.capacity.duration.seconds))."
            )
        }
        let faults = FaultInjection(
            slowdownPercent: try parsed.double("--slowdown") ?? 0,
            stall: try stall(parsed),
            errorRate: try parsed.double("--error-rate") ?? 0
        )
        let reporter = ProgressReporter(terminal: parsed.terminal, sink: parsed.standardError)
        let label = "\(presetName)/\(workload.name)"
        let outcome = try await ServiceDrive.run(configuration: configuration, workload: workload, faults: faults) {
            fraction in reporter.update(fraction, label)
        }
        reporter.finish()
        let report = DriveReport(preset: presetName)
        parsed.standardOutput.write(format == .json ? report.json(outcome) : report.text(outcome))
        return outcome.report.isValid ? ExitCode.success.rawValue : ExitCode.invalidRun.rawValue
    }

    /// The shortest capacity probe `drive` accepts: shorter ones end with a few dozen requests,
    /// and a P95 of those says nothing.
    static let minimumCapacityProbe = Duration.seconds(1)

    static func stall(_ parsed: ParsedArguments) throws -> FaultInjection.Stall? {
        let at = try parsed.double("--stall-at")
        let length = try parsed.double("--stall-for")
        switch (at, length) {
        case (nil, nil):
            return nil
        case (let at?, let length?):
            return FaultInjection.Stall(
                start: CommandInputs.duration(seconds: at),
                length: CommandInputs.duration(seconds: length)
            )
        default:
            throw PerfGateCLIError.usage("'--stall-at' and '--stall-for' go together; give both, or neither.")
        }
    }
}
