import Foundation
import Testing

@testable import PerfGate

/// `history show` and `history changes` in every format.
@Suite struct HistoryReportTests {
    static func report() throws -> HistoryChangeReport {
        let log = try HistoryChangeAnalysisTests.log(before: 40, after: 6, from: 10, to: 12, selection: .everything)
        let analysis = HistoryChangeAnalysis()
        return HistoryChangeReport(
            store: "store<dir>",
            configuration: analysis.configuration,
            newestWindow: analysis.newestWindow,
            series: log.series.map { analysis.changes(in: $0, of: log) },
            warnings: [HistoryWarning(path: "store/x.jsonl", line: 7, reason: "it is not JSON")]
        )
    }

    @Test func showPrintsCommitTimeMedianAndIntervalInEachFormat() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: [10, 12], to: store)
        let log = try HistoryReader.read(
            store.path(forSuite: "history-test"),
            suite: "history-test",
            selection: HistorySelection(metric: "latency_p95_ms")
        )
        let text = HistorySeriesReporter(format: .text).render([log])
        #expect(
            text.contains("history-test · balanced/steady · latency_p95_ms (ms, lower is better, gated) · 2 records")
        )
        #expect(text.contains("c00000000001"))
        #expect(text.contains("12 ms"))
        #expect(text.contains("[11.88, 12.12] 93.8%"))
        #expect(text.contains("2026-11-01T01:00:00.000Z"))

        let markdown = HistorySeriesReporter(format: .markdown).render([log])
        #expect(markdown.contains("| line | commit | time | median | interval | rounds | |"))
        #expect(markdown.contains("`c00000000000`"))

        let json = HistorySeriesReporter(format: .json).render([log])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let series = try #require(document["series"] as? [[String: Any]])
        #expect(series.count == 1)
        let points = try #require(series[0]["points"] as? [[String: Any]])
        #expect(points.map { $0["median"] as? Double } == [10, 12])
        #expect(points[1]["commit"] as? String == "c00000000001")
        #expect(abs((points[1]["lower"] as? Double ?? 0) - 11.88) < 1e-9)
    }

    @Test func changesTextNamesTheCommitsTheChangeAndTheVerdict() throws {
        let text = HistoryChangeReporter(format: .text).render(try Self.report())
        #expect(text.contains("c00000000039..c00000000040"))
        #expect(text.contains("regression, new"))
        #expect(text.contains("10.00 ms → 12.01 ms"))
        #expect(text.contains("+20.1%"))
        #expect(text.contains("throughput_rps: no change point in 46 runs."))
        #expect(text.contains("1 regression (1 new)"))
    }

    @Test func changesMarkdownHasATableAndTheSummary() throws {
        let markdown = HistoryChangeReporter(format: .markdown).render(try Self.report())
        #expect(markdown.hasPrefix("## PerfGate history: 1 new regression"))
        #expect(markdown.contains("`c00000000039..c00000000040`"))
        #expect(markdown.contains("**regression, new**"))
    }

    @Test func changesJSONHoldsEveryFieldOfAChange() throws {
        let json = HistoryChangeReporter(format: .json).render(try Self.report())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["newRegressions"] as? Int == 1)
        let series = try #require(document["series"] as? [[String: Any]])
        let p95 = try #require(series.first { $0["metric"] as? String == "latency_p95_ms" })
        let change = try #require((p95["changes"] as? [[String: Any]])?.first)
        #expect(change["commit"] as? String == "c00000000040")
        #expect(change["previousCommit"] as? String == "c00000000039")
        #expect(change["regression"] as? Bool == true)
        #expect(change["new"] as? Bool == true)
        #expect(change["index"] as? Int == 40)
        #expect((change["relativeChange"] as? Double).map { $0 > 0.1 } == true)
        #expect((change["interval"] as? [String: Double])?["lower"] != nil)
        #expect(change["pValue"] is Double)
        let skipped = try #require(document["skipped"] as? [[String: Any]])
        #expect(skipped.first?["line"] as? Int == 7)
    }

    @Test func changesHTMLIsOnePageWithATrendChartPerSeriesAndTheChangeMarked() throws {
        let html = HistoryChangeReporter(format: .html).render(try Self.report())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        // One chart per tested series: throughput, P95 and CPU.
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("class=\"changepoint bad\""))
        #expect(html.contains("store&lt;dir&gt;"))
        #expect(html.contains("banner bad"))
        #expect(html.contains("c000000..") == false)
    }

    @Test func aLongSeriesIsDrawnFromAtMostTheMaximumColumns() throws {
        var series = HistorySeries(scenario: "s", metric: "latency_p95_ms")
        let entry = HistoryEntry(
            line: 1,
            run: "r",
            commit: "c",
            isDirty: nil,
            time: "t",
            environment: HistoryEnvironment(
                hostname: "h",
                machineID: nil,
                bootID: nil,
                cpuModel: "",
                logicalCores: 1,
                buildConfiguration: ""
            )
        )
        let measurement = HistoryMeasurement(
            median: 1,
            lower: 0.9,
            upper: 1.1,
            confidence: 0.95,
            rounds: 5,
            unit: "ms",
            better: .lower,
            isGated: true
        )
        series.points = (0..<10_000).map { _ in HistorySeries.Point(entry: 0, measurement: measurement, isValid: true) }
        let changes = HistorySeriesChanges(
            suite: "x",
            series: series,
            entries: [entry],
            invalidPoints: 0,
            status: .tested,
            changes: []
        )
        let svg = try #require(HistoryTrendChart(changes: changes).svg)
        let polyline = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<polyline") })
        let pairs = polyline.split(separator: " ").filter { $0.contains(",") }.count
        #expect(pairs <= HistoryTrendChart.maximumColumns)
        #expect(pairs >= HistoryTrendChart.maximumColumns / 2)
    }
}
