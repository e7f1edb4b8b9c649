import Testing

@testable import PerfSupport

@Suite struct VisibleWidthTests {
    @Test func visibleWidthSkipsEscapeSequences() {
        #expect("plain".visibleWidth == 5)
        #expect("\u{1B}[1;31mbold red\u{1B}[0m".visibleWidth == 8)
        #expect("é✓".visibleWidth == 2)
    }
}
