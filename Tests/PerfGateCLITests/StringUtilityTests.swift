import Testing

@testable import PerfGateCLI

@Suite struct StringUtilityTests {
    @Test func wrappingBreaksAtSpacesAndIndents() {
        #expect("aaa bbb ccc".wrapped(to: 8) == "aaa bbb\nccc")
        #expect("aaa bbb ccc".wrapped(to: 10, indent: 2) == "  aaa bbb\n  ccc")
        #expect("averyveryverylongword x".wrapped(to: 8) == "averyveryverylongword\nx")
        #expect("one\n\ntwo".wrapped(to: 20, indent: 3) == "   one\n\n   two")
    }
}
