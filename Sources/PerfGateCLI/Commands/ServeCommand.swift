import Dispatch
import Foundation
import PerfGate
import PerfHTTP
import PerfMonitor
import PerfSupport
import StreamService
import Synchronization
import Workloads

/// `perfgate serve`: runs a workload through the service continuously, serves the monitor's
/// `/metrics`, `/summary`, `/history` and `/healthz`, logs a JSON line per interval and per
/// anomaly, and prints the final summary when the duration passes or SIGINT/SIGTERM arrives.
enum ServeCommand {
    static func run(_ parsed: ParsedArguments) async throws -> Int32 {
        let workloadName = try parsed.string("--workload") ?? "steady"
        let format = try CommandInputs.textOrJSONFormat(parsed, command: "serve")
        let (presetName, service) = try CommandInputs.preset(parsed)
        let workload: WorkloadSpec
        do {
            workload = try WorkloadSpec.named(workloadName).overriding(
                rate: try parsed.int("--rate").map(Double.init),
                seed: try parsed.int("--seed").map { UInt64($0) }
            )
        } catch let error as WorkloadsError {
            throw PerfGateCLIError.usage(error.message)
        }
        let duration = try parsed.double("--duration").map(CommandInputs.duration(seconds:))
        let faults = try faults(parsed)
        let webhook = try alertWebhook(parsed)
        if webhook == nil, try parsed.isSpecified("--alert-repeat") {
            throw PerfGateCLIError.usage(
                "'--alert-repeat' goes with --alert-webhook; give the webhook's URL, or leave it out."
            )
        }
        let repeatInterval = Duration.milliseconds(
            Int64(((try parsed.double("--alert-repeat") ?? 60) * 1000).rounded())
        )
        let server = HTTPServerConfiguration(
            host: try parsed.string("--bind") ?? "127.0.0.1",
            port: try parsed.int("--port") ?? 9464
        )

        let log = try openLog(try parsed.string("--log"))
        defer { if let log { close(log) } }
        let sink: any MonitorEventSink =
            log.map { JSONLinesSink(fileDescriptor: $0) } ?? TextSinkEvents(parsed.standardError)

        let live: LiveService
        do {
            live = try LiveService(
                configuration: LiveServiceConfiguration(
                    presetName: presetName,
                    service: service,
                    workload: workload,
                    duration: duration,
                    server: server,
                    eventSink: sink,
                    faults: faults,
                    alertWebhook: webhook,
                    alertRepeatInterval: repeatInterval
                )
            )
        } catch {
            switch error.code {
            case .servePortInUse, .serveAddressUnavailable, .servePermissionDenied:
                // A one-line usage error: the fix is another --port or --bind, not the syntax.
                parsed.standardError.writeLine("Error: \(error.description)")
                return ExitCode.usage.rawValue
            case .serveInvalidAddress, .serveWorkload, .serveAlertWebhook:
                throw PerfGateCLIError.usage(error.message)
            default:
                throw error
            }
        }
        if !server.isLoopbackOnly {
            parsed.standardError.writeLine(
                "Warning: serving on \(live.authority), reachable from other machines; the endpoints have no "
                    + "authentication."
            )
        }
        let until = duration.map { "for \(NumberFormat.summary.format($0.seconds)) s or until" } ?? "until"
        parsed.standardError.writeLine(
            "perfgate serve: listening on http://\(live.authority) (GET / for the dashboard, /metrics, /summary, /history, /healthz)"
        )
        parsed.standardError.writeLine(
            "perfgate serve: driving \(presetName)/\(workload.name)"
                + (workload.nominalRate.map { " at \(NumberFormat.summary.format($0)) req/s" } ?? "")
                + " \(until) SIGINT/SIGTERM; JSON lines to \(log == nil ? "standard error" : "the log file")"
        )

        let watcher = SignalWatcher { signal, count in
            if count > 1 {
                parsed.standardError.writeLine("perfgate serve: \(signal) again; exiting without draining.")
                exit(130)
            }
            parsed.standardError.writeLine(
                "perfgate serve: \(signal) received; stopping the load and draining (again to quit at once)."
            )
            live.requestStop()
        }
        defer { watcher.remove() }
        let outcome = try await live.run()

        let report = ServeReport(configuration: live.configuration, monitor: live.monitor)
        parsed.standardOutput.write(format == .json ? report.json(outcome) : report.text(outcome))
        return ExitCode.success.rawValue
    }

    /// The faults of `--slowdown` (in its window `--slowdown-at`, `--slowdown-for`), `--stall-at`
    /// with `--stall-for`, and `--error-rate`, timed from the start of the run.
    static func faults(_ parsed: ParsedArguments) throws -> FaultInjection {
        let slowdown = try parsed.double("--slowdown")
        if slowdown == nil {
            for option in ["--slowdown-at", "--slowdown-for"] where try parsed.isSpecified(option) {
                throw PerfGateCLIError.usage(
                    "'\(option)' times the slowdown of --slowdown; give --slowdown PERCENT too, or leave it out."
                )
            }
        }
        return FaultInjection(
            slowdownPercent: slowdown ?? 0,
            slowdownStart: CommandInputs.duration(seconds: try parsed.double("--slowdown-at") ?? 0),
            slowdownLength: try parsed.double("--slowdown-for").map(CommandInputs.duration(seconds:)),
            stall: try DriveCommand.stall(parsed),
            errorRate: try parsed.double("--error-rate") ?? 0
        )
    }

    /// The URL of `--alert-webhook`: `http://host:port/path` only.
    static func alertWebhook(_ parsed: ParsedArguments) throws -> HTTPURL? {
        guard let text = try parsed.string("--alert-webhook") else { return nil }
        do {
            return try HTTPURL(text)
        } catch {
            throw PerfGateCLIError.usage("'--alert-webhook \(text)': \(error.message)")
        }
    }

    /// Opens the JSON-lines log for appending, or returns nil when there is none.
    static func openLog(_ path: String?) throws -> Int32? {
        guard let path else { return nil }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PerfGateCLIError.usage(
                "Cannot open the log file '\(path)' for appending (\(String(cString: strerror(errno)))); "
                    + "give a writable path with --log."
            )
        }
        return descriptor
    }
}

/// Writes the monitor's events as JSON lines to a text sink (standard error, or a capture in tests).
private struct TextSinkEvents: MonitorEventSink {
    let sink: TextSink

    init(_ sink: TextSink) {
        self.sink = sink
    }

    func emit(_ event: MonitorEvent) {
        sink.writeLine(event.jsonLine)
    }
}

/// Turns SIGINT and SIGTERM into calls of a handler, on a dispatch queue, for as long as it is installed.
///
/// The signals' default action (ending the process) is turned off while it is installed and
/// restored by ``remove()``; the handler gets the signal's name and how many have arrived so far.
private final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]
    private static let watched: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]

    init(_ handler: @escaping @Sendable (String, Int) -> Void) {
        let count = Count()
        sources = Self.watched.map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                handler(name, count.value.add(1, ordering: .relaxed).newValue)
            }
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals their default action back.
    func remove() {
        for source in sources { source.cancel() }
        for (number, _) in Self.watched { signal(number, SIG_DFL) }
    }

    private final class Count: Sendable {
        let value = Atomic(0)
    }
}
