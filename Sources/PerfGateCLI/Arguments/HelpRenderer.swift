/// Writes help, usage and usage errors for a command in swift-argument-parser's layout.
///
/// ```
/// OVERVIEW: Run a suite and write a result JSON.
///
/// USAGE: perfgate run [--suite <name>] [--quick] [--rounds <n>] [--output <file>] [--format <format>]
///
/// OPTIONS:
///   --suite <name>          The suite to run: a name under Benchmarks/ or a path. (default: default)
///   -h, --help              Show help information.
///
/// ```
struct HelpRenderer {
    /// The indent of every entry in a section.
    static let entryIndent = 2
    /// The column where an entry's description starts.
    static let labelColumnWidth = 26
    /// Above this many arguments, usage keeps only the required ones, as swift-argument-parser does.
    static let maximumUsageArguments = 12

    /// The commands from the root to the one described.
    let stack: [Command]
    /// The width to wrap to.
    let screenWidth: Int

    init(stack: [Command], screenWidth: Int = Terminal.defaultColumns) {
        self.stack = stack
        self.screenWidth = max(screenWidth, Self.labelColumnWidth + 10)
    }

    private var command: Command? {
        stack.last
    }

    /// The names from the root to the command: `perfgate baseline update`.
    var commandPath: String {
        stack.map(\.name).joined(separator: " ")
    }

    /// The synopsis after `USAGE:`.
    var synopsis: String {
        guard let command else { return "" }
        if command.isGroup { return commandPath + " <subcommand>" }
        var arguments = command.arguments
        if arguments.count > Self.maximumUsageArguments {
            arguments = arguments.filter { $0.kind == .positional || $0.isRequired }
            guard !arguments.isEmpty, arguments.count <= Self.maximumUsageArguments else {
                return commandPath + " <options>"
            }
            return ([commandPath, "[<options>]"] + arguments.map(\.synopsis)).joined(separator: " ")
        }
        return ([commandPath] + arguments.map(\.synopsis)).joined(separator: " ")
    }

    /// The three lines that report a usage error, each ending in a newline.
    func usageError(_ error: PerfGateCLIError) -> String {
        """
        Error: \(error.description)
        Usage: \(synopsis)
          See '\(commandPath) --help' for more information.

        """
    }

    /// The whole help text, ending in a newline.
    ///
    /// Like swift-argument-parser's output through `print`, a command without subcommands ends with an
    /// empty line, and a group ends with the pointer to `help <subcommand>`.
    func help() -> String {
        guard let command else { return "" }
        var overview = command.abstract
        if !command.discussion.isEmpty {
            if !overview.isEmpty { overview += "\n" }
            overview += "\n" + command.discussion
        }
        var text = ""
        if !overview.isEmpty {
            text += "OVERVIEW: \(overview)".wrapped(to: screenWidth) + "\n\n"
        }
        text += "USAGE: \(synopsis)\n\n"
        text += sections(for: command).joined(separator: "\n")
        if command.isGroup {
            var names = stack.map(\.name)
            names.insert(CommandParser.helpCommandName, at: 1)
            text += "\n  See '\(names.joined(separator: " ")) <subcommand>' for detailed help."
        }
        return text + "\n"
    }

    private func sections(for command: Command) -> [String] {
        var positionals: [(String, String)] = []
        var options: [(String, String)] = []
        for argument in command.arguments {
            let entry = (argument.label, argument.helpWithValues)
            if argument.kind == .positional {
                positionals.append(entry)
            } else {
                options.append(entry)
            }
        }
        if stack.count == 1 {
            options.append((CommandParser.versionName, "Show the version."))
        }
        options.append(("-h, --help", "Show help information."))
        let subcommands = command.subcommands.map { ($0.name, $0.abstract) }
        return [
            section("ARGUMENTS", positionals),
            section("OPTIONS", options),
            section("SUBCOMMANDS", subcommands),
        ].filter { !$0.isEmpty }
    }

    private func section(_ title: String, _ entries: [(label: String, abstract: String)]) -> String {
        guard !entries.isEmpty else { return "" }
        return "\(title):\n" + entries.map { entry($0.label, $0.abstract) }.joined()
    }

    /// One entry: the label indented by two, the description from column 26 (or on the next line when the
    /// label reaches it), wrapped with the same indent.
    private func entry(_ label: String, _ abstract: String) -> String {
        let paddedLabel = String(repeating: " ", count: Self.entryIndent) + label
        guard !abstract.isEmpty else { return paddedLabel + "\n" }
        let wrapped = abstract.wrapped(to: screenWidth, indent: Self.labelColumnWidth)
        if paddedLabel.count < Self.labelColumnWidth {
            return paddedLabel + wrapped.dropFirst(paddedLabel.count) + "\n"
        }
        return paddedLabel + "\n" + wrapped + "\n"
    }
}
