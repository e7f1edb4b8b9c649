/// A whole tool: the root command, whose name is the tool's name, and the version `--version` prints.
public struct CommandSet: Sendable {
    /// The root command; its subcommands are the tool's commands.
    public var root: Command
    /// The version printed by `--version` after the tool's name.
    public var version: String

    /// Creates a tool.
    ///
    /// - Parameters:
    ///   - root: The root command.
    ///   - version: The version `--version` prints.
    public init(root: Command, version: String) {
        self.root = root
        self.version = version
    }

    /// The command at a path of names below the root, such as `["baseline", "update"]`.
    public func command(at path: [String]) -> Command? {
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
    public func declarationProblems() -> [String] {
        var problems: [String] = []
        func check(_ command: Command, path: String) {
            if command.isGroup {
                if !command.arguments.isEmpty {
                    problems.append("The group '\(path)' declares arguments; only leaf commands may.")
                }
                if command.handler != nil {
                    problems.append("The group '\(path)' has a handler that can never run.")
                }
                var seen: Set<String> = []
                for subcommand in command.subcommands {
                    if !seen.insert(subcommand.name).inserted {
                        problems.append("The group '\(path)' declares the subcommand '\(subcommand.name)' twice.")
                    }
                    check(subcommand, path: path + " " + subcommand.name)
                }
                return
            }
            if command.handler == nil {
                problems.append("The command '\(path)' has no handler.")
            }
            var names: Set<String> = []
            var sawOptionalPositional = false
            for argument in command.arguments {
                if !names.insert(argument.name).inserted {
                    problems.append("The command '\(path)' declares '\(argument.name)' twice.")
                }
                switch argument.kind {
                case .option, .flag:
                    let body = argument.name.dropFirst(2)
                    if !argument.name.hasPrefix("--") || body.isEmpty || body.hasPrefix("-") || body.contains("=") {
                        problems.append(
                            "The command '\(path)' names an option '\(argument.name)'; names are '--' and a word."
                        )
                    }
                    if ["--help", "--version"].contains(argument.name) {
                        problems.append("The command '\(path)' redeclares the built-in '\(argument.name)'.")
                    }
                case .positional:
                    if argument.isRequired && sawOptionalPositional {
                        problems.append(
                            "The command '\(path)' puts the required argument '<\(argument.name)>' after an optional one."
                        )
                    }
                    sawOptionalPositional = sawOptionalPositional || !argument.isRequired
                }
                if let value = argument.defaultValue, argument.valueType.problem(with: value) != nil {
                    problems.append(
                        "The command '\(path)' gives '\(argument.name)' the default '\(value)', which its type rejects."
                    )
                }
            }
        }
        check(root, path: root.name)
        return problems
    }
}
