import Foundation
import Testing

@testable import PerfGate

/// Change points placed on history records: regression or improvement, new or old, too short.
@Suite struct HistoryChangeAnalysisTests {
    /// A log with `before` runs at P95 `from` and `after` runs at P95 `to`, ±0.5 % wobble.
    static func log(
        before: Int,
        after: Int,
        from: Double,
        to: Double,
        invalid: Set<Int> = [],
        selection: HistorySelection = HistorySelection(metric: "latency_p95_ms")
    ) throws -> HistoryLog {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        for index in 0..<(before + after) {
            let p95 = (index < before ? from : to) * HistoryTestFixtures.wobble(index)
            let result = HistoryTestFixtures.result(
                commit: String(format: "c%011d", index),
                run: index,
                p95: p95,
                valid: !invalid.contains(index)
            )
            _ = try store.append(try HistoryTestFixtures.record(result))
        }
        return try HistoryReader.read(
            store.path(forSuite: "history-test"),
            suite: "history-test",
            selection: selection
        )
    }

    @Test func aRiseOfALatencyAtTheNewestRunsIsANewRegression() throws {
        let log = try Self.log(before: 40, after: 6, from: 10, to: 12)
        let changes = HistoryChangeAnalysis().changes(in: try #require(log.series.first), of: log)
        #expect(changes.status == .tested)
        let change = try #require(changes.changes.first)
        #expect(changes.changes.count == 1)
        #expect(change.changePoint.index == 40)
        #expect(change.entry.commit == "c00000000040")
        #expect(change.previousEntry.commit == "c00000000039")
        #expect(change.commitRange == "c00000000039..c00000000040")
        #expect(change.isRegression)
        #expect(change.isNew)
        #expect(!change.crossesMachines)
        #expect(changes.newRegressions.count == 1)
    }

    @Test func aFallOfALatencyIsAnImprovement() throws {
        let log = try Self.log(before: 40, after: 6, from: 12, to: 10)
        let changes = HistoryChangeAnalysis().changes(in: try #require(log.series.first), of: log)
        let change = try #require(changes.changes.first)
        #expect(!change.isRegression)
        #expect(change.isNew)
        #expect(changes.newRegressions.isEmpty)
    }

    @Test func aChangeOlderThanTheNewestWindowIsNotNew() throws {
        let log = try Self.log(before: 20, after: 30, from: 10, to: 12)
        let analysis = HistoryChangeAnalysis()
        #expect(analysis.newestWindow == 2 * ChangePointConfiguration.default.minimumSegment)
        let changes = analysis.changes(in: try #require(log.series.first), of: log)
        let change = try #require(changes.changes.first)
        #expect(change.isRegression && !change.isNew)
        let wide = HistoryChangeAnalysis(newestWindow: 30).changes(in: try #require(log.series.first), of: log)
        #expect(wide.changes.first?.isNew == true)
    }

    @Test func aFallOfThroughputIsARegression() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: Array(repeating: 10, count: 46), to: store) { index in
            (index < 40 ? 3000 : 2600) * HistoryTestFixtures.wobble(index)
        }
        let log = try HistoryReader.read(
            store.path(forSuite: "history-test"),
            suite: "history-test",
            selection: HistorySelection(metric: "throughput_rps")
        )
        let changes = HistoryChangeAnalysis().changes(in: try #require(log.series.first), of: log)
        #expect(changes.changes.map(\.isRegression) == [true])
    }

    @Test func aSeriesShorterThanTheDetectorNeedsIsSaidToBeTooShort() throws {
        let count = HistoryChangeAnalysis().minimumSeriesLength - 1
        let log = try Self.log(before: count, after: 0, from: 10, to: 10)
        let changes = HistoryChangeAnalysis().changes(in: try #require(log.series.first), of: log)
        #expect(changes.status == .tooShort(minimum: HistoryChangeAnalysis().minimumSeriesLength))
        #expect(changes.changes.isEmpty)
    }

    @Test func invalidRunsAreLeftOutOfTheSeries() throws {
        let log = try Self.log(before: 40, after: 6, from: 10, to: 12, invalid: [3, 41])
        let changes = HistoryChangeAnalysis().changes(in: try #require(log.series.first), of: log)
        #expect(changes.invalidPoints == 2)
        #expect(changes.series.points.count == 44)
        #expect(changes.changes.first?.entry.commit == "c00000000040")
    }
}
