@testable import PerfGateCLI

/// The outcome of one in-process run of a tool.
struct Invocation {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs a tool in-process with captured output.
func invoke(
    _ arguments: [String],
    commands: CommandSet = CommandTable.perfgate,
    terminal: Terminal = Terminal()
) async -> Invocation {
    let output = TextCapture()
    let errors = TextCapture()
    let code = await PerfGateCommandLine.run(
        arguments: arguments,
        commands: commands,
        standardOutput: output.sink,
        standardError: errors.sink,
        terminal: terminal
    )
    return Invocation(exitCode: code, standardOutput: output.text, standardError: errors.text)
}

/// A small tool whose handler echoes what it parsed, so tests see the values the parser produced.
enum DemoTool {
    static let run = Command(
        "run",
        abstract: "Run the thing.",
        discussion: "Runs it twice.",
        arguments: [
            .positional("input", help: "The input file."),
            .option("--rounds", value: "n", type: .integer(in: 1...100), default: "5", help: "The number of rounds."),
            .option(
                "--format",
                value: "format",
                type: .choice(["text", "json"]),
                default: "text",
                help: "The output format."
            ),
            .option("--a-very-long-option-name", value: "value", help: "Shows how a long label wraps."),
            .option("--ratio", value: "x", type: .decimal(in: 0...1), help: "A fraction."),
            .flag("--quick", help: "Go fast."),
        ]
    ) { parsed in
        let rounds = try parsed.int("--rounds").map(String.init) ?? "nil"
        let ratio = try parsed.double("--ratio").map { String($0) } ?? "nil"
        let long = try parsed.string("--a-very-long-option-name") ?? "nil"
        parsed.standardOutput.writeLine(
            "input=\(try parsed.positional(0)) rounds=\(rounds) format=\(try parsed.string("--format") ?? "nil") "
                + "quick=\(try parsed.flag("--quick")) ratio=\(ratio) long=\(long)"
        )
        return 0
    }

    static let leaf = Command("leaf", abstract: "A leaf.") { parsed in
        parsed.standardOutput.writeLine("leaf ran")
        return 7
    }

    static let tool = CommandSet(
        root: Command(
            "demo",
            abstract: "A demonstration tool.",
            subcommands: [run, Command("group", abstract: "A group.", subcommands: [leaf])]
        ),
        version: "1.2.3"
    )
}
