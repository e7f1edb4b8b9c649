import Foundation
import Testing

@testable import PerfGate

@Suite struct ReportTextTests {
    static let fixture = ReportFixture.make()

    static func render(colors: Bool = false) -> String {
        TextReport(colors: colors).render(fixture.report, current: fixture.current, baseline: fixture.baseline)
    }

    /// The lines of the table whose header starts with `header`, up to the next blank line.
    static func table(startingWith header: String, in text: String) throws -> [String] {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(header) })
        return Array(lines[start...].prefix { !$0.isEmpty })
    }

    /// Removes ANSI escape sequences.
    static func stripped(_ text: String) -> String {
        text.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }

    /// Where each title of a heading starts, in characters.
    static func starts(of titles: [String], in heading: String) throws -> [Int] {
        try titles.map { title in
            let range = try #require(heading.range(of: title))
            return heading.distance(from: heading.startIndex, to: range.lowerBound)
        }
    }

    @Test func listsEveryComparisonUnderItsScenarioWithItsVerdict() throws {
        let table = try Self.table(startingWith: "METRIC ", in: Self.render())
        let report = Self.fixture.report
        let rows = table.dropFirst().filter { $0.hasPrefix("  ") }
        #expect(rows.count == report.comparisons.count)
        #expect(table.filter { !$0.hasPrefix("  ") }.dropFirst() == [ReportFixture.steady, ReportFixture.spike])
        for (line, row) in zip(rows, report.comparisons) {
            #expect(line.hasPrefix("  " + row.metric + (row.isGated ? "* " : " ")))
            #expect(line.hasSuffix(row.verdict.label))
        }
        let regressed = try #require(rows.first { $0.hasPrefix("  latency_p95_ms") })
        #expect(regressed.contains("12.02 ms"))
        #expect(regressed.contains("15.55 ms"))
        #expect(regressed.contains("+29.3% [+28.4%, +30.8%]"))
        #expect(regressed.hasSuffix("REGRESSED"))
        #expect(rows.contains { $0.hasPrefix("  peak_rss_mb*") && $0.hasSuffix("improved") })
        #expect(rows.contains { $0.hasPrefix("  throughput_rps*") && $0.hasSuffix("inconclusive") })
    }

    @Test func startsEveryColumnAtTheSameCharacterInEveryRow() throws {
        let text = Self.render()
        let tables = [
            (try Self.table(startingWith: "METRIC ", in: text), ["VERDICT"], ["BASELINE", "CURRENT"]),
            (
                try Self.table(startingWith: "TARGET ", in: text), ["INTERVAL", "RESULT"],
                ["MEDIAN", "BOUND", "CONFIDENCE"]
            ),
        ]
        for (table, leftTitles, rightTitles) in tables {
            let heading = table[0]
            let leftStarts = try Self.starts(of: leftTitles, in: heading)
            let rightEnds = try zip(Self.starts(of: rightTitles, in: heading), rightTitles).map { $0 + $1.count }
            let rows = table.dropFirst().filter { $0.hasPrefix("  ") }
            #expect(rows.count >= 8)
            for line in rows {
                let characters = Array(line)
                for start in leftStarts {
                    #expect(characters.count > start)
                    #expect(characters[start - 2] == " " && characters[start - 1] == " ", "\(line)")
                    #expect(characters[start] != " ", "column at \(start) in \(line)")
                }
                for end in rightEnds {
                    #expect(characters[end - 1] != " " && characters[end] == " ", "column ending at \(end) in \(line)")
                }
            }
        }
        // The intervals line up too: every '[' of the change column is at the same place.
        let metricRows = try Self.table(startingWith: "METRIC ", in: text).dropFirst().filter { $0.hasPrefix("  ") }
        let offsets = Set(
            metricRows.compactMap { line in
                line.firstIndex(of: "[").map { line.distance(from: line.startIndex, to: $0) }
            }
        )
        #expect(offsets.count == 1)
    }

    @Test func writesNoEscapeSequencesWithoutColors() {
        #expect(!Self.render(colors: false).contains("\u{1B}"))
    }

    @Test func paintsVerdictsWhenColorsAreOnWithoutMovingColumns() {
        let painted = Self.render(colors: true)
        #expect(painted.contains("\u{1B}[31mREGRESSED\u{1B}[0m"))
        #expect(painted.contains("\u{1B}[32mimproved\u{1B}[0m"))
        #expect(painted.contains("\u{1B}[33minconclusive\u{1B}[0m"))
        #expect(painted.contains("\u{1B}[31mFAIL\u{1B}[0m"))
        #expect(painted.contains("\u{1B}[33mat risk\u{1B}[0m"))
        #expect(painted.contains("\u{1B}[32mpass\u{1B}[0m"))
        #expect(Self.stripped(painted) == Self.render(colors: false))
    }

    @Test func endsWithTheVerdictAndExitCode() throws {
        let lines = Self.render().split(separator: "\n")
        let last = try #require(lines.last)
        #expect(last == "Verdict: TARGET MISSED (exit 3): an absolute target was missed.")
    }

    @Test func fitsInOneHundredColumns() {
        for line in Self.render().split(separator: "\n") {
            #expect(line.count <= 100, "\(line.count) columns: \(line)")
        }
    }

    @Test func showsTargetsWarningsAndFindings() {
        var report = Self.fixture.report
        report.warnings = ["The CPU models differ: baseline 'A', current 'B'."]
        report.findings = [
            ComparisonFinding(
                kind: .missingScenario,
                side: .current,
                scenario: "gone",
                metric: nil,
                message: "Scenario 'gone' of the baseline is missing from the current run."
            )
        ]
        let text = TextReport().render(report, current: Self.fixture.current, baseline: nil)
        #expect(text.contains("Baseline:  none"))
        #expect(text.contains("≤ 100 MB  [119.6, 120.9] MB"))
        #expect(text.contains("Targets: 6 pass, 1 at risk, 1 fail\n"))
        #expect(text.contains("Warnings:\n  - The CPU models differ: baseline 'A', current 'B'."))
        #expect(text.contains("Findings:\n  - [missingScenario] Scenario 'gone' of the baseline is missing"))
        #expect(
            text.contains(
                "Measure again: throughput_rps (high-throughput/spike), latency_p95_ms (high-throughput/spike)"
            )
        )
    }

    @Test func saysSoWhenNothingWasCompared() {
        var report = Self.fixture.report
        report.comparisons = []
        report.targetChecks = []
        report.outcome = ComparisonOutcome(
            hasRegression: false,
            hasTargetFailure: false,
            hasInvalidRun: false,
            inconclusive: []
        )
        let text = TextReport().render(report, current: Self.fixture.current, baseline: nil)
        #expect(text.contains("No metrics were compared."))
        #expect(text.contains("No targets were judged."))
        #expect(
            text.hasSuffix("Verdict: PASS (exit 0): no gated metric regressed and every target was met or at risk.\n")
        )
    }
}
