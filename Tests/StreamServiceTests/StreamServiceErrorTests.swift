import Foundation
import Testing

@testable import StreamService

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = StreamServiceError(code: .configInvalid, message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = StreamServiceError(code: .configInvalid, message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}
