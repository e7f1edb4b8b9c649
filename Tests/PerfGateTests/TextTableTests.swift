import Testing

@testable import PerfGate

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
        var table = TextTable(columns: [.init("name"), .init("n", alignment: .right)])
        table.append(["\u{1B}[31mab\u{1B}[0m", "1"])
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

    @Test func spanningRowsAreWrittenAsGivenAndWidenNoColumn() {
        var table = TextTable(columns: [.init("metric"), .init("value", alignment: .right)])
        table.appendSpanning("a scenario name longer than every column")
        table.append(["  p95", "12.4"])
        table.appendSpanning("short")
        table.append(["  p99", "130.25"])
        #expect(
            table.lines(rule: false) == [
                "metric   value",
                "a scenario name longer than every column",
                "  p95     12.4",
                "short",
                "  p99   130.25",
            ]
        )
    }

    @Test func paintedHeadingsAndCellsKeepTheColumnsOfPlainOnes() {
        let bold = { (text: String) in "\u{1B}[1m\(text)\u{1B}[0m" }
        var painted = TextTable(columns: [.init(bold("NAME")), .init(bold("N"), alignment: .right)])
        painted.append(["ab", "\u{1B}[32m1\u{1B}[0m"])
        painted.append(["abcdef", "22"])
        let lines = painted.lines(rule: false)
        #expect(lines[0] == bold("NAME") + "     " + bold("N"))
        #expect(lines[1] == "ab       \u{1B}[32m1\u{1B}[0m")
        #expect(lines[2] == "abcdef  22")
    }

    @Test func anEmptyTableHasNoLines() {
        #expect(TextTable(columns: []).lines().isEmpty)
        #expect(TextTable(columns: []).rendered() == "")
    }
}
