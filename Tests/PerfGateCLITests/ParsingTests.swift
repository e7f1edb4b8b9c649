import Testing

@testable import PerfGateCLI

@Suite struct ParsingTests {
    @Test func optionsTakeValuesWithSpaceOrEqualsAndFlagsStandAlone() async {
        let spaced = await invoke(
            ["run", "in.json", "--rounds", "9", "--format", "json", "--quick"],
            commands: DemoTool.tool
        )
        #expect(spaced.exitCode == 0)
        #expect(spaced.standardOutput == "input=in.json rounds=9 format=json quick=true ratio=nil long=nil\n")
        let joined = await invoke(
            ["run", "--rounds=9", "--format=json", "in.json", "--ratio=0.25"],
            commands: DemoTool.tool
        )
        #expect(joined.standardOutput == "input=in.json rounds=9 format=json quick=false ratio=0.25 long=nil\n")
    }

    @Test func absentOptionsReadAsTheirDefaults() async {
        let result = await invoke(["run", "in.json"], commands: DemoTool.tool)
        #expect(result.standardOutput == "input=in.json rounds=5 format=text quick=false ratio=nil long=nil\n")
    }

    @Test func theLastOfARepeatedOptionWins() async {
        let result = await invoke(["run", "in", "--rounds", "2", "--rounds", "3"], commands: DemoTool.tool)
        #expect(result.standardOutput.contains("rounds=3 "))
    }

    @Test func wordsAfterTheTerminatorArePositional() async {
        let result = await invoke(["run", "--quick", "--", "--rounds"], commands: DemoTool.tool)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("input=--rounds rounds=5 "))
        #expect(result.standardOutput.contains("quick=true"))
    }

    @Test func aValueMayContainEqualsSigns() async {
        let result = await invoke(["run", "in", "--a-very-long-option-name=a=b"], commands: DemoTool.tool)
        #expect(result.standardOutput.hasSuffix("long=a=b\n"))
    }

    @Test func handlerExitCodeIsReturned() async {
        let result = await invoke(["group", "leaf"], commands: DemoTool.tool)
        #expect(result.exitCode == 7)
        #expect(result.standardOutput == "leaf ran\n")
    }

    /// Each misuse, the exact first line of its error, and the command whose usage follows.
    static let misuses: [(arguments: [String], error: String, command: String)] = [
        (["run", "in", "--rouns", "3"], "Unknown option '--rouns'. Did you mean '--rounds'?", "run"),
        (["run", "in", "--qiuck"], "Unknown option '--qiuck'. Did you mean '--quick'?", "run"),
        (["run", "in", "--frobnicate"], "Unknown option '--frobnicate'.", "run"),
        (["run", "in", "-q"], "Unknown option '-q'.", "run"),
        (["--verison"], "Unknown option '--verison'. Did you mean '--version'?", ""),
        (["rnu"], "Unknown subcommand 'rnu'. Did you mean 'run'?", ""),
        (["gruop", "leaf"], "Unknown subcommand 'gruop'. Did you mean 'group'?", ""),
        (["hepl"], "Unknown subcommand 'hepl'. Did you mean 'help'?", ""),
        (["frobnicate"], "Unknown subcommand 'frobnicate'.", ""),
        (["group", "lef"], "Unknown subcommand 'lef'. Did you mean 'leaf'?", "group"),
        (["help", "rnu"], "Unknown subcommand 'rnu'. Did you mean 'run'?", ""),
        (["run", "in", "--rounds"], "Missing value for '--rounds <n>'.", "run"),
        (["run", "in", "--rounds", "--quick"], "Missing value for '--rounds <n>'.", "run"),
        (["run", "in", "--rounds="], "Missing value for '--rounds <n>'.", "run"),
        (
            ["run", "in", "--rounds", "many"],
            "The value 'many' is invalid for '--rounds <n>': expected a whole number from 1 to 100.", "run"
        ),
        (
            ["run", "in", "--rounds", "0"],
            "The value '0' is invalid for '--rounds <n>': expected a whole number from 1 to 100.", "run"
        ),
        (
            ["run", "in", "--rounds", "-3"],
            "The value '-3' is invalid for '--rounds <n>': expected a whole number from 1 to 100.", "run"
        ),
        (
            ["run", "in", "--rounds=2.5"],
            "The value '2.5' is invalid for '--rounds <n>': expected a whole number from 1 to 100.", "run"
        ),
        (
            ["run", "in", "--ratio", "1.5"],
            "The value '1.5' is invalid for '--ratio <x>': expected a number from 0 to 1.", "run"
        ),
        (
            ["run", "in", "--format", "xml"],
            "The value 'xml' is invalid for '--format <format>'. Please provide one of 'text' and 'json'.", "run"
        ),
        (
            ["run", "in", "--quick=yes"],
            "The option '--quick' does not take any value, but 'yes' was specified.", "run"
        ),
        (["run", "in", "extra"], "Unexpected argument 'extra'.", "run"),
        (["run"], "Missing expected argument '<input>'.", "run"),
        (["group", "leaf", "x"], "Unexpected argument 'x'.", "group leaf"),
    ]

    @Test(arguments: misuses)
    func misuseExits64WithThreeLinesOnStandardError(arguments: [String], error: String, command: String) async {
        let result = await invoke(arguments, commands: DemoTool.tool)
        #expect(result.exitCode == 64)
        #expect(result.standardOutput.isEmpty)
        let path = (["demo"] + command.split(separator: " ").map(String.init)).joined(separator: " ")
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "three lines and the final newline")
        #expect(lines.first.map(String.init) == "Error: \(error)")
        #expect(lines.dropFirst().first?.hasPrefix("Usage: \(path)") == true)
        #expect(lines.dropFirst(2).first.map(String.init) == "  See '\(path) --help' for more information.")
    }

    @Test func usageLineIsTheCommandSynopsis() async {
        let result = await invoke(["run", "in", "--rouns", "3"], commands: DemoTool.tool)
        #expect(
            result.standardError == """
                Error: Unknown option '--rouns'. Did you mean '--rounds'?
                Usage: demo run <input> [--rounds <n>] [--format <format>] [--a-very-long-option-name <value>] \
                [--ratio <x>] [--quick]
                  See 'demo run --help' for more information.

                """
        )
    }

    @Test func requiredOptionsAreEnforcedAndShownWithoutBrackets() async {
        // `ab` requires --base (drive's --preset and --workload are required only without --url).
        let result = await invoke(["ab", "--suite", "quick"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.hasPrefix("Error: Missing expected argument '--base <ref>'.\n"))
        #expect(result.standardError.contains("Usage: perfgate ab --base <ref> [--head"))
        let drive = await invoke(["drive", "--workload", "steady"])
        #expect(drive.exitCode == 64)
        #expect(drive.standardError.hasPrefix("Error: Missing expected argument '--preset <preset>'.\n"))
    }

    @Test func negativeNumbersAreTakenAsValues() async {
        let tool = CommandSet(
            root: Command(
                "t",
                abstract: "T.",
                subcommands: [
                    Command(
                        "shift",
                        abstract: "Shift.",
                        arguments: [.option("--by", value: "n", type: .integer, help: "By.")]
                    ) { parsed in
                        parsed.standardOutput.writeLine("\(try parsed.int("--by") ?? 0)")
                        return 0
                    }
                ]
            ),
            version: "1"
        )
        #expect(await invoke(["shift", "--by", "-4"], commands: tool).standardOutput == "-4\n")
    }

    @Test func realCommandsReportMisuseWithTheirOwnUsage() async {
        let result = await invoke(["run", "--rouns", "3"])
        #expect(result.exitCode == 64)
        #expect(
            result.standardError == """
                Error: Unknown option '--rouns'. Did you mean '--rounds'?
                Usage: perfgate run [--suite <name-or-path>] [--quick] [--rounds <n>] [--output <file>] \
                [--format <format>] [--slowdown <percent>]
                  See 'perfgate run --help' for more information.

                """
        )
    }

    @Test(arguments: [
        ["check", "--baseline"], ["compare", "a.json"], ["compare", "a", "b", "c"], ["serve", "--port", "70000"],
        ["drive", "--preset", "p", "--workload", "w", "--rate", "fast"], ["presets", "show"], ["presets", "shwo"],
        ["baseline", "update", "--form", "x.json"], ["list", "--format", "json"], ["run", "--format", "yaml"],
    ])
    func realCommandMisuseExits64(arguments: [String]) async {
        let result = await invoke(arguments)
        #expect(result.exitCode == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("Error: "))
    }
}
