#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `perfgate` command line: parses the arguments, runs the subcommand and exits with its code.
///
/// ``main()`` is the whole executable; ``run(arguments:commands:standardOutput:standardError:terminal:)`` is
/// the same thing without the process around it, so tests check output and exit codes in-process.
///
/// Behaviour, copied from swift-argument-parser:
/// - `perfgate`, `perfgate baseline` and `perfgate presets` (a bare command group) print their help to
///   standard output and exit 0, as argument-parser does for a command without a `run()` of its own.
/// - `-h`/`--help` on any command and `perfgate help <subcommand>` print help and exit 0;
///   `perfgate --version` prints `perfgate <version>` and exits 0.
/// - A command-line mistake prints `Error: …`, `Usage: …` and `  See '… --help' for more information.` to
///   standard error and exits 64. Nothing but help, the version and a handler's report goes to standard
///   output.
public enum PerfGateCommandLine {
    /// Runs `perfgate` with the process arguments and exits with the documented exit code.
    public static func main() async -> Never {
        let code = await run(
            arguments: Array(CommandLine.arguments.dropFirst()),
            commands: CommandTable.perfgate,
            standardOutput: .standardOutput,
            standardError: .standardError,
            terminal: .current()
        )
        exit(code)
    }

    /// Parses the arguments, runs the selected command and returns the exit code.
    ///
    /// - Parameters:
    ///   - arguments: The words after the tool's name.
    ///   - commands: The tool's commands.
    ///   - standardOutput: Where help, the version and reports go.
    ///   - standardError: Where errors, warnings and progress go.
    ///   - terminal: What the output streams are; its width wraps help.
    /// - Returns: The exit code, one of the ``ExitCode`` values unless a handler returns another.
    static func run(
        arguments: [String],
        commands: CommandSet,
        standardOutput: TextSink,
        standardError: TextSink,
        terminal: Terminal = Terminal()
    ) async -> Int32 {
        let parser = CommandParser(commands: commands)
        switch parser.parse(arguments) {
        case .help(let stack):
            standardOutput.write(HelpRenderer(stack: stack, screenWidth: terminal.columns).help())
            return ExitCode.success.rawValue
        case .version:
            standardOutput.writeLine("\(commands.root.name) \(commands.version)")
            return ExitCode.success.rawValue
        case .failure(let error, let stack):
            standardError.write(HelpRenderer(stack: stack, screenWidth: terminal.columns).usageError(error))
            return ExitCode.usage.rawValue
        case .run(let stack, let values):
            guard let command = stack.last, let handler = command.handler else {
                standardOutput.write(HelpRenderer(stack: stack, screenWidth: terminal.columns).help())
                return ExitCode.success.rawValue
            }
            let parsed = ParsedArguments(
                commandPath: stack.map(\.name),
                command: command,
                options: values.options,
                flags: values.flags,
                positionals: values.positionals,
                standardOutput: standardOutput,
                standardError: standardError,
                terminal: terminal
            )
            do {
                return try await handler(parsed)
            } catch let error as PerfGateCLIError where error.isUsageError {
                standardError.write(HelpRenderer(stack: stack, screenWidth: terminal.columns).usageError(error))
                return ExitCode.usage.rawValue
            } catch let error as PerfGateCLIError {
                standardError.writeLine("Error: \(error.description)")
                return error.exitCode.rawValue
            } catch {
                standardError.writeLine("Error: \(error)")
                return ExitCode.failure.rawValue
            }
        }
    }
}

/// The version of the `perfgate` tool, printed by `perfgate --version`.
enum PerfGateVersion {
    /// The current version, following semantic versioning.
    static let current = "0.1.0"
}
