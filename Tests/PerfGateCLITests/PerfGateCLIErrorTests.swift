import Testing

@testable import PerfGateCLI

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = PerfGateCLIError(code: "x", message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = PerfGateCLIError(code: "x", message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}
