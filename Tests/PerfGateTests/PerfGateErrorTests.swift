import Foundation
import PerfHTTP
import Testing

@testable import PerfGate

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = PerfGateError(code: .resultMalformed, message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = PerfGateError(code: .resultMalformed, message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}

/// Every module's error codes, read from its sources (so one test serves all five modules).
@Test(arguments: ["PerfGate", "PerfGateCLI", "PerfHTTP", "StreamService", "Workloads"])
func everyCodeIsUniqueAndAStaticMemberNamedAsItsLowerCamelCaseRawValue(module: String) throws {
    let declared = try declaredCodes(inModule: module)
    #expect(!declared.codes.isEmpty)
    #expect(declared.uses == declared.codes.count, "Every code is a `static let` of `Code`, never built at run time.")
    for code in declared.codes {
        #expect(code.name == code.rawValue)
        #expect(code.rawValue.wholeMatch(of: /[a-z][A-Za-z0-9]*/) != nil, "'\(code.rawValue)' is not lowerCamelCase.")
    }
    #expect(Set(declared.codes.map(\.rawValue)).count == declared.codes.count, "Two codes share a raw value.")
}

@Test func theMalformedInputCodesAreEverySuiteCodeAndTheResultContentCodes() throws {
    let codes = try declaredCodes(inModule: "PerfGate").codes.map { PerfGateError.Code(rawValue: $0.rawValue) }
    let suiteCodes = codes.filter { $0.rawValue.hasPrefix("suite") }
    #expect(suiteCodes.count == 5)
    let resultCodes: [PerfGateError.Code] = [.resultUnreadable, .resultTooLarge, .resultMalformed, .resultSchema]
    #expect(Set(codes.filter(\.isMalformedInput)) == Set(suiteCodes + resultCodes))
}

@Test func theInvalidRunCodesAreTheServiceCodesAndTheHTTPTargets() throws {
    let codes = try declaredCodes(inModule: "PerfGate").codes.map { PerfGateError.Code(rawValue: $0.rawValue) }
    let serviceCodes = codes.filter { $0.rawValue.hasPrefix("service") }
    #expect(serviceCodes.count == 3)
    #expect(Set(codes.filter(\.isInvalidRun)) == Set(serviceCodes + [.runHTTPTarget]))
    #expect(codes.filter { $0.isInvalidRun && $0.isMalformedInput }.isEmpty)
}

@Test func everyEndpointCodeHasAServeCodeOfItsOwnNamedAfterIt() throws {
    let endpointCodes = try declaredCodes(inModule: "PerfHTTP").codes.map { PerfHTTPError.Code(rawValue: $0.rawValue) }
    #expect(!endpointCodes.isEmpty)
    for endpointCode in endpointCodes {
        let name = endpointCode.rawValue
        let expected = "serve" + name.prefix(1).uppercased() + String(name.dropFirst())
        #expect(PerfGateError.Code(serving: endpointCode).rawValue == expected)
    }
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
