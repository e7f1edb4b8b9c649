import PerfSupport

/// Turns the words of a command line into the command to run and its values, or into a request for help,
/// the version, or a usage error.
///
/// The rules follow swift-argument-parser:
/// - Words select subcommands from the root down; `perfgate help baseline update` asks for the help of the
///   named command, and a bare group asks for its own help.
/// - `-h` or `--help` anywhere before `--` asks for the help of the command selected so far, even when other
///   words are wrong; `--version` on the root prints the version.
/// - Options take their value as `--name value` or `--name=value`; a following word that starts with `-`
///   is not taken as the value unless it is a number, so `--output --quick` reports a missing value.
/// - Everything after `--` is positional, and so is a lone `-`.
/// - Unknown options and subcommands suggest the closest known name by edit distance, by the one rule every
///   message uses (``Suggestion``): swift-argument-parser's fewer than four edits, fewer still for short names.
struct CommandParser {
    /// What the command line asks for.
    enum Outcome {
        /// Print the help of the last command in the stack.
        case help([Command])
        /// Print the version.
        case version
        /// Run the last command in the stack with the values.
        case run([Command], Values)
        /// Print the error with the usage of the last command in the stack.
        case failure(PerfGateCLIError, [Command])
    }

    /// The values given to a leaf command.
    struct Values: Equatable {
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
    }

    static let helpNames: Set<String> = ["-h", "--help"]
    static let versionName = "--version"
    static let helpCommandName = "help"

    let commands: CommandSet

    /// Parses the words after the tool's name.
    func parse(_ words: [String]) -> Outcome {
        var stack = [commands.root]
        var index = 0
        while let current = stack.last, current.isGroup {
            guard index < words.count else { return .help(stack) }
            let word = words[index]
            index += 1
            if Self.helpNames.contains(word) { return .help(stack) }
            if stack.count == 1 && word == Self.versionName { return .version }
            if stack.count == 1 && word == Self.helpCommandName {
                return helpCommand(Array(words[index...]))
            }
            if word.hasPrefix("-") {
                return .failure(unknownOption(word, in: stack), stack)
            }
            guard let subcommand = current.subcommand(named: word) else {
                return .failure(unknownSubcommand(word, in: stack), stack)
            }
            stack.append(subcommand)
        }
        let rest = Array(words[index...])
        if rest.prefix(while: { $0 != "--" }).contains(where: Self.helpNames.contains) {
            return .help(stack)
        }
        do {
            return .run(stack, try parseLeaf(rest, stack: stack))
        } catch {
            return .failure(error, stack)
        }
    }

    /// `perfgate help [subcommand…]`: the help of the named command; help flags among the words are ignored.
    private func helpCommand(_ words: [String]) -> Outcome {
        var stack = [commands.root]
        for word in words where !Self.helpNames.contains(word) {
            guard let current = stack.last else { break }
            if word.hasPrefix("-") {
                return .failure(unknownOption(word, in: stack), stack)
            }
            guard let subcommand = current.subcommand(named: word) else {
                return .failure(unknownSubcommand(word, in: stack), stack)
            }
            stack.append(subcommand)
        }
        return .help(stack)
    }

    private func parseLeaf(_ words: [String], stack: [Command]) throws(PerfGateCLIError) -> Values {
        guard let command = stack.last else { return Values() }
        let declaredPositionals = command.positionals
        var values = Values()
        var index = 0
        var isPastTerminator = false
        while index < words.count {
            let word = words[index]
            index += 1
            if !isPastTerminator && word == "--" {
                isPastTerminator = true
                continue
            }
            if isPastTerminator || word == "-" || !word.hasPrefix("-") {
                guard values.positionals.count < declaredPositionals.count else {
                    throw .unexpectedArgument(word)
                }
                let argument = declaredPositionals[values.positionals.count]
                try check(word, for: argument)
                values.positionals.append(word)
                continue
            }
            guard word.hasPrefix("--") else {
                // Short options other than -h do not exist; swift-argument-parser suggests nothing for them.
                throw .unknownOption(word, suggestion: nil)
            }
            let (name, inlineValue) = Self.split(word)
            guard let argument = command.argument(named: name), argument.kind != .positional else {
                throw unknownOption(name, in: stack)
            }
            switch argument.kind {
            case .flag:
                if let inlineValue { throw .unexpectedValue(inlineValue, for: name) }
                values.flags.insert(name)
            case .option:
                let value: String
                if let inlineValue {
                    guard !inlineValue.isEmpty else { throw .missingValue(for: argument) }
                    value = inlineValue
                } else {
                    guard index < words.count, Self.canBeValue(words[index]) else {
                        throw .missingValue(for: argument)
                    }
                    value = words[index]
                    index += 1
                }
                try check(value, for: argument)
                if argument.isRepeatable, let earlier = values.options[name] {
                    // Kept in one string, a line each: a value from the command line has no newline.
                    values.options[name] = earlier + "\n" + value
                } else {
                    values.options[name] = value
                }
            case .positional:
                break
            }
        }
        for argument in command.arguments where argument.isRequired {
            switch argument.kind {
            case .option where values.options[argument.name] == nil:
                throw .missingArgument(argument)
            case .positional:
                let position = declaredPositionals.firstIndex { $0.name == argument.name } ?? 0
                if position >= values.positionals.count { throw .missingArgument(argument) }
            default:
                break
            }
        }
        return values
    }

    private func check(_ value: String, for argument: ArgumentDefinition) throws(PerfGateCLIError) {
        if let problem = argument.valueType.problem(with: value) {
            throw .invalidValue(value, for: argument, problem: problem)
        }
    }

    /// `--name=value` into the name and the value; `--name` into the name and `nil`.
    static func split(_ word: String) -> (name: String, value: String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// Whether a word after an option may be its value: anything but another option, though negative
    /// numbers and a lone `-` are values.
    static func canBeValue(_ word: String) -> Bool {
        !word.hasPrefix("-") || word == "-" || Double(word) != nil
    }

    /// The options a command accepts, including the built-in ones, as swift-argument-parser lists them.
    static func optionNames(of stack: [Command]) -> [String] {
        var names = (stack.last?.arguments ?? []).filter { $0.kind != .positional }.map(\.name)
        if stack.count == 1 { names.append(versionName) }
        names.append("--help")
        return names
    }

    private func unknownOption(_ word: String, in stack: [Command]) -> PerfGateCLIError {
        let (name, _) = Self.split(word)
        guard name.hasPrefix("--") else { return .unknownOption(name, suggestion: nil) }
        let known = Self.optionNames(of: stack)
        // A word other tools use for the same thing beats a near spelling ('--host' is not '--port').
        if let synonym = Self.synonyms[name], known.contains(synonym) {
            return .unknownOption(name, suggestion: synonym)
        }
        return .unknownOption(name, suggestion: Suggestion.closest(to: name, among: known))
    }

    /// Options other tools spell differently, and ours: suggested whenever the command has ours.
    static let synonyms: [String: String] = [
        "--host": "--bind", "--address": "--bind", "--listen": "--bind", "--addr": "--bind",
        "--out": "--output", "--iterations": "--rounds", "--runs": "--rounds",
        "--baseline-ref": "--base", "--ref": "--base",
    ]

    private func unknownSubcommand(_ word: String, in stack: [Command]) -> PerfGateCLIError {
        var names = (stack.last?.subcommands ?? []).map(\.name)
        if stack.count == 1 { names.append(Self.helpCommandName) }
        // Subcommand names are short, and the allowance shrinks with them: 'rnu' finds 'run', 'foo' does not.
        return .unknownSubcommand(word, suggestion: Suggestion.closest(to: word, among: names))
    }
}
