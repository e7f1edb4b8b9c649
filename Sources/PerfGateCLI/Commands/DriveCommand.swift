import Foundation
import PerfGate
import PerfHTTP
import PerfMonitor
import StreamService
import Workloads

/// `perfgate drive`: one workload through the service under one preset; prints the monitor's
/// summary (text, or JSON with `metrics` keyed by the metric identifiers, `valid` and `seed`).
enum DriveCommand {
    static func run(_ parsed: ParsedArguments) async throws -> Int32 {
        if let url = try parsed.string("--url") { return try await runHTTP(url: url, parsed) }
        for option in httpOnlyOptions where try parsed.isSpecified(option) {
            throw PerfGateCLIError.usage("'\(option)' goes with --url; give the URL of your service, or leave it out.")
        }
        for name in ["--preset", "--workload"] where !(try parsed.isSpecified(name)) {
            throw PerfGateCLIError.missingArgument(try parsed.definition(name))
        }
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
        let report = DriveReport(preset: presetName, maxStealPercent: try maxStealPercent(parsed))
        parsed.standardOutput.write(format == .json ? report.json(outcome) : report.text(outcome))
        return report.isValid(outcome) ? ExitCode.success.rawValue : ExitCode.invalidRun.rawValue
    }

    /// The share of the CPU time the hypervisor may take before a drive is invalid: `--max-steal`,
    /// 5% by default (a quiet virtual machine loses under 1%; at 5% and more, latency tails here
    /// followed the stolen time), none at 100.
    static func maxStealPercent(_ parsed: ParsedArguments) throws -> Double? {
        let limit = try parsed.double("--max-steal") ?? 5
        return limit >= 100 ? nil : limit
    }

    /// The options that only a drive of a user's HTTP service takes.
    static let httpOnlyOptions = ["--connections", "--max-in-flight", "--method", "--header", "--body", "--timeout"]

    /// The options that only a drive of the built-in service takes.
    static let serviceOnlyOptions = ["--preset", "--slowdown", "--stall-at", "--stall-for", "--error-rate"]

    /// `perfgate drive --url`: the workload against the user's HTTP service.
    static func runHTTP(url: String, _ parsed: ParsedArguments) async throws -> Int32 {
        for option in serviceOnlyOptions where try parsed.isSpecified(option) {
            throw PerfGateCLIError.usage(
                "'\(option)' sets up the built-in service, which --url does not use; leave it out."
            )
        }
        let format = try CommandInputs.textOrJSONFormat(parsed, command: "drive")
        let origin: HTTPURL
        do {
            origin = try HTTPURL(url)
        } catch {
            throw PerfGateCLIError.usage("'--url \(url)': \(error.message)")
        }
        var headers: [HTTPHeader] = []
        for header in try parsed.strings("--header") {
            guard let colon = header.firstIndex(of: ":") else {
                throw PerfGateCLIError.usage(
                    "'--header \(header)' has no ':'; write it as 'Name: value', such as 'Content-Type: application/json'."
                )
            }
            headers.append(
                HTTPHeader(
                    String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                )
            )
        }
        let method = try parsed.string("--method") ?? "GET"
        let body = try parsed.string("--body") ?? ""
        let template: HTTPRequestTemplate
        do {
            template = try HTTPRequestTemplate(method: method, path: origin.target, headers: headers, body: body)
        } catch {
            throw PerfGateCLIError.usage(error.message)
        }
        let workload: WorkloadSpec
        do {
            workload = try WorkloadSpec.named(try parsed.string("--workload") ?? "steady").overriding(
                rate: try parsed.int("--rate").map(Double.init),
                duration: try parsed.double("--duration").map(CommandInputs.duration(seconds:)),
                seed: try parsed.int("--seed").map { UInt64($0) }
            )
        } catch let error as WorkloadsError {
            throw PerfGateCLIError.usage(error.message)
        }
        let connections = try parsed.int("--connections") ?? 16
        let maxInFlight = try parsed.int("--max-in-flight") ?? max(1024, connections)
        guard maxInFlight >= connections else {
            throw PerfGateCLIError.usage(
                "'--max-in-flight \(maxInFlight)' is below '--connections \(connections)'; make it at least that."
            )
        }
        let settings = HTTPScenarioSettings(
            url: "http://\(origin.authority)",
            operations: [HTTPOperation(name: nil, template: template)],
            connections: connections,
            maxInFlight: maxInFlight,
            timeoutSeconds: try parsed.double("--timeout") ?? 10
        )
        let reporter = ProgressReporter(terminal: parsed.terminal, sink: parsed.standardError)
        let label = "\(origin.description)/\(workload.name)"
        let outcome: HTTPDrive.Outcome
        do {
            outcome = try await HTTPDrive.run(settings: settings, url: settings.url, workload: workload) { fraction in
                reporter.update(fraction, label)
            }
        } catch {
            reporter.finish()
            throw PerfGateCLIError(code: error.code.isInvalidRun ? .invalidRun : .failure, message: error.message)
        }
        reporter.finish()
        let report = DriveReport(preset: origin.description, maxStealPercent: try maxStealPercent(parsed))
        parsed.standardOutput.write(format == .json ? report.json(outcome) : report.text(outcome))
        var verdicts: [ExitCode] = []
        if !report.isValid(outcome) { verdicts.append(.invalidRun) }
        let minimum = PerformanceTargets.default.minSuccessRate
        if outcome.report.completed > 0, outcome.report.successRate < minimum {
            let failures = outcome.report.failuresByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            parsed.standardError.write(
                "perfgate drive: the success rate \(outcome.report.successRate) is below \(minimum) "
                    + "(failures: \(failures.joined(separator: ", "))); the service at \(origin.authority) did not "
                    + "answer as it should.\n"
            )
            verdicts.append(.targetMissed)
        }
        return ExitCode.combining(verdicts).rawValue
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
