import Testing

@testable import PerfGateCLI

@Suite struct CommandTableTests {
    @Test func theRealTableHasNoDeclarationMistakes() async {
        #expect(CommandTable.perfgate.declarationProblems() == [])
    }

    @Test func declarationMistakesAreFound() async {
        let bad = CommandSet(
            root: Command(
                "t",
                abstract: "T.",
                subcommands: [
                    Command(
                        "x",
                        abstract: "X.",
                        arguments: [
                            .positional("a", isOptional: true, help: "A."),
                            .positional("b", help: "B."),
                            .option("rounds", value: "n", help: "No dashes."),
                            .option("--n", value: "n", type: .integer(in: 1...3), default: "9", help: "Bad default."),
                            .flag("--n", help: "Twice."),
                            .flag("--help", help: "Built in."),
                        ]
                    ),
                    Command("y", abstract: "Y.", subcommands: [Command("z", abstract: "Z.") { _ in 0 }]) { _ in 0 },
                ]
            ),
            version: "1"
        )
        let problems = bad.declarationProblems()
        #expect(problems.count == 7, "\(problems)")
        #expect(problems.contains("The command 't x' has no handler."))
        #expect(problems.contains("The command 't x' declares '--n' twice."))
        #expect(problems.contains("The group 't y' has a handler that can never run."))
    }

    @Test(arguments: [
        (["drive"], ["--preset", "--workload", "--rate", "--duration", "--seed", "--format"]),
        (["run"], ["--suite", "--quick", "--rounds", "--output", "--format"]),
        (["check"], ["--suite", "--baseline", "--quick", "--format"]),
        (["compare"], ["current", "baseline", "--format"]),
        (["baseline", "update"], ["--from", "--suite"]),
        (["presets", "show"], ["name"]),
        (["presets", "validate"], ["file"]),
        (["list"], []),
        (
            ["serve"],
            ["--preset", "--workload", "--rate", "--duration", "--port", "--bind", "--log", "--seed", "--format"]
        ),
    ])
    func everyDesignedCommandDeclaresItsArguments(path: [String], names: [String]) throws {
        // DESIGN.md's arguments come first, in its order; commands may add options after them.
        let command = try #require(CommandTable.perfgate.command(at: path))
        #expect(Array(command.arguments.map(\.name).prefix(names.count)) == names)
        #expect(command.handler != nil)
    }

    @Test func formatsOfferEveryOutputFormat() async throws {
        let run = try #require(CommandTable.perfgate.command(at: ["run"]))
        #expect(
            run.argument(named: "--format")?.valueType.allowedValues == ["text", "json", "markdown", "junit", "html"]
        )
    }

    @Test func handlersCanBeReplacedOneByOne() async {
        var tool = CommandTable.perfgate
        if let index = tool.root.subcommands.firstIndex(where: { $0.name == "list" }) {
            tool.root.subcommands[index] = tool.root.subcommands[index].replacingHandler { parsed in
                parsed.standardOutput.writeLine("suites: default")
                return 0
            }
        }
        let result = await invoke(["list"], commands: tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "suites: default\n")
    }
}
