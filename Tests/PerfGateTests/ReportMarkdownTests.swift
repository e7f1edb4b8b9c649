import Foundation
import Testing

@testable import PerfGate

@Suite struct ReportMarkdownTests {
    static let fixture = ReportFixture.make()

    static func render(_ report: ComparisonReport = fixture.report, current: RunResult = fixture.current) -> String {
        MarkdownReport().render(report, current: current, baseline: fixture.baseline)
    }

    /// The data rows of the first table after a line, up to the next blank line.
    static func tableRows(after marker: String, in text: String) throws -> [String] {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(marker) })
        let table = lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return Array(table.dropFirst(2))
    }

    /// The number of cell separators of a row: pipes not escaped with a backslash.
    static func separators(in row: String) -> Int {
        var count = 0
        var previous: Character?
        for character in row {
            if character == "|" && previous != "\\" { count += 1 }
            previous = previous == "\\" && character == "\\" ? nil : character
        }
        return count
    }

    @Test func headsTheCommentWithTheVerdictAndExitCode() {
        let text = Self.render()
        #expect(text.hasPrefix("## ❌ PerfGate: TARGET MISSED (exit 3)\n"))
        #expect(text.contains("metrics: 1 regressed, 1 improved, 8 unchanged, 2 inconclusive"))
        #expect(text.contains("targets: 6 pass, 1 at risk, 1 fail"))
        #expect(text.contains("commit c0ffee123456 against baseline ba5e11ne9876"))
    }

    @Test func putsRegressionsAtTheTopOfTheGatedAndChangedTable() throws {
        let rows = try Self.tableRows(after: "### Gated and changed metrics", in: Self.render())
        let report = Self.fixture.report
        let expected = report.comparisons.filter {
            $0.isGated || $0.verdict != .unchanged && $0.verdict != .inconclusive
        }
        #expect(rows.count == expected.count)
        #expect(rows.first?.contains("latency_p95_ms") == true)
        #expect(rows.first?.contains("**REGRESSED**") == true)
        #expect(rows.first?.contains("+29.3% \\[+28.4%, +30.8%\\]") == true)
        #expect(rows.dropFirst().prefix(2).allSatisfy { $0.contains("inconclusive") })
        #expect(rows[3].contains("improved"))
        #expect(!rows.contains { $0.contains("cpu_percent") || $0.contains("error_rate") })
    }

    @Test func listsEveryRowInsideDetails() throws {
        let text = Self.render()
        let details = try #require(text.range(of: "<details><summary>All 12 compared metrics</summary>"))
        let end = try #require(text.range(of: "</details>"))
        #expect(details.upperBound < end.lowerBound)
        let rows = try Self.tableRows(after: "<details>", in: text)
        #expect(rows.count == Self.fixture.report.comparisons.count)
        #expect(rows.contains { $0.contains("cpu_percent") && $0.contains("unchanged") })
    }

    @Test func showsTargetsWithTheirResults() throws {
        let rows = try Self.tableRows(after: "### Targets", in: Self.render())
        #expect(rows.count == 8)
        #expect(rows.filter { $0.hasSuffix("❌ FAIL |") }.count == 1)
        #expect(rows.filter { $0.hasSuffix("⚠️ at risk |") }.count == 1)
        #expect(rows.filter { $0.hasSuffix("✅ pass |") }.count == 6)
    }

    @Test func escapesPipesAndHTMLInCells() throws {
        let named = ReportFixture.make(spikeName: "a|b <img src=x>")
        var report = named.report
        report.warnings = ["Preset `x|y` differs."]
        let text = MarkdownReport().render(report, current: named.current, baseline: named.baseline)
        #expect(text.contains("a\\|b &lt;img src=x&gt;"))
        #expect(!text.contains("a|b"))
        #expect(!text.contains("<img"))
        #expect(text.contains("- Preset \\`x\\|y\\` differs."))
        for marker in ["### Gated and changed metrics", "<details>"] {
            for row in try Self.tableRows(after: marker, in: text) {
                #expect(Self.separators(in: row) == 9, "\(row)")
            }
        }
        for row in try Self.tableRows(after: "### Targets", in: text) {
            #expect(Self.separators(in: row) == 8, "\(row)")
        }
    }

    @Test func passesWithACheckMarkWhenNothingFailed() {
        var report = Self.fixture.report
        report.outcome = ComparisonOutcome(
            hasRegression: false,
            hasTargetFailure: false,
            hasInvalidRun: false,
            inconclusive: []
        )
        let text = Self.render(report)
        #expect(text.hasPrefix("## ✅ PerfGate: PASS (exit 0)\n"))
        #expect(!text.contains("Measure again"))
    }
}
