import Foundation
import PerfGate
import Testing

@testable import PerfGateCLI

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = PerfGateCLIError(code: .malformedInput, message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = PerfGateCLIError(code: .malformedInput, message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}

@Test func everyCodeEndsTheProcessWithItsExitCode() throws {
    let codes = try declaredCodes(inModule: "PerfGateCLI").codes
    let exits = Dictionary(
        uniqueKeysWithValues: codes.map {
            ($0.rawValue, PerfGateCLIError(code: .init(rawValue: $0.rawValue), message: "").exitCode)
        }
    )
    let expected: [String: ExitCode] = [
        "usage": .usage, "unknownOption": .usage, "unknownSubcommand": .usage, "missingValue": .usage,
        "unexpectedValue": .usage, "invalidValue": .usage, "unexpectedArgument": .usage, "missingArgument": .usage,
        "malformedInput": .malformedInput, "baselineMissing": .baselineMissing, "undeclaredArgument": .failure,
        "failure": .failure, "invalidRun": .invalidRun,
    ]
    #expect(exits == expected)
}

@Test(arguments: [
    (PerfGateError.Code.serviceSpawn, ExitCode.invalidRun), (.serviceExited, .invalidRun),
    (.serviceNotReady, .invalidRun), (.suiteMalformed, .malformedInput), (.abGit, .failure),
])
func aLibraryErrorExitsWithTheCodeItsKindCallsFor(code: PerfGateError.Code, exit: ExitCode) {
    let error = GateCommands.cliError(PerfGateError(code: code, message: "The service did not start."))
    #expect(error.exitCode == exit)
    #expect(error.message == "The service did not start.")
}

/// The codes a module declares, read from its sources in this checkout: the name and raw value of
/// each `static let name = Code(rawValue: "rawValue")`, and how many times `Code(rawValue:` occurs
/// in all (more than the declarations when a code is also built somewhere else, such as at run time).
///
/// - Parameter module: The module's folder under `Sources`, such as `PerfGate`.
func declaredCodes(inModule module: String) throws -> (codes: [(name: String, rawValue: String)], uses: Int) {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/" + module)
    var codes: [(name: String, rawValue: String)] = []
    var uses = 0
    for file in try FileManager.default.subpathsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
        let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
        uses += text.matches(of: /\bCode\(rawValue:/).count
        for match in text.matches(of: /static let (\w+) = Code\(rawValue: "([^"]*)"\)/) {
            codes.append((String(match.output.1), String(match.output.2)))
        }
    }
    return (codes, uses)
}
