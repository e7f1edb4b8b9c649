/// A whole tool: the root command, whose name is the tool's name, and the version `--version` prints.
struct CommandSet: Sendable {
    /// The root command; its subcommands are the tool's commands.
    var root: Command
    /// The version printed by `--version` after the tool's name.
    var version: String

    /// Creates a tool.
    ///
    /// - Parameters:
    ///   - root: The root command.
    ///   - version: The version `--version` prints.
    init(root: Command, version: String) {
        self.root = root
        self.version = version
    }

    /// The command at a path of names below the root, such as `["baseline", "update"]`.
    func command(at path: [String]) -> Command? {
        var command = root
        for name in path {
            guard let next = command.subcommand(named: name) else { return nil }
            command = next
        }
        return command
    }

    /// Mistakes in the declarations, one sentence each; empty when the table is sound.
    ///
    /// Checks that option and flag names start with `--`, that names are unique within a command, that no
    /// required positional follows an optional one, that groups have no arguments or handler, that leaf
    /// commands have a handler, and that every default is a valid value.
    ///
    /// - Complexity: O(*n*) in the number of declared commands and arguments.
    func declarationProblems() -> [String] {
        problems(in: root, path: root.name)
    }

    private func problems(in command: Command, path: String) -> [String] {
        guard command.isGroup else { return problems(inLeaf: command, path: path) }
        var problems: [String] = []
        if !command.arguments.isEmpty {
            problems.append("The group '\(path)' declares arguments; only leaf commands may.")
        }
        if command.handler != nil {
            problems.append("The group '\(path)' has a handler that can never run.")
        }
        var names: Set<String> = []
        for subcommand in command.subcommands {
            if !names.insert(subcommand.name).inserted {
                problems.append("The group '\(path)' declares the subcommand '\(subcommand.name)' twice.")
            }
            problems += self.problems(in: subcommand, path: path + " " + subcommand.name)
        }
        return problems
    }

    private func problems(inLeaf command: Command, path: String) -> [String] {
        var problems: [String] = []
        if command.handler == nil {
            problems.append("The command '\(path)' has no handler.")
        }
        var names: Set<String> = []
        var sawOptionalPositional = false
        for argument in command.arguments {
            let name = argument.name
            if !names.insert(name).inserted {
                problems.append("The command '\(path)' declares '\(name)' twice.")
            }
            switch argument.kind {
            case .option, .flag:
                let body = name.dropFirst(2)
                if !name.hasPrefix("--") || body.isEmpty || body.hasPrefix("-") || body.contains("=") {
                    problems.append("The command '\(path)' names an option '\(name)'; names are '--' and a word.")
                }
                if [CommandParser.versionName, "--help"].contains(name) {
                    problems.append("The command '\(path)' redeclares the built-in '\(name)'.")
                }
            case .positional:
                if argument.isRequired && sawOptionalPositional {
                    problems.append(
                        "The command '\(path)' puts the required argument '<\(name)>' after an optional one."
                    )
                }
                sawOptionalPositional = sawOptionalPositional || !argument.isRequired
            }
            if let value = argument.defaultValue, argument.valueType.problem(with: value) != nil {
                problems.append("The command '\(path)' gives '\(name)' the default '\(value)', which its type rejects.")
            }
        }
        return problems
    }
}
