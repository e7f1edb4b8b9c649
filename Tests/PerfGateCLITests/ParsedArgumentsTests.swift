import PerfGate
import Testing

@testable import PerfGateCLI

@Suite struct ParsedArgumentsTests {
    static let command = Command(
        "probe",
        abstract: "Probe.",
        arguments: [
            .positional("first", help: "First."),
            .positional("second", isOptional: true, help: "Second."),
            .option("--count", value: "n", help: "A plain-string option read as a number."),
            .option("--port", value: "port", type: .integer(in: 1...65_535), default: "9464", help: "Port."),
            .option("--format", value: "format", type: .choice(of: ReportFormat.self), help: "Format."),
            .flag("--quick", help: "Quick."),
        ]
    ) { _ in 0 }

    func parsed(
        options: [String: String] = [:],
        flags: Set<String> = [],
        positionals: [String] = ["a"]
    ) -> ParsedArguments {
        ParsedArguments(
            commandPath: ["perfgate", "probe"],
            command: Self.command,
            options: options,
            flags: flags,
            positionals: positionals
        )
    }

    @Test func typedAccessorsConvertValuesAndDefaults() throws {
        let arguments = parsed(options: ["--count": "12", "--format": "junit"], flags: ["--quick"])
        #expect(try arguments.int("--count") == 12)
        #expect(try arguments.double("--count") == 12.0)
        #expect(try arguments.int("--port") == 9464)
        #expect(try arguments.choice("--format", as: ReportFormat.self) == .junit)
        #expect(try arguments.flag("--quick"))
        #expect(try arguments.isSpecified("--count"))
        #expect(try !arguments.isSpecified("--port"))
    }

    @Test func absentValuesReadAsNilOrFalse() throws {
        let arguments = parsed()
        #expect(try arguments.int("--count") == nil)
        #expect(try arguments.choice("--format", as: ReportFormat.self) == nil)
        #expect(try !arguments.flag("--quick"))
        #expect(try arguments.string("second") == nil)
    }

    @Test func positionalsReadByIndexOrName() throws {
        let arguments = parsed(positionals: ["a", "b"])
        #expect(try arguments.positional(0) == "a")
        #expect(try arguments.positional(1) == "b")
        #expect(try arguments.string("second") == "b")
    }

    @Test func aMissingPositionalIsAUsageError() {
        #expect {
            try parsed().positional(1)
        } throws: { error in
            (error as? PerfGateCLIError)?.code == .missingArgument
        }
    }

    @Test(arguments: ["twelve", "1e3", "", "9999999999999999999999"])
    func aNonIntegerIsAUsageErrorNamingTheOption(value: String) {
        #expect {
            try parsed(options: ["--count": value]).int("--count")
        } throws: { error in
            guard let error = error as? PerfGateCLIError else { return false }
            return error.isUsageError
                && error.message == "The value '\(value)' is invalid for '--count <n>': expected a whole number."
        }
    }

    @Test func anOutOfRangeValueIsAUsageError() {
        #expect {
            try parsed(options: ["--port": "0"]).int("--port")
        } throws: { error in
            (error as? PerfGateCLIError)?.message
                == "The value '0' is invalid for '--port <port>': expected a whole number from 1 to 65535."
        }
    }

    @Test func undeclaredNamesAreReportedAsTableMistakes() {
        for read in [
            { try parsed().string("--nope") as Any },
            { try parsed().flag("--count") as Any },
            { try parsed().string("--quick") as Any },
            { try parsed().positional(5) as Any },
        ] {
            #expect {
                try read()
            } throws: { error in
                guard let error = error as? PerfGateCLIError else { return false }
                return error.code == .undeclaredArgument && !error.isUsageError && error.exitCode == .failure
            }
        }
    }
}
