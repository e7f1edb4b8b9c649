import Testing

@testable import PerfGate

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = PerfGateError(code: "x", message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = PerfGateError(code: "x", message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}
