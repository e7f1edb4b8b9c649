import Testing

@testable import PerfGateCLI

@Suite struct HandlerTests {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "The disk is full." }
    }

    static func tool(_ handler: @escaping CommandHandler) -> CommandSet {
        CommandSet(
            root: Command(
                "t",
                abstract: "T.",
                subcommands: [Command("go", abstract: "Go.", arguments: [.flag("--fast", help: "Fast.")], run: handler)]
            ),
            version: "1"
        )
    }

    @Test func usageErrorsThrownByAHandlerPrintWithUsageAndExit64() async {
        let tool = Self.tool { _ in throw PerfGateCLIError.usage("'--fast' cannot be used with a baseline.") }
        let result = await invoke(["go"], commands: tool)
        #expect(result.exitCode == 64)
        #expect(
            result.standardError == """
                Error: '--fast' cannot be used with a baseline.
                Usage: t go [--fast]
                  See 't go --help' for more information.

                """
        )
        #expect(result.standardOutput.isEmpty)
    }

    @Test func malformedInputExits65OnOneLine() async {
        let tool = Self.tool { _ in
            throw PerfGateCLIError.malformedInput("The suite file 'a.json' has no field 'scenarios'; add one.")
        }
        let result = await invoke(["go"], commands: tool)
        #expect(result.exitCode == 65)
        #expect(result.standardError == "Error: The suite file 'a.json' has no field 'scenarios'; add one.\n")
    }

    @Test func anyOtherErrorExits1OnOneLine() async {
        let result = await invoke(["go"], commands: Self.tool { _ in throw Unexpected() })
        #expect(result.exitCode == 1)
        #expect(result.standardError == "Error: The disk is full.\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func handlersSeeTheTerminalTheyWereGiven() async {
        let terminal = Terminal(isStandardOutputATerminal: true, environment: ["NO_COLOR": "1"], columns: 100)
        let tool = Self.tool { parsed in
            parsed.standardOutput.write("\(parsed.terminal == terminal) \(parsed.commandPath)")
            return 0
        }
        #expect(await invoke(["go"], commands: tool, terminal: terminal).standardOutput == "true [\"t\", \"go\"]")
    }
}
