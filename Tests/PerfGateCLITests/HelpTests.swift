import Testing

@testable import PerfGateCLI

@Suite struct HelpTests {
    static let rootHelp = """
        OVERVIEW: A demonstration tool.

        USAGE: demo <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          run                     Run the thing.
          group                   A group.

          See 'demo help <subcommand>' for detailed help.

        """

    static let runHelp = """
        OVERVIEW: Run the thing.

        Runs it twice.

        USAGE: demo run <input> [--rounds <n>] [--format <format>] [--a-very-long-option-name <value>] \
        [--ratio <x>] [--quick]

        ARGUMENTS:
          <input>                 The input file.

        OPTIONS:
          --rounds <n>            The number of rounds. (default: 5)
          --format <format>       The output format. (values: text, json; default: text)
          --a-very-long-option-name <value>
                                  Shows how a long label wraps.
          --ratio <x>             A fraction.
          --quick                 Go fast.
          -h, --help              Show help information.


        """

    @Test func rootHelpFollowsArgumentParserLayout() async {
        let result = await invoke(["--help"], commands: DemoTool.tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == Self.rootHelp)
        #expect(result.standardError.isEmpty)
    }

    @Test func subcommandHelpListsArgumentsOptionsDefaultsAndValues() async {
        let result = await invoke(["run", "--help"], commands: DemoTool.tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == Self.runHelp)
    }

    @Test(arguments: [["run", "-h"], ["help", "run"], ["run", "x", "--bogus", "--help"], ["help", "run", "--help"]])
    func everyWayOfAskingGivesTheSameHelp(arguments: [String]) async {
        let result = await invoke(arguments, commands: DemoTool.tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == Self.runHelp)
        #expect(result.standardError.isEmpty)
    }

    @Test(arguments: [[], ["help"], ["-h"]])
    func bareRootPrintsRootHelpAndSucceeds(arguments: [String]) async {
        let result = await invoke(arguments, commands: DemoTool.tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == Self.rootHelp)
    }

    @Test func bareGroupPrintsItsHelpAndSucceeds() async {
        let expected = """
            OVERVIEW: A group.

            USAGE: demo group <subcommand>

            OPTIONS:
              -h, --help              Show help information.

            SUBCOMMANDS:
              leaf                    A leaf.

              See 'demo help group <subcommand>' for detailed help.

            """
        let bare = await invoke(["group"], commands: DemoTool.tool)
        #expect(bare.exitCode == 0)
        #expect(bare.standardOutput == expected)
        #expect(await invoke(["help", "group"], commands: DemoTool.tool).standardOutput == expected)
    }

    @Test func nestedHelpNamesTheWholePath() async {
        let result = await invoke(["help", "group", "leaf"], commands: DemoTool.tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("OVERVIEW: A leaf.\n\nUSAGE: demo group leaf\n"))
        #expect(
            await invoke(["group", "leaf", "--help"], commands: DemoTool.tool).standardOutput == result.standardOutput
        )
    }

    @Test func versionPrintsToolNameAndVersion() async {
        let demo = await invoke(["--version"], commands: DemoTool.tool)
        #expect(demo.exitCode == 0)
        #expect(demo.standardOutput == "demo 1.2.3\n")
        let real = await invoke(["--version"])
        #expect(real.standardOutput == "perfgate \(PerfGateVersion.current)\n")
        #expect(PerfGateVersion.current == "0.1.0")
    }

    @Test func versionIsOfferedOnlyOnTheRoot() async {
        let help = await invoke(["run", "--help"], commands: DemoTool.tool)
        #expect(!help.standardOutput.contains("--version"))
        let result = await invoke(["run", "in", "--version"], commands: DemoTool.tool)
        #expect(result.exitCode == 64)
    }

    @Test func helpWrapsLongDescriptionsUnderTheDescriptionColumn() async {
        let narrow = Terminal(columns: 50)
        let result = await invoke(["run", "--help"], commands: DemoTool.tool, terminal: narrow)
        #expect(
            result.standardOutput.contains(
                """
                  --format <format>       The output format.
                                          (values: text, json;
                                          default: text)
                """
            )
        )
    }

    @Test func realToolHelpListsEveryCommandOfTheDesign() async {
        let help = await invoke([]).standardOutput
        #expect(help.hasPrefix("OVERVIEW: "))
        #expect(help.contains("\nUSAGE: perfgate <subcommand>\n"))
        for name in ["drive", "run", "check", "compare", "baseline", "presets", "list", "serve"] {
            #expect(help.contains("\n  \(name) "), "missing \(name)")
        }
        #expect(help.contains("64 usage error"))
        #expect(help.hasSuffix("  See 'perfgate help <subcommand>' for detailed help.\n"))
    }

    @Test func realRunHelpShowsTheDesignedOptions() async {
        let help = await invoke(["help", "run"]).standardOutput
        #expect(
            help.contains(
                "USAGE: perfgate run [--suite <name-or-path>] [--quick] [--rounds <n>] [--output <file>] "
                    + "[--format <format>] [--slowdown <percent>]\n"
            )
        )
        #expect(help.contains("  --format <format>       The output format. (values: text, json, markdown,\n"))
    }

    @Test func usageCollapsesOptionsWhenThereAreMoreThanTwelve() async {
        let many = (1...13).map { ArgumentDefinition.flag("--f\($0)", help: "Flag \($0).") }
        let command = Command("wide", abstract: "Wide.", arguments: [.positional("in", help: "In.")] + many) { _ in 0 }
        let renderer = HelpRenderer(stack: [Command("t", abstract: "T.", subcommands: [command]), command])
        #expect(renderer.synopsis == "t wide [<options>] <in>")
    }
}
