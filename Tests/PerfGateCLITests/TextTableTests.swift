import Testing

@testable import PerfGateCLI

@Suite struct TextTableTests {
    @Test func columnsAlignAndNumbersSitRight() {
        var table = TextTable(columns: [.init("scenario"), .init("p95 ms", alignment: .right), .init("verdict")])
        table.append(["balanced/steady", "12.4", "pass"])
        table.append(["low-latency/spike", "3.25", "REGRESSION"])
        table.append(["x", "1024.0", ""])
        #expect(
            table.rendered() == """
                scenario           p95 ms  verdict
                -----------------  ------  ----------
                balanced/steady      12.4  pass
                low-latency/spike    3.25  REGRESSION
                x                  1024.0

                """
        )
    }

    @Test func colouredCellsAlignByVisibleWidth() {
        let palette = Palette(isEnabled: true)
        var table = TextTable(columns: [.init("name"), .init("n", alignment: .right)])
        table.append([palette.red("ab"), "1"])
        table.append(["abcd", "22"])
        let lines = table.rendered().split(separator: "\n").map(String.init)
        #expect(lines[2] == "\u{1B}[31mab\u{1B}[0m     1")
        #expect(lines[3] == "abcd  22")
    }

    @Test func shortAndLongRowsArePaddedWithUntitledColumns() {
        let table = TextTable(columns: [.init("a")], rows: [["1", "extra"], []])
        #expect(table.rendered() == "a\n-  -----\n1  extra\n\n")
    }

    @Test func customSeparatorGoesBetweenColumns() {
        let table = TextTable(columns: [.init("a"), .init("b", alignment: .right)], rows: [["x", "10"]])
        #expect(table.rendered(separator: " | ") == "a |  b\n- | --\nx | 10\n")
    }

    @Test func visibleWidthSkipsEscapeSequences() {
        #expect("plain".visibleWidth == 5)
        #expect("\u{1B}[1;31mbold red\u{1B}[0m".visibleWidth == 8)
        #expect("é✓".visibleWidth == 2)
    }
}
