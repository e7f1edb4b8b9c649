import Foundation
import PerfGate
import StreamService

/// Arguments that `drive` and `serve` read the same way.
enum CommandInputs {
    /// `--format`, which these commands accept only as text or json.
    static func textOrJSONFormat(_ parsed: ParsedArguments, command: String) throws -> ReportFormat {
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        guard format == .text || format == .json else {
            throw PerfGateCLIError.usage(
                "'perfgate \(command)' prints text or json; '--format \(format.rawValue)' is for comparison reports."
            )
        }
        return format
    }

    /// `--preset` (balanced when absent) and its configuration; an unknown name is a usage error.
    static func preset(_ parsed: ParsedArguments) throws -> (name: String, configuration: OptimizationConfig) {
        let name = try parsed.string("--preset") ?? "balanced"
        do {
            return (name, try OptimizationConfig.preset(named: name))
        } catch {
            throw PerfGateCLIError.usage(error.message)
        }
    }

    /// A number of seconds from the command line as a `Duration`, to the millisecond.
    static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The path of the running perfgate, which drives both arms of a suite that starts the user's
    /// service.
    static func runningExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
