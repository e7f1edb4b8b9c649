/// What runs a command: it reads the parsed arguments, writes to the sinks they carry and returns the exit
/// code (an ``ExitCode`` raw value).
///
/// Throwing a usage error from `PerfGateCLIError.usage(_:)` prints it in the three-line usage format and
/// exits 64; `PerfGateCLIError.malformedInput(_:)` prints one line and exits 65; any other error prints
/// `Error: …` and exits 1.
typealias CommandHandler = @Sendable (ParsedArguments) async throws -> Int32

/// A command of the `perfgate` tool: its name, its help, what it accepts, and either subcommands or a handler.
///
/// A leaf command has arguments and a handler; a group has subcommands and prints its help when run bare.
/// ```swift
/// Command(
///     "compare",
///     abstract: "Compare two result files.",
///     arguments: [
///         .positional("current", help: "The result to judge."),
///         .positional("baseline", help: "The result to judge it against."),
///         .option("--format", value: "format", type: .choice(of: ReportFormat.self), default: "text", help: "…"),
///     ]
/// ) { parsed in
///     let current = try parsed.positional(0)
///     …
///     return ExitCode.success.rawValue
/// }
/// ```
struct Command: Sendable {
    /// The word that selects the command, such as `run`.
    var name: String
    /// One line saying what the command does, shown after `OVERVIEW:` and in the parent's subcommand list.
    var abstract: String
    /// Further paragraphs for the command's own help, after the abstract.
    var discussion: String
    /// What the command accepts, in the order usage and help list them.
    var arguments: [ArgumentDefinition]
    /// The commands under this one; a command with subcommands is a group.
    var subcommands: [Command]
    /// What runs the command; `nil` for a group.
    var handler: CommandHandler?

    /// Creates a command.
    ///
    /// - Parameters:
    ///   - name: The word that selects the command.
    ///   - abstract: One line saying what the command does.
    ///   - discussion: Further paragraphs for the command's own help.
    ///   - arguments: What the command accepts, in the order usage and help list them.
    ///   - subcommands: The commands under this one.
    ///   - handler: What runs the command; leave it out for a group.
    init(
        _ name: String,
        abstract: String,
        discussion: String = "",
        arguments: [ArgumentDefinition] = [],
        subcommands: [Command] = [],
        run handler: CommandHandler? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.subcommands = subcommands
        self.handler = handler
    }

    /// Whether the command only groups subcommands.
    var isGroup: Bool {
        !subcommands.isEmpty
    }

    /// The positional arguments, in order.
    var positionals: [ArgumentDefinition] {
        arguments.filter { $0.kind == .positional }
    }

    /// The subcommand with the given name.
    func subcommand(named name: String) -> Command? {
        subcommands.first { $0.name == name }
    }

    /// The option, flag or positional with the given name.
    func argument(named name: String) -> ArgumentDefinition? {
        arguments.first { $0.name == name }
    }

    /// A copy of the command whose handler is replaced, for tests and for filling in the table.
    func replacingHandler(_ handler: @escaping CommandHandler) -> Command {
        var copy = self
        copy.handler = handler
        return copy
    }
}
