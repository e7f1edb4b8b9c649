import Testing

@testable import Workloads

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = WorkloadsError(code: "x", message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = WorkloadsError(code: "x", message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}
