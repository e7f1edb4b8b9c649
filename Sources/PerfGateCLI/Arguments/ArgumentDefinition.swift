/// One thing a command accepts: a positional argument, an option with a value, or a flag.
///
/// Build them with the static factories, in the order they should appear in usage and help:
/// ```swift
/// .positional("current", help: "The result file to judge.")
/// .option("--rounds", value: "n", type: .integer(in: 1...1_000), help: "The number of measured rounds.")
/// .flag("--quick", help: "Run fewer, shorter rounds.")
/// ```
struct ArgumentDefinition: Sendable, Equatable {
    /// How the argument appears on the command line.
    enum Kind: Sendable, Equatable {
        /// A bare value, matched by position: `perfgate compare a.json b.json`.
        case positional
        /// A name followed by a value: `--rounds 5` or `--rounds=5`.
        case option
        /// A name on its own: `--quick`.
        case flag
    }

    /// How the argument appears on the command line.
    var kind: Kind
    /// The long name with its dashes (`--rounds`) for options and flags; the value name for positionals.
    var name: String
    /// The placeholder shown in angle brackets in usage and help: `n` in `--rounds <n>`.
    var valueName: String
    /// One line of help.
    var help: String
    /// The value used when the argument is absent, shown in help as `(default: …)`.
    var defaultValue: String?
    /// What the value must look like.
    var valueType: ValueType
    /// Whether the command line must give the argument.
    var isRequired: Bool
    /// Whether an option may be given more than once, each value kept (see
    /// ``ParsedArguments/strings(_:)``), rather than the last winning.
    var isRepeatable = false

    /// A bare value matched by position.
    ///
    /// - Parameters:
    ///   - valueName: The placeholder shown as `<valueName>`, also the name to read it by.
    ///   - type: What the value must look like.
    ///   - isOptional: Whether the value may be left out; optional positionals come after required ones.
    ///   - defaultValue: The value used when it is left out.
    ///   - help: One line of help.
    static func positional(
        _ valueName: String,
        type: ValueType = .string,
        isOptional: Bool = false,
        default defaultValue: String? = nil,
        help: String
    ) -> ArgumentDefinition {
        ArgumentDefinition(
            kind: .positional,
            name: valueName,
            valueName: valueName,
            help: help,
            defaultValue: defaultValue,
            valueType: type,
            isRequired: !isOptional && defaultValue == nil
        )
    }

    /// A long name followed by a value, as `--name value` or `--name=value`; given twice, the last
    /// wins, unless `repeatable`, when every value is kept in order.
    ///
    /// - Parameters:
    ///   - name: The long name with its two dashes, such as `--rounds`.
    ///   - valueName: The placeholder shown as `<valueName>`.
    ///   - type: What the value must look like.
    ///   - defaultValue: The value used when the option is absent.
    ///   - isRequired: Whether the option must be given.
    ///   - help: One line of help.
    static func option(
        _ name: String,
        value valueName: String,
        type: ValueType = .string,
        default defaultValue: String? = nil,
        isRequired: Bool = false,
        repeatable: Bool = false,
        help: String
    ) -> ArgumentDefinition {
        var definition = ArgumentDefinition(
            kind: .option,
            name: name,
            valueName: valueName,
            help: help,
            defaultValue: defaultValue,
            valueType: type,
            isRequired: isRequired
        )
        definition.isRepeatable = repeatable
        return definition
    }

    /// A long name on its own that switches something on.
    ///
    /// - Parameters:
    ///   - name: The long name with its two dashes, such as `--quick`.
    ///   - help: One line of help.
    static func flag(_ name: String, help: String) -> ArgumentDefinition {
        ArgumentDefinition(
            kind: .flag,
            name: name,
            valueName: "",
            help: help,
            defaultValue: nil,
            valueType: .string,
            isRequired: false
        )
    }

    /// The argument as help lists it: `--rounds <n>`, `--quick` or `<current>`.
    var label: String {
        switch kind {
        case .positional: "<\(valueName)>"
        case .option: "\(name) <\(valueName)>"
        case .flag: name
        }
    }

    /// The argument as usage shows it, in brackets when it may be left out.
    var synopsis: String {
        isRequired ? label : "[\(label)]"
    }

    /// The help line with the allowed values and the default appended, as swift-argument-parser does.
    var helpWithValues: String {
        let values = valueType.allowedValues
        let note: String
        switch (values.isEmpty, defaultValue) {
        case (true, nil): note = ""
        case (false, nil): note = "(values: \(values.joined(separator: ", ")))"
        case (true, let value?): note = "(default: \(value))"
        case (false, let value?): note = "(values: \(values.joined(separator: ", ")); default: \(value))"
        }
        return [help, note].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
