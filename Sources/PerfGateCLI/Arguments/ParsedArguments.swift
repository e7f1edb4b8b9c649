/// What the command line gave a command, with typed accessors, and the sinks and terminal the handler
/// writes through.
///
/// Read arguments by the name they were declared with: `--rounds` for an option or flag, the value name
/// (`current`) for a positional. An absent argument reads as its declared default, or `nil`.
/// ```swift
/// let suite = try parsed.string("--suite") ?? "default"
/// let rounds = try parsed.int("--rounds")
/// let isQuick = try parsed.flag("--quick")
/// let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
/// let current = try parsed.positional(0)
/// ```
/// Accessors throw a usage error (exit 64) for a value that does not convert, and an `undeclaredArgument`
/// error (exit 1) for a name the command does not declare, which is a mistake in the table.
struct ParsedArguments: Sendable {
    /// The words that selected the command, starting with the tool: `["perfgate", "baseline", "update"]`.
    let commandPath: [String]
    /// The command that was selected.
    let command: Command
    /// Where the handler writes its report.
    let standardOutput: TextSink
    /// Where the handler writes errors, warnings and progress.
    let standardError: TextSink
    /// What the output streams are, for colour, progress and default formats.
    let terminal: Terminal

    var optionValues: [String: String]
    var flagNames: Set<String>
    /// The positional values in the order given.
    let positionals: [String]

    /// Creates parsed arguments; the parser does this, and tests of handlers may too.
    ///
    /// - Parameters:
    ///   - commandPath: The words that selected the command, starting with the tool.
    ///   - command: The command that was selected.
    ///   - options: The value given for each option, by name.
    ///   - flags: The names of the flags given.
    ///   - positionals: The positional values in order.
    ///   - standardOutput: Where the handler writes its report.
    ///   - standardError: Where the handler writes errors, warnings and progress.
    ///   - terminal: What the output streams are.
    init(
        commandPath: [String],
        command: Command,
        options: [String: String] = [:],
        flags: Set<String> = [],
        positionals: [String] = [],
        standardOutput: TextSink = .discarding,
        standardError: TextSink = .discarding,
        terminal: Terminal = Terminal()
    ) {
        self.commandPath = commandPath
        self.command = command
        self.optionValues = options
        self.flagNames = flags
        self.positionals = positionals
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.terminal = terminal
    }

    private var path: String {
        commandPath.joined(separator: " ")
    }

    func definition(_ name: String) throws(PerfGateCLIError) -> ArgumentDefinition {
        guard let argument = command.argument(named: name) else {
            throw .undeclared(name, in: path, as: "argument")
        }
        return argument
    }

    /// Whether the command line gave the argument, as opposed to it taking its default.
    func isSpecified(_ name: String) throws(PerfGateCLIError) -> Bool {
        let argument = try definition(name)
        switch argument.kind {
        case .flag: return flagNames.contains(name)
        case .option: return optionValues[name] != nil
        case .positional: return positionalValue(of: argument) != nil
        }
    }

    /// The value of an option or positional, or its default, or `nil` when it has neither.
    func string(_ name: String) throws(PerfGateCLIError) -> String? {
        let argument = try definition(name)
        switch argument.kind {
        case .flag:
            throw .undeclared(name, in: path, as: "option or argument")
        case .option:
            return optionValues[name] ?? argument.defaultValue
        case .positional:
            return positionalValue(of: argument) ?? argument.defaultValue
        }
    }

    /// Every value of a repeatable option, in the order given; empty when absent.
    func strings(_ name: String) throws(PerfGateCLIError) -> [String] {
        guard let text = try string(name) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The value as a whole number, checked against the declared range, or `nil` when absent.
    func int(_ name: String) throws(PerfGateCLIError) -> Int? {
        guard let text = try string(name) else { return nil }
        return try converted(text, name: name, type: .integer) { Int($0) }
    }

    /// The value as a finite number, checked against the declared range, or `nil` when absent.
    func double(_ name: String) throws(PerfGateCLIError) -> Double? {
        guard let text = try string(name) else { return nil }
        return try converted(text, name: name, type: .decimal) { Double($0) }
    }

    /// The value as a case of an enumeration whose raw values are the allowed words, or `nil` when absent.
    func choice<Choice: CaseIterable & RawRepresentable>(
        _ name: String,
        as type: Choice.Type = Choice.self
    ) throws(PerfGateCLIError) -> Choice? where Choice.RawValue == String {
        guard let text = try string(name) else { return nil }
        return try converted(text, name: name, type: .choice(of: type)) { Choice(rawValue: $0) }
    }

    /// Whether the flag was given.
    func flag(_ name: String) throws(PerfGateCLIError) -> Bool {
        let argument = try definition(name)
        guard argument.kind == .flag else {
            throw .undeclared(name, in: path, as: "flag")
        }
        return flagNames.contains(name)
    }

    /// The positional argument at an index among the declared positionals, or its default.
    ///
    /// Throws a usage error when it was not given and has no default, so an optional positional reads
    /// best through ``string(_:)``.
    func positional(_ index: Int) throws(PerfGateCLIError) -> String {
        let declared = command.positionals
        guard declared.indices.contains(index) else {
            throw .undeclared("#\(index)", in: path, as: "positional argument at index")
        }
        let argument = declared[index]
        guard let value = (positionals.indices.contains(index) ? positionals[index] : nil) ?? argument.defaultValue
        else {
            throw .missingArgument(argument)
        }
        return value
    }

    private func positionalValue(of argument: ArgumentDefinition) -> String? {
        guard let index = command.positionals.firstIndex(where: { $0.name == argument.name }),
            positionals.indices.contains(index)
        else { return nil }
        return positionals[index]
    }

    /// Checks the text against the declared type, or against the fallback type when the declaration is a
    /// plain string, then converts it.
    private func converted<Value>(
        _ text: String,
        name: String,
        type fallback: ValueType,
        _ convert: (String) -> Value?
    ) throws(PerfGateCLIError) -> Value {
        let argument = try definition(name)
        let type = argument.valueType == .string ? fallback : argument.valueType
        if let problem = type.problem(with: text) ?? fallback.problem(with: text) {
            throw .invalidValue(text, for: argument, problem: problem)
        }
        guard let value = convert(text) else {
            throw .invalidValue(text, for: argument, problem: fallback.problem(with: text) ?? "")
        }
        return value
    }
}
