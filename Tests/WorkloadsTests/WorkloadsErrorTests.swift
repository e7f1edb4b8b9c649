import Foundation
import PerfSupport
import Testing

@testable import Workloads

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Test func errorDescriptionCarriesMessageAndCause() {
    let plain = WorkloadsError(code: .invalidDriver, message: "The value is wrong.")
    #expect(plain.description == "The value is wrong.")
    let caused = WorkloadsError(code: .invalidDriver, message: "The value is wrong.", cause: "because")
    #expect(caused.description == "The value is wrong. (because)")
}

@Test func refusedThreadIsNamedWithTheSystemsReasonAsTheCause() {
    let error = WorkloadsError.threadStartFailed(ThreadStartError(threadName: "open-loop sender", errorNumber: EAGAIN))
    #expect(error.code == .threadStartFailed)
    #expect(
        error.message
            == "The load driver could not start its open-loop sender thread (pthread_create returned \(EAGAIN))."
    )
    #expect(error.cause == String(cString: strerror(EAGAIN)))
}
